import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { runEpi, tempConfigDir } from '../helpers/run.js';
import { makeToken } from '../helpers/token.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const USER_API = 'https://user.sls.epilot.io';
const publicApi = () => nock(USER_API, { badheaders: ['authorization'] });
const LOGIN_PARAMETERS = {
  login_parameters: [
    { organization_id: '739224', organization_name: 'Acme Energy', organization_type: 'Vendor', organization_use: 'Production', cognito_region: 'eu-central-1' },
    { organization_id: '739225', organization_name: 'Acme Sandbox', organization_type: 'Vendor', organization_use: 'Sandbox' },
    { organization_id: '900001', organization_name: 'Partner GmbH', organization_type: 'Partner', organization_use: 'Production' },
  ],
};
const loginParams = (email = 'admin@acme.example') => publicApi().get(`/v2/users/public/username/${encodeURIComponent(email)}:getLoginParameters`);

describe('epi org list', () => {
  it('uses the email from the token, sends no token to the public endpoint, and marks the current org', async () => {
    loginParams().reply(200, LOGIN_PARAMETERS);
    const r = await runEpi('org list');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('739224\tAcme Energy\tVendor\tProduction\t*\n739225\tAcme Sandbox\tVendor\tSandbox\t\n900001\tPartner GmbH\tPartner\tProduction\t\n');
  });

  it('prints the login parameters unwrapped under --json, with fields', async () => {
    loginParams().reply(200, LOGIN_PARAMETERS);
    const r = await runEpi('org list --json organization_id,organization_name');
    expect(JSON.parse(r.stdout)).toEqual(LOGIN_PARAMETERS.login_parameters.map((p) => ({ organization_id: p.organization_id, organization_name: p.organization_name })));
  });

  it('asks GET /v2/users/me for the email when the token has none', async () => {
    nock(USER_API).get('/v2/users/me').matchHeader('authorization', /^Bearer /).reply(200, { id: '10001', email: 'api@acme.example' });
    loginParams('api@acme.example').reply(200, { login_parameters: [] });
    const r = await runEpi('org list --json', { token: makeToken({ email: undefined, token_type: 'api' }) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('uses the email `auth login` stored for the profile before asking the API', async () => {
    const configDir = tempConfigDir();
    const token = makeToken({ email: undefined, token_type: 'api' });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ profiles: { default: { token, email: 'stored@acme.example' } } }), { mode: 0o600 });
    loginParams('stored@acme.example').reply(200, LOGIN_PARAMETERS);
    const r = await runEpi('org list --json organization_id', { token: null, configDir });
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(1);
  });

  it('lists for --email without a login', async () => {
    loginParams('someone@example.com').reply(200, LOGIN_PARAMETERS);
    const r = await runEpi('org list --email someone@example.com', { token: null });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('*');
  });

  it('rejects a bad --email before sending, and needs a login without one', async () => {
    const bad = await runEpi('org list --email nope');
    expect(bad.code).toBe(2);
    expect(bad.requests).toEqual([]);
    expect(bad.stderr).toBe('error: --email "nope" is not a valid email address.\nUse the form name@example.com.\n');
    const anonymous = await runEpi('org list', { token: null });
    expect(anonymous.code).toBe(4);
    expect(anonymous.requests).toEqual([]);
    expect(anonymous.stderr).toBe('error: Not logged in (profile "default").\nRun `epi auth login`, or set EPILOT_TOKEN. To try epi without an account, add --env local (the built-in emulator).\n');
  });

  it('pages on the client: --limit cuts with a warning', async () => {
    loginParams().reply(200, LOGIN_PARAMETERS);
    const r = await runEpi('org list --limit 2 --json organization_id');
    expect(JSON.parse(r.stdout)).toEqual([{ organization_id: '739224' }, { organization_id: '739225' }]);
    expect(r.stderr).toContain('Showing 2 of 3 records');
  });

  it.each([
    [404, 3],
    [500, 1],
  ])('maps HTTP %i to exit %i', async (status, code) => {
    loginParams().reply(status, { message: `status ${status}` });
    const r = await runEpi('org list --max-retries 0');
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
  });
});

describe('epi org switch', () => {
  const LOGIN_TOKEN = 'one-time-login-token-abc123';

  it('never prints the login token without --json', async () => {
    nock(USER_API).post('/v2/users/switchOrganization', { org_id: '739225' }).reply(200, { login_token: LOGIN_TOKEN });
    const r = await runEpi('org switch 739225', { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(LOGIN_TOKEN);
    expect(r.stderr).toContain('pass --json');
  });

  it('prints the login token on stdout with --json', async () => {
    nock(USER_API).post('/v2/users/switchOrganization', { org_id: '739225' }).reply(200, { login_token: LOGIN_TOKEN });
    const r = await runEpi('org switch 739225 --json');
    expect(JSON.parse(r.stdout)).toEqual({ org_id: '739225', login_token: LOGIN_TOKEN });
    expect(r.stderr).not.toContain(LOGIN_TOKEN);
  });

  it('explains what the token is for in its help', async () => {
    const r = await runEpi('org switch --help');
    expect(r.stdout).toContain('CUSTOM_AUTH');
    expect(r.stdout).toContain('printed only with --json');
  });

  it.each([
    [401, 4],
    [403, 4],
    [500, 1],
  ])('maps HTTP %i to exit %i', async (status, code) => {
    nock(USER_API).post('/v2/users/switchOrganization').reply(status, { message: `status ${status}` });
    const r = await runEpi('org switch 1');
    expect(r.code).toBe(code);
  });

  it('prints the POST under --dry-run and sends nothing', async () => {
    const r = await runEpi('org switch 739225 --dry-run');
    expect(JSON.parse(r.stdout)).toMatchObject({ method: 'POST', url: `${USER_API}/v2/users/switchOrganization`, body: { org_id: '739225' } });
    expect(r.requests).toEqual([]);
  });
});

describe('epi org create', () => {
  const FLAGS = [
    'org', 'create', '--name', 'Acme Energy', '--type', 'Vendor', '--pricing-tier', 'professional', '--email', 'ops@acme.example',
    '--owner-name', 'Ada Admin', '--owner-email', 'ada@acme.example',
  ];
  const BODY = {
    organization_detail: { type: 'Vendor', name: 'Acme Energy', pricing_tier: 'professional', email: 'ops@acme.example' },
    user_detail: { full_name: 'Ada Admin', email: 'ada@acme.example', password: 'pw-0123456789' },
  };
  const RESULT = {
    user: { id: '20001', organization_id: '800001', email: 'ada@acme.example', name: 'Ada Admin', preferred_language: 'en', roles: ['Owner'], properties: [] },
    organization: { id: '800001', type: 'Vendor', name: 'Acme Energy', pricing_tier: 'professional' },
  };

  it('signs up without a token, the password from stdin', async () => {
    publicApi().post('/v2/users/public/signup', BODY).reply(200, RESULT);
    const r = await runEpi([...FLAGS, '--password-stdin'], { token: null, stdin: 'pw-0123456789\n' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain('Organization ID\t800001');
    expect(r.stderr).toContain('Created organization "Acme Energy" (800001) with owner ada@acme.example.');
  });

  it('sends the optional fields, consent and the partner invitation token', async () => {
    const body = {
      organization_detail: { ...BODY.organization_detail, phone: '+49 221 1', website: 'https://acme.example', is_privacy_policy_checked: true, is_terms_and_conditions_checked: true },
      user_detail: BODY.user_detail,
      language: 'de',
    };
    publicApi().post('/v2/users/public/signup', body).query({ token: 'partner-inv-1' }).reply(200, RESULT);
    const r = await runEpi([...FLAGS, '--phone', '+49 221 1', '--website', 'https://acme.example', '--language', 'de', '--accept-terms', '--partner-token', 'partner-inv-1', '--password-stdin', '--json', 'organization.id'], {
      stdin: 'pw-0123456789',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ organization: { id: '800001' } });
  });

  it('asks for missing values and the password on a terminal', async () => {
    const inputs: string[] = [];
    publicApi().post('/v2/users/public/signup', BODY).reply(200, RESULT);
    const r = await runEpi(['org', 'create', '--type', 'Vendor', '--pricing-tier', 'professional', '--email', 'ops@acme.example', '--owner-email', 'ada@acme.example'], {
      token: null,
      tty: true,
      prompter: {
        input: async (m) => (inputs.push(m), m.startsWith('Organization name') ? 'Acme Energy' : 'Ada Admin'),
        secret: async () => 'pw-0123456789',
      },
    });
    expect(r.code).toBe(0);
    expect(inputs).toEqual(['Organization name:', 'Owner full name:']);
  });

  it.each([
    [['--type', 'Reseller'], '--type "Reseller" is not one of: Vendor, Partner'],
    [['--owner-email', 'nope'], '--owner-email "nope"'],
    [['--website', 'acme'], '--website "acme"'],
    [['--language', 'fr'], '--language "fr"'],
  ])('rejects %j before asking or sending', async (extra, message) => {
    const r = await runEpi([...FLAGS, ...extra, '--password-stdin'], { token: null, stdin: 'pw' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.requests).toEqual([]);
  });

  it('fails naming the flag when a value is missing and no one can be asked', async () => {
    const noName = await runEpi(FLAGS.filter((f, i, all) => f !== '--name' && all[i - 1] !== '--name'), { token: null });
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('Missing --name.');
    const noPassword = await runEpi(FLAGS, { token: null });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('Missing --password-stdin.');
    expect(noPassword.requests).toEqual([]);
  });

  it('exits 130 when a prompt is cancelled', async () => {
    const r = await runEpi(FLAGS, { token: null, tty: true, prompter: { secret: async () => { throw new CancelledError(); } } });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('Cancelled.\n');
    expect(r.requests).toEqual([]);
  });

  it('masks the password under --dry-run and plans no Authorization header', async () => {
    const r = await runEpi([...FLAGS, '--password-stdin', '--dry-run'], { stdin: 'pw-0123456789' });
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(r.stdout).not.toContain('pw-0123456789');
    const plan = JSON.parse(r.stdout);
    expect(plan.body.user_detail).toEqual({ full_name: 'Ada Admin', email: 'ada@acme.example', password: '***' });
    expect(plan.headers.authorization).toBeUndefined();
  });

  it('exits 1 with the server message on a 400 and never retries the POST', async () => {
    publicApi().post('/v2/users/public/signup').reply(400, { message: 'User already exists' });
    const r = await runEpi([...FLAGS, '--password-stdin'], { token: null, stdin: 'pw-0123456789' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('User already exists');
    expect(r.requests).toHaveLength(1);
  });
});
