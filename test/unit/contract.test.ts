import { describe, expect, it } from 'vitest';
import { checkRequest, findOperation, SPECS, UNPUBLISHED } from '../helpers/contract.js';
import type { Service } from '../../src/config/env.js';

describe('the contract checker', () => {
  it('loads a spec from each @epilot package (the Audit Logs API has the fewest paths: 2)', () => {
    for (const service of Object.keys(SPECS) as Service[]) expect(Object.keys(SPECS[service].doc.paths).length).toBeGreaterThanOrEqual(2);
  });

  it('lists exactly the operations the published specs still lack', () => {
    for (const [key, service] of Object.entries(UNPUBLISHED)) {
      const [method, template] = key.split(' ');
      expect(SPECS[service as Service].doc.paths[template!]?.[method!.toLowerCase()], `${key} is now published: remove it from UNPUBLISHED`).toBeUndefined();
    }
  });

  it('accepts a valid request and prefers literal paths over templates', () => {
    expect(checkRequest({ method: 'GET', url: 'https://organization-v2.sls.epilot.io/v2/organization/current' })).toEqual([]);
    expect(findOperation('organization', 'GET', '/v2/organization/current')?.op.operationId).toBe('getCurrentOrganization');
  });

  it('flags unknown paths, undeclared query parameters and bodies that break the schema', () => {
    expect(checkRequest({ method: 'GET', url: 'https://organization-v2.sls.epilot.io/v2/organisation/current' })[0]).toContain('no such operation');
    expect(checkRequest({ method: 'GET', url: 'https://organization-v2.sls.epilot.io/v2/organization/current?foo=1' })[0]).toContain('query parameter "foo"');
    expect(checkRequest({ method: 'PATCH', url: 'https://organization-v2.sls.epilot.io/v2/organization/1', body: { organization_use: 'Testing' } })[0]).toContain('body does not match updateOrganization');
    expect(checkRequest({ method: 'GET', url: 'https://organization-v2.sls.epilot.io/v2/organization/current', body: { a: 1 } })[0]).toContain('takes none');
  });

  it('checks query values against their declared type, range and format', () => {
    const users = 'https://user.sls.epilot.io/v2/users';
    expect(checkRequest({ method: 'GET', url: `${users}?limit=50&offset=100&query=ada` })).toEqual([]);
    expect(checkRequest({ method: 'GET', url: `${users}?limit=fifty` })[0]).toMatch(/query parameter "limit"="fifty" does not match the spec: limit.* must be (integer|number)/);
    expect(checkRequest({ method: 'GET', url: `${users}?limit=1&limit=2` })[0]).toContain('query parameter "limit"');
    expect(checkRequest({ method: 'GET', url: 'https://user.sls.epilot.io/v1/groups?hydrate=maybe' })[0]).toMatch(/"hydrate"="maybe".*boolean/);
    expect(checkRequest({ method: 'GET', url: 'https://user.sls.epilot.io/v1/groups?hydrate=true' })).toEqual([]);
    // style: form, explode: false: one comma-separated value holds the whole array.
    expect(checkRequest({ method: 'GET', url: 'https://user.sls.epilot.io/v1/users?org_ids=1,2' })).toEqual([]);
  });

  it('checks --dry-run plans as requests', async () => {
    const { parsePlans } = await import('../helpers/capture.js');
    const piped = '{"method":"PATCH","url":"https://user.sls.epilot.io/v1/groups/g1","headers":{},"body":{"name":"A"}}\n';
    const pretty = JSON.stringify({ method: 'DELETE', url: 'https://user.sls.epilot.io/v1/groups/g2', headers: {}, body: null }, null, 2);
    expect(parsePlans(piped + pretty)).toEqual([
      { method: 'PATCH', url: 'https://user.sls.epilot.io/v1/groups/g1', body: { name: 'A' } },
      { method: 'DELETE', url: 'https://user.sls.epilot.io/v1/groups/g2', body: undefined },
    ]);
    expect(checkRequest({ method: 'PATCH', url: 'https://user.sls.epilot.io/v1/groups/g1', body: { name: 5 } })[0]).toContain('body does not match');
  });

  it('checks partner-directory bodies against schemas derived from the package types (its spec has none)', () => {
    const roles = 'https://partner-directory-api.sls.epilot.io/v2/partners/456/roles';
    expect(checkRequest({ method: 'POST', url: roles, body: { name: 'Sales', slug: 'sales', grants: [{ action: 'entity-read' }] } })).toEqual([]);
    expect(checkRequest({ method: 'POST', url: roles, body: { name: 'Sales' } })[0]).toMatch(/^POST \/v2\/partners\/456\/roles: body does not match createPartnerRole: .*required property 'slug'/);
    expect(checkRequest({ method: 'POST', url: `${roles.replace('/roles', '/invite').replace('v2/partners/456', 'v2/partners/p1')}`, body: { language: 5 } })[0]).toContain(
      'body does not match invitePartnerV2',
    );
  });

  it('leaves requests to other hosts alone', () => {
    expect(checkRequest({ method: 'GET', url: 'http://127.0.0.1:9/anything' })).toEqual([]);
  });
});
