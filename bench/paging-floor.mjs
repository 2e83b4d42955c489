// The floor for `epi users list --all --ndjson`: node:http, 4 pages of GET /v2/users in flight,
// each page JSON.parsed and written as NDJSON in order, until the first short page. No retries, no
// checks: what any Node CLI must at least spend to page this listing at network speed.
import { get } from 'node:http';

const [url, token] = process.argv.slice(2);
const LIMIT = 50;
const WINDOW = 4;

const fetchPage = (offset) =>
  new Promise((resolve, reject) => {
    get(`${url}/v2/users?limit=${LIMIT}${offset ? `&offset=${offset}` : ''}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')).results));
    }).on('error', reject);
  });

const inFlight = [];
let next = 0;
const fill = () => {
  while (inFlight.length < WINDOW) {
    inFlight.push(fetchPage(next));
    next += LIMIT;
  }
};
fill();
for (;;) {
  const page = await inFlight.shift();
  if (page.length) process.stdout.write(`${page.map((u) => JSON.stringify(u)).join('\n')}\n`);
  if (page.length < LIMIT) break;
  fill();
}
// Read-ahead past the end is not waited for.
process.exit(0);
