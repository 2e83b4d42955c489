// Loopback API stand-in for benchmarks, run as its own process so timing loops never share an
// event loop with it. Prints its base URL on stdout, then answers every GET with one organization.
// With `--tls <cert.pem> <key.pem>` it serves https (trusted by the clients via NODE_EXTRA_CA_CERTS).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';

const ORG = JSON.stringify({ id: '739224', name: 'Acme Energy', type: 'Vendor', email: 'ops@acme.example', organization_use: 'Production' });

const answer = (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ORG) });
    res.end(ORG);
  });
};
const tls = process.argv.indexOf('--tls');
const server = tls > 0 ? createTlsServer({ cert: readFileSync(process.argv[tls + 1]), key: readFileSync(process.argv[tls + 2]) }, answer) : createServer(answer);
const scheme = tls > 0 ? 'https' : 'http';
server.listen(0, '127.0.0.1', () => process.stdout.write(`${scheme}://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
