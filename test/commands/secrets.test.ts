/**
 * Secrets stay out of every message: the token in use (JWT or opaque), invitation tokens and
 * what a server echoes back are masked on stderr, --debug bodies are masked before they are
 * shortened, and every secret argument can come from stdin instead of argv.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

const ORG_API = 'https://organization-v2.sls.epilot.io';
const USER_API = 'https://user.sls.epilot.io';
const PARTNER_API = 'https://partner-directory-api.sls.epilot.io';
/** An API token that is not a JWT: no pattern can spot it, only knowing it can. */
const OPAQUE = 'epat_7Hq2XoLm9Zr4Vt8Wn3Ks6Pd1Fb5Gc0Jy';

describe('the token in use is masked on stderr', () => {
  it('in an error carrying a server message that echoes it (text and --json)', async () => {
    for (const json of [false, true]) {
      nock(ORG_API).get('/v2/organization/current').reply(401, { message: `Token ${OPAQUE} is not valid` });
      const r = await runEpi(`org current${json ? ' --json' : ''}`, { token: OPAQUE, contract: false });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('Token *** is not valid');
      expect(r.stderr + r.stdout).not.toContain(OPAQUE);
    }
  });

  it('in --debug bodies, masked before they are shortened to 200 characters', async () => {
    // The token straddles the cut: shortening first would print its first half, which no mask recognises.
    const body = { id: '739224', padding: 'x'.repeat(150), note: `echo ${OPAQUE}` };
    nock(ORG_API).get('/v2/organization/current').reply(200, body);
    const r = await runEpi('org current --json --debug', { token: OPAQUE, contract: false });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('echo ***');
    expect(r.stderr).not.toContain(OPAQUE.slice(0, 6));
  });

  it('in `epi api -i` response headers', async () => {
    nock(USER_API).get('/v2/users/me').reply(200, { id: '1' }, { 'x-echo-token': OPAQUE, 'x-echo-auth': `Bearer ${OPAQUE}` });
    const r = await runEpi('api /v2/users/me -i', { token: OPAQUE });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('x-echo-token: ***');
    expect(r.stderr).not.toContain(OPAQUE);
  });

  it('but stdout is data: `epi auth token` still prints it', async () => {
    const r = await runEpi('auth token', { token: OPAQUE });
    expect(r.stdout).toBe(`${OPAQUE}\n`);
  });
});

describe('invitation tokens', () => {
  const INVITE = 'inv-5b1e77c2d9a04f3e';

  it('`-` reads the token from stdin, and a failing URL that carries it is masked', async () => {
    nock(USER_API, { badheaders: ['authorization'] }).get('/v2/users/public/checkToken').query({ token: INVITE }).reply(404, { message: 'Token not found' });
    const r = await runEpi('invites check -', { token: null, stdin: `${INVITE}\n` });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('checkToken?token=***');
    expect(r.stderr).not.toContain(INVITE);
  });

  it('an invitation token given as an argument is masked on stderr too', async () => {
    nock(USER_API).delete('/v2/users/public/reject').query({ token: INVITE }).reply(500, { message: `cannot reject ${INVITE}` });
    const r = await runEpi(`invites reject ${INVITE} --yes --debug`, { token: null });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain(INVITE);
  });

  it('partners activate and partners invitation take `-` as well', async () => {
    nock(PARTNER_API).post('/v1/partner-directory/public/activate').query({ token: INVITE }).reply(200, {});
    const activate = await runEpi('partners activate - --email a@b.example --org-id 456', { token: null, stdin: INVITE });
    expect(activate.code).toBe(0);
    nock(PARTNER_API).get('/v1/partner-directory/public/getPartnerByToken').query({ token: INVITE }).reply(200, { id: 'p1', organization_id: '1' });
    const invitation = await runEpi('partners invitation - --json', { token: null, stdin: INVITE });
    expect(invitation.code).toBe(0);
  });

  it('stdin cannot carry both the token and the password', async () => {
    const r = await runEpi('invites accept - --password-stdin', { token: null, stdin: INVITE });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The invitation token and --password-stdin cannot both come from stdin.');
    expect(r.requests).toEqual([]);
  });

  it('an empty token from stdin is refused before anything is sent', async () => {
    const r = await runEpi('invites check -', { token: null, stdin: '\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The invitation token is empty.');
  });

  it('org create --partner-token - reads it from stdin, and refuses it alongside --password-stdin', async () => {
    const both = await runEpi('org create --name Acme --type Partner --pricing-tier free --email a@b.example --owner-name Ada --owner-email a@b.example --partner-token - --password-stdin', { token: null, stdin: INVITE });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('The --partner-token and --password-stdin cannot both come from stdin.');
  });
});
