// The physical floor for one request from Node: node:http (or node:https for an https URL), one
// GET, JSON.parse and print. No fetch, no undici: what any Node CLI must at least spend.
const [url, token] = process.argv.slice(2);
const { get } = await import(url.startsWith('https:') ? 'node:https' : 'node:http');
get(`${url}/v2/organization/current`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => process.stdout.write(`${JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')), null, 2)}\n`));
}).on('error', (error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
