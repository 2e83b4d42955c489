import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

/**
 * Numbers arrive exactly (issue 8 §3): a value with more digits than a JavaScript number holds is
 * sent, stored and printed digit for digit, by settings, me settings and epi api -F alike.
 */

const ORG = 'https://organization-v2.sls.epilot.io';
const USER = 'https://user.sls.epilot.io';
const HOTLINE = '4915112345678901234';
const JSON_TYPE = { 'content-type': 'application/json' };

describe('epi settings put: numbers are sent exactly as written', () => {
  it(`sends ${HOTLINE} as exactly those digits, prints them back and warns about JavaScript readers`, async () => {
    nock(ORG).put('/v2/organization/739224/settings/hotline').reply(200, HOTLINE, JSON_TYPE);
    const r = await runEpi(['settings', 'put', 'hotline', HOTLINE]);
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.text).toBe(HOTLINE);
    expect(r.stdout).toBe(`${HOTLINE}\n`);
    expect(r.stderr).toContain('warning: The value has a number with more digits than a JavaScript number holds; it is sent exactly as written');
    expect(r.stderr).toContain('Pass --string to store it as text.');
  });

  it('keeps large numbers exact inside objects and arrays, and in the --dry-run plan', async () => {
    const value = `{"lines":[${HOTLINE},1.5],"big":123456789012345678901234567890,"tiny":1e-400}`;
    nock(ORG).put('/v2/organization/739224/settings/phones').reply(200, value, JSON_TYPE);
    const r = await runEpi(['settings', 'put', 'phones', value, '--json']);
    expect(r.code).toBe(0);
    expect(r.requests[0]!.text).toBe(value);
    expect(r.stdout).toBe(`{\n  "lines": [\n    ${HOTLINE},\n    1.5\n  ],\n  "big": 123456789012345678901234567890,\n  "tiny": 1e-400\n}\n`);

    const dry = await runEpi(['settings', 'put', 'hotline', HOTLINE, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.requests).toEqual([]);
    expect(dry.stdout).toContain(`"body":${HOTLINE}`);
  });

  it('numbers a JavaScript number carries exactly go as before, with no warning', async () => {
    nock(ORG).put('/v2/organization/739224/settings/max_users', '9007199254740991').reply(200, '9007199254740991', JSON_TYPE);
    const r = await runEpi('settings put max_users 9007199254740991');
    expect(r.requests[0]!.text).toBe('9007199254740991');
    expect(r.stderr).toBe('Set "max_users" in organization 739224.\n');
  });

  it('--string stores the digits as text', async () => {
    nock(ORG).put('/v2/organization/739224/settings/hotline', JSON.stringify(HOTLINE)).reply(200, JSON.stringify(HOTLINE), JSON_TYPE);
    const r = await runEpi(['settings', 'put', 'hotline', HOTLINE, '--string']);
    expect(r.requests[0]!.text).toBe(`"${HOTLINE}"`);
    expect(r.stderr).not.toContain('warning');
  });
});

describe('epi settings get / list: large numbers are printed exactly', () => {
  const STORED = `{"hotline":${HOTLINE},"limits":{"max":123456789012345678901},"name":"Acme"}`;

  it('get prints the digits, plain and with --json', async () => {
    nock(ORG).get('/v2/organization/739224/settings').reply(200, STORED, JSON_TYPE);
    expect((await runEpi('settings get hotline')).stdout).toBe(`${HOTLINE}\n`);
    nock(ORG).get('/v2/organization/739224/settings').reply(200, STORED, JSON_TYPE);
    expect((await runEpi('settings get limits --json')).stdout).toBe('{\n  "max": 123456789012345678901\n}\n');
  });

  it('list keeps them in TSV, on a terminal and with --json', async () => {
    nock(ORG).get('/v2/organization/739224/settings').reply(200, STORED, JSON_TYPE);
    expect((await runEpi('settings list')).stdout).toBe(`hotline\t${HOTLINE}\nlimits\t{"max":123456789012345678901}\nname\tAcme\n`);
    nock(ORG).get('/v2/organization/739224/settings').reply(200, STORED, JSON_TYPE);
    expect((await runEpi('settings list', { tty: true, env: { NO_COLOR: '1' } })).stdout).toMatch(new RegExp(`^hotline\\s+${HOTLINE}\\s*$`, 'm'));
    nock(ORG).get('/v2/organization/739224/settings').reply(200, STORED, JSON_TYPE);
    expect((await runEpi('settings list --json')).stdout).toBe(`{\n  "hotline": ${HOTLINE},\n  "limits": {\n    "max": 123456789012345678901\n  },\n  "name": "Acme"\n}\n`);
  });
});

describe('epi me settings: the same exactness', () => {
  it('put sends the digits as written and get prints them back', async () => {
    const saved = `{"scope":"ui","key":"hotline","value":${HOTLINE},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}`;
    nock(USER).put('/v2/users/me/settings/ui/hotline').reply(200, saved, JSON_TYPE);
    const put = await runEpi(['me', 'settings', 'put', 'ui', 'hotline', HOTLINE]);
    expect(put.code).toBe(0);
    expect(put.requests[0]!.text).toBe(HOTLINE);
    expect(put.stdout).toBe(`${HOTLINE}\n`);
    nock(USER).get('/v2/users/me/settings/ui/hotline').reply(200, saved, JSON_TYPE);
    expect((await runEpi('me settings get ui hotline --json value')).stdout).toBe(`{\n  "value": ${HOTLINE}\n}\n`);
  });
});

describe('epi api -F: the same rule as settings put', () => {
  it('sends a large number exactly as written, in the body and in the --dry-run plan', async () => {
    nock(USER).post('/v1/groups').reply(201, '{"id":"g1"}', JSON_TYPE);
    const r = await runEpi(['api', 'POST', '/v1/groups', '-f', 'name=Big', '-F', `n=${HOTLINE}`, '-F', 'o={"x":123456789012345678901}'], { contract: false });
    expect(r.code).toBe(0);
    expect(r.requests[0]!.text).toBe(`{"name":"Big","n":${HOTLINE},"o":{"x":123456789012345678901}}`);
    const dry = await runEpi(['api', 'POST', '/v1/groups', '-F', `n=${HOTLINE}`, '--dry-run'], { contract: false });
    expect(dry.stdout).toContain(`"n":${HOTLINE}`);
  });

  it('a large number in a GET query keeps its digits', async () => {
    nock(USER).get('/v2/users').query({ limit: HOTLINE }).reply(200, { results: [] });
    const r = await runEpi(['api', 'GET', '/v2/users', '-F', `limit=${HOTLINE}`], { contract: false });
    expect(r.code).toBe(0);
    expect(new URL(r.requests[0]!.url).search).toBe(`?limit=${HOTLINE}`);
  });
});
