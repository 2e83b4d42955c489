/**
 * The emulator holds itself to the published specs: for every route it has, a valid request gets
 * an answer that validates against the operation's response schema (where the spec has one), and
 * an invalid request gets 400. Each route needs a sample here, so a new route without one fails.
 */
import { describe, expect, it } from 'vitest';
import { checkResponse, isUnpublished } from '../../src/emulator/contract.js';
import { createRouter, handle } from '../../src/emulator/core.js';
import { DEMO_TOKENS, seedState } from '../../src/emulator/seed.js';
import type { FakeState } from '../../src/emulator/state.js';

interface Sample {
  /** Path and query of a valid request on the demo seed. */
  path: string;
  body?: unknown;
  /** Sent without a token (the public operations). */
  anonymous?: boolean;
  /** State the request needs that the demo seed does not hold. */
  prepare?: (state: FakeState) => void;
  /** A body the spec refuses (besides the query parameter no spec lists, which every published operation refuses). */
  invalidBody?: unknown;
}

const grant = { action: 'entity-read', resource: '*', effect: 'allow' };
const invite = (state: FakeState) => state.inviteTokens.set('invite-1', { user_id: '20024', org_id: '728000' });

const SAMPLES: Record<string, Sample> = {
  // Organization
  'GET /v2/organization/current': { path: '/v2/organization/current' },
  'GET /v2/organization/{org_id}': { path: '/v2/organization/728000' },
  'PATCH /v2/organization/{org_id}': { path: '/v2/organization/728000', body: { name: 'Solar Demo AG' }, invalidBody: { organization_use: 'Testing' } },
  'GET /v2/organization/{org_id}/settings': { path: '/v2/organization/728000/settings' },
  'PUT /v2/organization/{org_id}/settings/{key}': { path: '/v2/organization/728000/settings/greeting', body: 'moin' },
  'DELETE /v2/organization/{org_id}/settings/{key}': { path: '/v2/organization/728000/settings/max_upload_mb' },
  'GET /v2/organization/feature-settings': { path: '/v2/organization/feature-settings' },
  'GET /v2/feature-settings': { path: '/v2/feature-settings' },
  // User
  'GET /v2/users/me': { path: '/v2/users/me' },
  'GET /v2/users': { path: '/v2/users?limit=5&offset=2&query=solar' },
  'GET /v1/users': { path: '/v1/users?limit=5&offset=0' },
  'GET /v2/users/{id}': { path: '/v2/users/20002' },
  'PATCH /v2/users/{id}': { path: '/v2/users/20002', body: { department: 'Sales' }, invalidBody: { display_name: 5 } },
  'DELETE /v2/users/{id}': { path: '/v2/users/20025' },
  'POST /v2/users/invite': { path: '/v2/users/invite', body: { email: 'new.colleague@solar-demo.example', roles: ['728000:sales'] }, invalidBody: { email: 'nora@solar-demo.example', roles: '728000:sales' } },
  'POST /v2/users/invite:resendEmail': { path: '/v2/users/invite:resendEmail', body: { email: 'xenia.xander@solar-demo.example' }, invalidBody: { email: 5 } },
  'POST /v2/users:sendPasswordReset': { path: '/v2/users:sendPasswordReset', body: { email: 'ben.berger@solar-demo.example' } },
  'GET /v2/users/{id}/groups': { path: '/v2/users/20004/groups' },
  'GET /v1/groups': { path: '/v1/groups?limit=2&offset=1&hydrate=true' },
  'POST /v1/groups': { path: '/v1/groups', body: { name: 'Night shift', user_ids: ['20005'] }, invalidBody: { name: 5 } },
  'GET /v1/groups/{id}': { path: '/v1/groups/grp-sales?hydrate=true' },
  'PATCH /v1/groups/{id}': { path: '/v1/groups/grp-sales', body: { name: 'Field sales' }, invalidBody: { user_ids: 'all' } },
  'DELETE /v1/groups/{id}': { path: '/v1/groups/grp-install' },
  'POST /v1/groups/{id}/user:next': { path: '/v1/groups/grp-sales/user:next' },
  'GET /v2/users/me/settings': { path: '/v2/users/me/settings' },
  'GET /v2/users/me/settings/{scope}': { path: '/v2/users/me/settings/ui' },
  'GET /v2/users/me/settings/{scope}/{key}': {
    path: '/v2/users/me/settings/ui/theme',
    prepare: (state) => state.userSettings.set('20001', new Map([['ui', { theme: { scope: 'ui', key: 'theme', value: 'dark' } }]])),
  },
  'PUT /v2/users/me/settings/{scope}/{key}': { path: '/v2/users/me/settings/ui/theme', body: 'dark' },
  'DELETE /v2/users/me/settings/{scope}/{key}': { path: '/v2/users/me/settings/ui/theme' },
  'GET /v2/users/me/passkeys': { path: '/v2/users/me/passkeys' },
  'DELETE /v2/users/me/passkeys/{credentialId}': {
    path: '/v2/users/me/passkeys/cred-1',
    prepare: (state) => state.passkeys.push({ user_id: '20001', credential_id: 'cred-1', friendly_name: 'Laptop', created_at: '2026-01-15T09:00:00.000Z' }),
  },
  'POST /v2/users/switchOrganization': { path: '/v2/users/switchOrganization', body: { org_id: '728000' }, invalidBody: { org_id: 728000 } },
  'POST /v2/user/navigations': { path: '/v2/user/navigations', body: { name: 'Sales', configuration: { items: [] } } },
  'GET /v2/user/navigations/{id}': { path: '/v2/user/navigations/nav-1', prepare: (state) => state.navigations.set('nav-1', { id: 'nav-1', name: 'Sales', configuration: {} }) },
  'GET /v2/users/public/checkToken': { path: '/v2/users/public/checkToken?token=invite-1', anonymous: true, prepare: invite },
  'POST /v2/users/public/activate': { path: '/v2/users/public/activate?token=invite-1', anonymous: true, prepare: invite, body: { password: 'correct horse battery', display_name: 'Yusuf' } },
  'DELETE /v2/users/public/reject': { path: '/v2/users/public/reject?token=invite-1', anonymous: true, prepare: invite },
  'GET /v2/users/public/username/{username}:getLoginParameters': { path: '/v2/users/public/username/ada.admin%40solar-demo.example:getLoginParameters', anonymous: true },
  'POST /v2/users/public/signup': {
    path: '/v2/users/public/signup',
    anonymous: true,
    body: { organization_detail: { type: 'Vendor', name: 'Wind Demo', pricing_tier: 'Professional', email: 'ops@wind-demo.example' }, user_detail: { full_name: 'Wim Wind', email: 'wim@wind-demo.example', password: 'correct horse battery' } },
  },
  // Permissions
  'GET /v1/permissions/me': { path: '/v1/permissions/me' },
  'GET /v1/permissions/refresh': { path: '/v1/permissions/refresh' },
  'GET /v1/permissions/roles': { path: '/v1/permissions/roles' },
  'POST /v1/permissions/roles': { path: '/v1/permissions/roles', body: { name: 'Auditor', slug: 'auditor', type: 'user_role', grants: [grant] }, invalidBody: { name: 'Auditor' } },
  'POST /v1/permissions/roles:search': { path: '/v1/permissions/roles:search', body: { org_ids: ['728000'], limit: 2, offset: 1 }, invalidBody: { limit: 'two' } },
  'GET /v1/permissions/roles/{roleId}': { path: '/v1/permissions/roles/728000:sales' },
  'PUT /v1/permissions/roles/{roleId}': { path: '/v1/permissions/roles/728000:sales', body: { id: '728000:sales', organization_id: '728000', name: 'Sales', slug: 'sales', type: 'user_role', grants: [grant] } },
  'DELETE /v1/permissions/roles/{roleId}': { path: '/v1/permissions/roles/728000:viewer' },
  'GET /v1/permissions/assignments': { path: '/v1/permissions/assignments' },
  'GET /v1/permissions/assignments/{userId}': { path: '/v1/permissions/assignments/20002' },
  'PUT /v1/permissions/assignments/{userId}': { path: '/v1/permissions/assignments/20002', body: ['728000:sales'], invalidBody: { roles: [] } },
  'POST /v1/permissions/assignments/{userId}/{roleId}': { path: '/v1/permissions/assignments/20002/728000:viewer' },
  'DELETE /v1/permissions/assignments/{userId}/{roleId}': { path: '/v1/permissions/assignments/20002/728000:admin' },
  // Partner Directory (a stub spec: paths, methods and bodies derived from the package's types; no response schemas)
  'GET /v1/partner-directory/public/getPartnerByToken': { path: '/v1/partner-directory/public/getPartnerByToken?token=inv-demo', anonymous: true },
  'POST /v1/partner-directory/public/activate': { path: '/v1/partner-directory/public/activate?token=inv-demo', anonymous: true, body: { organization_id: '728600', company_name: 'Wärmepumpen Demo GmbH', signed_up_email: 'info@waermepumpen-demo.example' } },
  'POST /v1/partners/{id}/approve': { path: '/v1/partners/partner-2/approve' },
  'POST /v1/partners/{id}/reject': { path: '/v1/partners/partner-2/reject' },
  'POST /v2/partners/{id}/invite': { path: '/v2/partners/partner-1/invite', body: { email: 'info@sonnenschein-montage.example', language: 'de' } },
  'POST /v1/partners/assignables:search': { path: '/v1/partners/assignables:search', body: { q: 'montage', from: 0, size: 10 }, invalidBody: { from: 0 } },
  'POST /v1/partners/assignables:batchGet': { path: '/v1/partners/assignables:batchGet', body: [{ user_id: '30001', org_id: '728500' }] },
  'POST /v1/geolocation/text:search': { path: '/v1/geolocation/text:search', body: { address: 'Beispielstraße 1, Köln' } },
  'GET /v2/partners/{orgId}/users': { path: '/v2/partners/728500/users' },
  'POST /v2/partners/{orgId}/users': { path: '/v2/partners/728500/users', body: { email: 'ole.montage@sonnenschein-montage.example', roles: ['728500:installer'] }, invalidBody: { roles: ['728500:installer'] } },
  'DELETE /v2/partners/{orgId}/users/{userId}': { path: '/v2/partners/728500/users/30002' },
  'POST /v2/partners/{orgId}/users/{userId}/roles': { path: '/v2/partners/728500/users/30001/roles', body: { roleIds: ['728500:installer'] } },
  'DELETE /v2/partners/{orgId}/users/{userId}/roles': { path: '/v2/partners/728500/users/30001/roles', body: { roleIds: ['728500:installer'] } },
  'GET /v2/partners/{orgId}/roles': { path: '/v2/partners/728500/roles' },
  'POST /v2/partners/{orgId}/roles': { path: '/v2/partners/728500/roles', body: { name: 'Roofer', slug: 'roofer', grants: [grant] }, invalidBody: { name: 'Roofer' } },
  'PUT /v2/partners/{orgId}/roles/{roleId}': { path: '/v2/partners/728500/roles/728500:installer', body: { name: 'Installer', slug: 'installer', grants: [grant] } },
  'DELETE /v2/partners/{orgId}/roles/{roleId}': {
    path: '/v2/partners/728500/roles/728500:surveyor',
    prepare: (state) => state.partnerRoles.get('728500')!.push({ id: '728500:surveyor', slug: 'surveyor', name: 'Surveyor', type: 'user_role', grants: [grant] }),
  },
  // Access Token
  'POST /v1/access-tokens': { path: '/v1/access-tokens', body: { name: 'Nightly export', expires_in: 3600 }, invalidBody: { name: 'x', colour: 'red' } },
  'GET /v1/access-tokens': { path: '/v1/access-tokens?token_type=api' },
  'DELETE /v1/access-tokens/{id}': { path: '/v1/access-tokens/api_demo_ci' },
  // Audit Logs
  'POST /v1/logs': { path: '/v1/logs', body: { limit: 2, page: 0 }, invalidBody: { limit: 'two' } },
  'GET /v1/logs/{logId}': { path: '/v1/logs/00000000-0000-4000-8000-000000000002' },
};

