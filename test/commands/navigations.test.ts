import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

const USER_API = 'https://user.sls.epilot.io';
const CONFIGURATION = {
  customer_relations: [{ key: 'dashboard' }, { key: 'contact' }],
  configurations: [{ name: 'Product Catalog', subItems: [{ key: 'product' }, { key: 'price' }] }, { key: 'journey' }],
};
const NAV = { id: '5gbe4nkp6jsfq', name: 'Sales Team Navigation', configuration: CONFIGURATION };

function file(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'epi-nav-')), 'nav.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('epi navigations create', () => {
  it('sends a --from-file body and prints the new id', async () => {
    nock(USER_API).post('/v2/user/navigations', { name: NAV.name, configuration: CONFIGURATION }).reply(201, NAV);
    const r = await runEpi(['navigations', 'create', '--from-file', file({ name: NAV.name, configuration: CONFIGURATION }), '--json', 'id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: '5gbe4nkp6jsfq' });
    expect(r.stderr).toContain('Created navigation "Sales Team Navigation" (5gbe4nkp6jsfq).');
  });

  it('builds the body from --name and --configuration-file', async () => {
    nock(USER_API).post('/v2/user/navigations', { name: 'Sales', configuration: CONFIGURATION }).reply(201, { ...NAV, name: 'Sales' });
    const r = await runEpi(['navigations', 'create', '--name', 'Sales', '--configuration-file', file(CONFIGURATION)]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain('configurations\tProduct Catalog (product, price),journey');
  });

  it.each([
    [{ name: 'X', configuration: { main: [{ label: 'oops' }] } }, 'main[0] must be'],
    [{ name: 'X', configuration: { main: { key: 'a' } } }, 'section "main" must be an array'],
    [{ name: 'X', configuration: [] }, 'must be a JSON object of sections'],
    [{ configuration: CONFIGURATION }, 'needs a "name"'],
    ['{"name": "X", ', 'not valid JSON'],
  ])('refuses an invalid --from-file before sending (%#)', async (content, message) => {
    const r = await runEpi(['navigations', 'create', '--from-file', file(content)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });

  it('needs a file or a name with a configuration file', async () => {
    const none = await runEpi('navigations create --name Sales');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--configuration-file');
    const both = await runEpi(['navigations', 'create', '--from-file', file(NAV), '--name', 'Y']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cannot be combined');
  });

  it('prints the POST under --dry-run and sends nothing', async () => {
    const r = await runEpi(['navigations', 'create', '--name', 'Sales', '--configuration-file', file(CONFIGURATION), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'POST', url: `${USER_API}/v2/user/navigations`, body: { name: 'Sales', configuration: CONFIGURATION } });
  });

  it('exits 1 on a 500 and 4 on a 401', async () => {
    nock(USER_API).post('/v2/user/navigations').reply(500, { message: 'boom' });
    expect((await runEpi(['navigations', 'create', '--from-file', file(NAV)])).code).toBe(1);
    nock(USER_API).post('/v2/user/navigations').reply(401, { message: 'Unauthorized' });
    expect((await runEpi(['navigations', 'create', '--from-file', file(NAV)])).code).toBe(4);
  });
});

describe('epi navigations get', () => {
  it('shows each section on its own line when piped', async () => {
    nock(USER_API).get('/v2/user/navigations/5gbe4nkp6jsfq').reply(200, NAV);
    const r = await runEpi('navigations get 5gbe4nkp6jsfq');
    expect(r.stdout).toBe(
      'ID\t5gbe4nkp6jsfq\nName\tSales Team Navigation\ncustomer_relations\tdashboard,contact\nconfigurations\tProduct Catalog (product, price),journey\n',
    );
  });

  it('prints the navigation as JSON, and only the configuration with --json configuration', async () => {
    nock(USER_API).get('/v2/user/navigations/5gbe4nkp6jsfq').reply(200, NAV);
    expect(JSON.parse((await runEpi('navigations get 5gbe4nkp6jsfq --json')).stdout)).toEqual(NAV);
    nock(USER_API).get('/v2/user/navigations/5gbe4nkp6jsfq').reply(200, NAV);
    expect(JSON.parse((await runEpi('navigations get 5gbe4nkp6jsfq --json configuration')).stdout)).toEqual({ configuration: CONFIGURATION });
  });

  it.each([
    [404, 3],
    [401, 4],
    [500, 1],
  ])('maps HTTP %i to exit %i', async (status, code) => {
    nock(USER_API).get('/v2/user/navigations/x').reply(status, { message: `status ${status}` });
    const r = await runEpi('navigations get x --max-retries 0');
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
  });
});
