/**
 * The networks admins have (issue 9 §6): an API behind a certificate authority of their own
 * (NODE_EXTRA_CA_CERTS) and proxies from the environment, as curl and gh read them. The built
 * binary talks to an https server on loopback with a self-signed certificate, through a proxy on
 * loopback that must see the CONNECT tunnel.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { makeToken } from '../helpers/token.js';

const ORG = { id: '739224', name: 'Acme Energy', type: 'Vendor' };
const dir = mkdtempSync(join(tmpdir(), 'epi-networks-'));
let api: HttpsServer;
let plainApi: HttpServer;
let proxy: HttpServer;
let apiUrl: string;
let plainApiUrl: string;
let proxyPort: number;
let caFile: string;
/** What the proxy saw: CONNECT targets and plain requests, with their Proxy-Authorization. */
const proxied: Array<{ method: string; target: string; auth?: string }> = [];

/** A self-signed certificate for 127.0.0.1, made now with openssl, or the checked-in test-only pair without it. */
function loopbackCertificate(): { key: string; cert: string } {
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } catch {
    const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
    return { key: fixture('loopback-key.pem'), cert: fixture('loopback-cert.pem') };
  }
}

const listen = async <S extends HttpServer | HttpsServer>(server: S): Promise<number> => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  const { key, cert } = loopbackCertificate();
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, cert);
  const answer = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ORG));
  };
  api = createHttpsServer({ key, cert }, answer);
  apiUrl = `https://127.0.0.1:${await listen(api)}`;
  plainApi = createHttpServer(answer);
  plainApiUrl = `http://127.0.0.1:${await listen(plainApi)}`;

  // A forward proxy: CONNECT tunnels for https, absolute-URI requests for http.
  proxy = createHttpServer((req, res) => {
    proxied.push({ method: req.method!, target: req.url!, auth: req.headers['proxy-authorization'] });
    const upstream = httpRequest(req.url!, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket, head) => {
    proxied.push({ method: 'CONNECT', target: req.url!, auth: req.headers['proxy-authorization'] });
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  proxyPort = await listen(proxy);
});

afterAll(async () => {
  for (const server of [api, plainApi, proxy]) {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
  }
});

beforeEach(() => {
  proxied.length = 0;
});

function epi(args: string[], env: Record<string, string>) {
  return runBin(args, { env: { EPI_CONFIG_DIR: join(dir, 'config'), EPILOT_TOKEN: makeToken(), ...env } });
}

describe('a certificate authority of your own', () => {
  it('NODE_EXTRA_CA_CERTS makes a self-signed https API trusted', async () => {
    const r = await epi(['org', 'current', '--json', 'id,name'], { EPILOT_ORGANIZATION_API_URL: apiUrl, NODE_EXTRA_CA_CERTS: caFile });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '739224', name: 'Acme Energy' });
  });

  it('without it the certificate is refused, in one line', async () => {
    const r = await epi(['org', 'current', '--max-retries', '0'], { EPILOT_ORGANIZATION_API_URL: apiUrl });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^error: Could not reach 127\\.0\\.0\\.1:\\d+ for GET ${apiUrl}/v2/organization/current: self-signed certificate`));
    expect(r.stdout).toBe('');
  });
});

describe('proxies from the environment', () => {
  it('HTTPS_PROXY tunnels https with CONNECT, sends the credentials of the proxy URL, and --debug names the proxy without them', async () => {
    const r = await epi(['org', 'current', '--json', 'id', '--debug'], {
      EPILOT_ORGANIZATION_API_URL: apiUrl,
      NODE_EXTRA_CA_CERTS: caFile,
      HTTPS_PROXY: `http://ops:s3cret@127.0.0.1:${proxyPort}`,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '739224' });
    expect(proxied).toEqual([{ method: 'CONNECT', target: new URL(apiUrl).host, auth: `Basic ${Buffer.from('ops:s3cret').toString('base64')}` }]);
    expect(r.stderr).toContain(`[debug]   via proxy http://***@127.0.0.1:${proxyPort}`);
    expect(r.stderr).not.toContain('s3cret');
  });

  it('lower-case https_proxy and ALL_PROXY are honoured too', async () => {
    for (const name of ['https_proxy', 'ALL_PROXY']) {
      proxied.length = 0;
      const r = await epi(['org', 'current', '--json', 'id'], { EPILOT_ORGANIZATION_API_URL: apiUrl, NODE_EXTRA_CA_CERTS: caFile, [name]: `http://127.0.0.1:${proxyPort}` });
      expect(r.code).toBe(0);
      expect(proxied.map((p) => p.method)).toEqual(['CONNECT']);
    }
  });

  it('HTTP_PROXY carries a plain http request', async () => {
    const r = await epi(['org', 'current', '--json', 'id'], { EPILOT_ORGANIZATION_API_URL: plainApiUrl, HTTP_PROXY: `http://127.0.0.1:${proxyPort}` });
    expect(r.code).toBe(0);
    expect(proxied).toEqual([{ method: 'GET', target: `${plainApiUrl}/v2/organization/current`, auth: undefined }]);
  });

  it('NO_PROXY sends a listed host directly', async () => {
    const r = await epi(['org', 'current', '--json', 'id', '--debug'], {
      EPILOT_ORGANIZATION_API_URL: apiUrl,
      NODE_EXTRA_CA_CERTS: caFile,
      HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`,
      no_proxy: 'example.com,127.0.0.1',
    });
    expect(r.code).toBe(0);
    expect(proxied).toEqual([]);
    expect(r.stderr).not.toContain('via proxy');
  });

  it('a proxy that refuses the connection is one clear line', async () => {
    const r = await epi(['org', 'current', '--max-retries', '0'], { EPILOT_ORGANIZATION_API_URL: apiUrl, NODE_EXTRA_CA_CERTS: caFile, HTTPS_PROXY: 'http://127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^error: Could not reach 127\.0\.0\.1:\d+ for GET .*: connection refused \(ECONNREFUSED\)\.$/);
  });
});
