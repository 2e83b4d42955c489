import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';
import { makeToken } from '../helpers/token.js';

const ORG_API = 'https://organization-v2.sls.epilot.io';
const ORG = {
  id: '739224',
  name: 'Acme Energy',
  type: 'Vendor',
  email: 'ops@acme.example',
  website: 'https://acme.example',
  organization_use: 'Production',
  address: { city: 'Köln', postal_code: '50667', street: 'Domstr.', street_number: '1', country: 'DE' },
};

describe('epi org current', () => {
  it('prints the organization as one JSON object with --json', async () => {
    nock(ORG_API).get('/v2/organization/current').matchHeader('authorization', /^Bearer ey/).reply(200, ORG);
    const r = await runEpi('org current --json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(ORG);
    expect(r.stderr).toBe('');
  });

  it('keeps only the requested fields, nested paths included', async () => {
    nock(ORG_API).get('/v2/organization/current').reply(200, ORG);
    const r = await runEpi('org current --json id,name,address.city');
    expect(JSON.parse(r.stdout)).toEqual({ id: '739224', name: 'Acme Energy', address: { city: 'Köln' } });
  });

  it('fails with exit 2 and the available fields for an unknown field', async () => {
    const r = await runEpi('org current --json id,nmae');
    expect(r.code).toBe(2);
    expect(r.requests).toEqual([]);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr).error;
    expect(err.message).toBe('Unknown field "nmae" in --json.');
    expect(err.hint).toMatch(/Available fields: .*name/);
  });

  it('prints key<TAB>value lines when piped', async () => {
    nock(ORG_API).get('/v2/organization/current').reply(200, ORG);
    const r = await runEpi('org current');
    expect(r.stdout.split('\n')).toContain('Name\tAcme Energy');
    expect(r.stdout.split('\n')).toContain('Address\tDomstr. 1, 50667 Köln, DE');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('prints a readable record on a terminal, without colour under NO_COLOR', async () => {
    nock(ORG_API).get('/v2/organization/current').reply(200, ORG);
    const r = await runEpi('org current', { tty: true, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^Name\s+Acme Energy$/m);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours the terminal view under FORCE_COLOR', async () => {
    nock(ORG_API).get('/v2/organization/current').reply(200, ORG);
    const r = await runEpi('org current', { tty: true, env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toMatch(/\u001b\[/);
  });

  it('exits 4 with a hint about EPILOT_TOKEN (the token it came from) on 401', async () => {
    nock(ORG_API).get('/v2/organization/current').reply(401, { message: 'Unauthorized' });
    const r = await runEpi('org current');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('401');
    expect(r.stderr).toContain('The token in EPILOT_TOKEN was rejected');
    expect(r.stdout).toBe('');
  });

  it('exits 4 on 403 and says what to do', async () => {
    nock(ORG_API).get('/v2/organization/current').reply(403, { error: 'Forbidden' });
    const r = await runEpi('org current');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Forbidden');
    expect(r.stderr).toMatch(/permission/i);
  });

  it('prints {"error": ...} on stderr under --json, and nothing on stdout', async () => {
    nock(ORG_API).get('/v2/organization/current').reply(500, { status: 500, error: 'Internal failure' });
    const r = await runEpi('org current --json --max-retries 0');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr).error;
    expect(err).toMatchObject({ status: 500, server_message: 'Internal failure', method: 'GET' });
  });

  it('exits 4 without a request when not logged in', async () => {
    const r = await runEpi('org current', { token: null });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('Not logged in');
    expect(r.requests).toEqual([]);
  });

  it('exits 4 without a request when the token has expired', async () => {
    const r = await runEpi('org current', { token: makeToken({ exp: Math.floor(Date.now() / 1000) - 60 }) });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('expired');
    expect(r.requests).toEqual([]);
  });
});

describe('epi org get', () => {
  it('defaults to the org in the token', async () => {
    nock(ORG_API).get('/v2/organization/739224').reply(200, ORG);
    const r = await runEpi('org get --json id');
    expect(JSON.parse(r.stdout)).toEqual({ id: '739224' });
  });

  it('takes an explicit id and exits 3 when it does not exist', async () => {
    nock(ORG_API).get('/v2/organization/999').reply(404, { message: 'Organization not found' });
    const r = await runEpi('org get 999');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Organization not found');
  });

  it('falls back to GET /v2/organization/current when the token has no org claim', async () => {
    const token = makeToken({ 'custom:ivy_org_id': undefined });
    nock(ORG_API).get('/v2/organization/current').reply(200, { id: '555' });
    nock(ORG_API).get('/v2/organization/555').reply(200, { ...ORG, id: '555' });
    const r = await runEpi('org get --json id', { token });
    expect(JSON.parse(r.stdout)).toEqual({ id: '555' });
  });
});

describe('epi org update', () => {
  it('sends only the given fields and prints the result', async () => {
    nock(ORG_API)
      .patch('/v2/organization/739224', { name: 'Acme GmbH', address: { city: 'Berlin', postal_code: '10115' } })
      .reply(200, { ...ORG, name: 'Acme GmbH' });
    const r = await runEpi(['org', 'update', '--name', 'Acme GmbH', '--city', 'Berlin', '--postal-code', '10115', '--json', 'name']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'Acme GmbH' });
  });

  it('rejects a bad email before sending anything', async () => {
    const r = await runEpi('org update --email not-an-email');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--email "not-an-email"');
    expect(r.requests).toEqual([]);
  });

  it('rejects a bad website URL', async () => {
    const r = await runEpi('org update --website acme');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--website');
  });

  it('fails with exit 2 when no field is given', async () => {
    const r = await runEpi('org update');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Nothing to update');
  });

  it('prints the PATCH under --dry-run without a token or a request', async () => {
    const r = await runEpi('org update 739224 --phone +4912345 --dry-run', { token: null });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.stdout)).toEqual({
      method: 'PATCH',
      url: `${ORG_API}/v2/organization/739224`,
      headers: { 'user-agent': expect.stringMatching(/^epi\//), 'content-type': 'application/json', authorization: 'Bearer ***' },
      body: { phone: '+4912345' },
    });
  });
});

describe('epi org features / feature-catalog', () => {
  const FEATURES = { version: '1.0.0', feature_flags: [{ feature_name: 'canary', title: { en: 'Canary' }, visibility_rules: [] }] };

  it('lists feature flags as a JSON array', async () => {
    nock(ORG_API).get('/v2/organization/feature-settings').reply(200, FEATURES);
    const r = await runEpi('org features --json');
    expect(JSON.parse(r.stdout)).toEqual(FEATURES.feature_flags);
  });

  it('prints TSV rows for the catalog when piped', async () => {
    nock(ORG_API).get('/v2/feature-settings').reply(200, FEATURES);
    const r = await runEpi('org feature-catalog');
    expect(r.stdout).toBe('canary\tCanary\t\tno\n');
  });
});
