import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { runEpi } from '../helpers/run.js';

const USER_API = 'https://user.sls.epilot.io';
const TOKEN = 'inv-3f9c0a7e';
const INVITE = { invitation_org_id: '739224', invitation_org_name: 'Acme Energy', invitee_user_id: '10005' };
/** Public endpoints: a request carrying an Authorization header does not match, so the test fails. */
const publicApi = () => nock(USER_API, { badheaders: ['authorization'] });

describe('epi invites check', () => {
  it('needs no login, sends no token, and shows the inviting organization', async () => {
    publicApi().get('/v2/users/public/checkToken').query({ token: TOKEN }).reply(200, INVITE);
    const r = await runEpi(['invites', 'check', TOKEN], { token: null });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain('Organization\tAcme Energy');
    expect(r.stdout.split('\n')).toContain('Invited user ID\t10005');
  });

  it('sends no token even when one is configured', async () => {
    publicApi().get('/v2/users/public/checkToken').query({ token: TOKEN }).reply(200, INVITE);
    const r = await runEpi(['invites', 'check', TOKEN, '--json', 'invitation_org_name']);
    expect(JSON.parse(r.stdout)).toEqual({ invitation_org_name: 'Acme Energy' });
  });

  it('exits 3 for an unknown token and 1 on a 500', async () => {
    publicApi().get('/v2/users/public/checkToken').query(true).reply(404, { message: 'Token not found' });
    const missing = await runEpi('invites check nope', { token: null });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Token not found');
    publicApi().get('/v2/users/public/checkToken').query(true).reply(500, { message: 'boom' });
    expect((await runEpi('invites check x --max-retries 0', { token: null })).code).toBe(1);
  });
});

describe('epi invites accept', () => {
  it('checks the token, reads the password from stdin and activates without a token', async () => {
    publicApi().get('/v2/users/public/checkToken').query({ token: TOKEN }).reply(200, INVITE);
    publicApi()
      .post('/v2/users/public/activate', { display_name: 'Eve Example', password: 'correct horse 1' })
      .query({ token: TOKEN })
      .reply(200);
    const r = await runEpi(['invites', 'accept', TOKEN, '--display-name', 'Eve Example', '--password-stdin'], { token: null, stdin: 'correct horse 1\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Invitation accepted: your user is active in Acme Energy (739224).');
    expect(r.stderr).not.toContain('correct horse');
  });

  it('asks for the password twice at a hidden prompt on a terminal', async () => {
    const asked: string[] = [];
    publicApi().get('/v2/users/public/checkToken').query(true).reply(200, INVITE);
    publicApi().post('/v2/users/public/activate', { password: 's3cret-pass' }).query({ token: TOKEN }).reply(200);
    const r = await runEpi(['invites', 'accept', TOKEN, '--json'], {
      token: null,
      tty: true,
      prompter: { secret: async (m) => (asked.push(m), 's3cret-pass') },
    });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['New password:', 'Repeat the password:']);
    expect(JSON.parse(r.stdout)).toEqual({ accepted: true, ...INVITE });
  });

  it('sends nothing when the two passwords differ', async () => {
    publicApi().get('/v2/users/public/checkToken').query(true).reply(200, INVITE);
    let n = 0;
    const r = await runEpi(['invites', 'accept', TOKEN], { token: null, tty: true, prompter: { secret: async () => `pass-${n++}` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('do not match');
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('exits 130 when the password prompt is cancelled', async () => {
    publicApi().get('/v2/users/public/checkToken').query(true).reply(200, INVITE);
    const r = await runEpi(['invites', 'accept', TOKEN], {
      token: null,
      tty: true,
      prompter: { secret: async () => { throw new CancelledError(); } },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('Cancelled.\n');
    expect(r.requests).toHaveLength(1);
  });

  it('fails with exit 2 naming --password-stdin when no one can be asked', async () => {
    publicApi().get('/v2/users/public/checkToken').query(true).reply(200, INVITE);
    const r = await runEpi(['invites', 'accept', TOKEN], { token: null });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--password-stdin');
    expect(r.requests).toHaveLength(1);
  });

  it('refuses an empty password from stdin', async () => {
    publicApi().get('/v2/users/public/checkToken').query(true).reply(200, INVITE);
    const r = await runEpi(['invites', 'accept', TOKEN, '--password-stdin'], { token: null, stdin: '\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('password from stdin is empty');
  });

  it('stops with exit 3 before asking for a password when the token is unknown', async () => {
    publicApi().get('/v2/users/public/checkToken').query(true).reply(404, { message: 'Token not found' });
    const r = await runEpi(['invites', 'accept', 'nope'], { token: null, tty: true });
    expect(r.code).toBe(3);
  });

  it('masks the password under --dry-run, with no Authorization header in the plan', async () => {
    publicApi().get('/v2/users/public/checkToken').query(true).reply(200, INVITE);
    const r = await runEpi(['invites', 'accept', TOKEN, '--display-name', 'Eve', '--password-stdin', '--dry-run'], { token: null, stdin: 'hunter2hunter2' });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('hunter2');
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ method: 'POST', url: `${USER_API}/v2/users/public/activate?token=***`, body: { display_name: 'Eve', password: '***' } });
    expect(plan.headers.authorization).toBeUndefined();
    expect(r.requests.map((q) => q.method)).toEqual(['GET']);
  });
});

describe('epi invites reject', () => {
  it('refuses without a terminal and without --yes, sending nothing', async () => {
    const r = await runEpi(['invites', 'reject', TOKEN], { token: null });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.requests).toEqual([]);
  });

  it('rejects after a yes at the prompt, without a token', async () => {
    publicApi().delete('/v2/users/public/reject').query({ token: TOKEN }).reply(200, { success: true });
    const r = await runEpi(['invites', 'reject', TOKEN], { tty: true, prompter: { confirm: async () => true } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Invitation rejected.');
  });

  it('exits 130 on a cancelled prompt', async () => {
    const r = await runEpi(['invites', 'reject', TOKEN], { tty: true, prompter: { confirm: async (): Promise<boolean> => { throw new CancelledError(); } } });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('Cancelled.\n');
    expect(r.requests).toEqual([]);
  });

  it('prints the API answer under --json with --yes, and exits 3 for an unknown token', async () => {
    publicApi().delete('/v2/users/public/reject').query({ token: TOKEN }).reply(200, { success: true });
    expect(JSON.parse((await runEpi(['invites', 'reject', TOKEN, '--yes', '--json'], { token: null })).stdout)).toEqual({ success: true });
    publicApi().delete('/v2/users/public/reject').query(true).reply(404, { message: 'Token not found' });
    expect((await runEpi(['invites', 'reject', 'nope', '--yes'], { token: null })).code).toBe(3);
  });

  it('prints the DELETE under --dry-run without an Authorization header', async () => {
    const r = await runEpi(['invites', 'reject', TOKEN, '--dry-run']);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ method: 'DELETE', url: `${USER_API}/v2/users/public/reject?token=***` });
    expect(plan.headers.authorization).toBeUndefined();
    expect(r.requests).toEqual([]);
  });
});
