import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runEpi } from '../helpers/run.js';

const PERMS = 'https://permissions.sls.epilot.io';
const OWNER = { id: '739224:owner', name: 'Owner', slug: 'owner', type: 'org_role', organization_id: '739224', grants: [{ action: '*', effect: 'allow' }] };
const SALES = { id: '739224:sales', name: 'Sales', slug: 'sales', type: 'user_role', organization_id: '739224', grants: [] };

describe('epi me roles', () => {
  it('prints the roles of the signed-in user from GET /v1/permissions/me', async () => {
    nock(PERMS).get('/v1/permissions/me').matchHeader('authorization', /^Bearer ey/).reply(200, { roles: [OWNER, SALES] });
    const r = await runEpi('me roles');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('739224:owner\tOwner\torg_role\t1\n739224:sales\tSales\tuser_role\t0\n');
  });

  it('--json prints the roles with their grants; fields select', async () => {
    nock(PERMS).get('/v1/permissions/me').reply(200, { roles: [OWNER] });
    const all = await runEpi('me roles --json');
    expect(JSON.parse(all.stdout)).toEqual([OWNER]);
    nock(PERMS).get('/v1/permissions/me').reply(200, { roles: [OWNER] });
    const some = await runEpi('me roles --json id,grants');
    expect(JSON.parse(some.stdout)).toEqual([{ id: '739224:owner', grants: [{ action: '*', effect: 'allow' }] }]);
  });

  it('draws a table on a terminal and prints [] for no roles', async () => {
    nock(PERMS).get('/v1/permissions/me').reply(200, { roles: [OWNER] });
    const tty = await runEpi('me roles', { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).toMatch(/^739224:owner\s+Owner\s+org_role\s+1/m);
    nock(PERMS).get('/v1/permissions/me').reply(200, { roles: [] });
    expect((await runEpi('me roles --json')).stdout).toBe('[]\n');
  });

  it('exits 4 on 401, 4 without a token (no request), 1 on 500', async () => {
    nock(PERMS).get('/v1/permissions/me').reply(401, { message: 'Unauthorized' });
    expect((await runEpi('me roles')).code).toBe(4);
    const none = await runEpi('me roles', { token: null });
    expect(none.code).toBe(4);
    expect(none.requests).toEqual([]);
    nock(PERMS).get('/v1/permissions/me').reply(500, { message: 'boom' });
    expect((await runEpi('me roles --max-retries 0')).code).toBe(1);
  });
});
