// The floor for any fetch-based CLI: one fetch, print the JSON. Same request epi sends.
const [url, token] = process.argv.slice(2);
const res = await fetch(`${url}/v2/organization/current`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
process.stdout.write(`${JSON.stringify(await res.json(), null, 2)}\n`);