const router = createRouter();

describe('the emulator keeps the published contract', () => {
  it('has a sample request for every route, and no sample without a route', () => {
    const routes = router.routes.map((r) => `${r.method} ${r.template}`).sort();
    expect(Object.keys(SAMPLES).sort()).toEqual(routes);
  });

  for (const route of router.routes) {
    const key = `${route.method} ${route.template}`;
    const sample = SAMPLES[key];
    if (!sample) continue;
    const request = (path: string, body?: unknown) => ({ method: route.method, url: path, body });

    it(`${key}: a valid request gets a response that conforms`, async () => {
      const state = seedState('demo');
      sample.prepare?.(state);
      const answer = await handle(router, state, {
        method: route.method,
        url: sample.path,
        headers: sample.anonymous ? {} : { authorization: `Bearer ${DEMO_TOKENS.prod}` },
        body: sample.body === undefined ? '' : JSON.stringify(sample.body),
      });
      expect(answer.status, answer.body).toBeLessThan(300);
      const body = answer.body ? (JSON.parse(answer.body) as unknown) : undefined;
      expect(checkResponse(request(sample.path), answer.status, body)).toEqual([]);
    });

    if (isUnpublished(route.method, sample.path.split('?')[0]!)) continue;
    it(`${key}: an invalid request gets 400 and the reason`, async () => {
      const state = seedState('demo');
      const headers = sample.anonymous ? {} : { authorization: `Bearer ${DEMO_TOKENS.prod}` };
      const body = sample.body === undefined ? '' : JSON.stringify(sample.body);
      const path = `${sample.path}${sample.path.includes('?') ? '&' : '?'}colour=red`;
      const answer = await handle(router, state, { method: route.method, url: path, headers, body });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).message).toContain('query parameter "colour" is not in the spec');
      if (sample.invalidBody === undefined) return;
      const refused = await handle(router, state, { method: route.method, url: sample.path, headers, body: JSON.stringify(sample.invalidBody) });
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.body).message).toMatch(/^Request does not match the API spec: .*body does not match/);
    });
  }
});
