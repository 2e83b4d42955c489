// Loopback API stand-in for benchmarks, run as its own process so timing loops never share an
// event loop with it. Prints its base URL on stdout, then answers every GET with one organization.
import { createServer } from 'node:http';

const ORG = JSON.stringify({ id: '739224', name: 'Acme Energy', type: 'Vendor', email: 'ops@acme.example', organization_use: 'Production' });

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ORG) });
    res.end(ORG);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
