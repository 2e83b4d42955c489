import type { Router } from './router.js';

export function registerOrganization(router: Router): void {
  router.on('GET', '/v2/organization/current', (req, state) => {
    const org = state.organizations.get(req.orgId!);
    return org ? { body: org } : { status: 404, body: { message: 'Organization not found' } };
  });
  router.on('GET', '/v2/organization/{org_id}', (req, state) => {
    const org = state.organizations.get(req.params.org_id!);
    return org ? { body: org } : { status: 404, body: { message: 'Organization not found' } };
  });
  router.on('PATCH', '/v2/organization/{org_id}', (req, state) => {
    const org = state.organizations.get(req.params.org_id!);
    if (!org) return { status: 404, body: { message: 'Organization not found' } };
    const patch = req.body as Record<string, any>;
    Object.assign(org, patch, patch.address ? { address: { ...org.address, ...patch.address } } : {});
    return { body: org };
  });
  router.on('GET', '/v2/organization/{org_id}/settings', (req, state) => ({ body: state.settings.get(req.params.org_id!) ?? {} }));
  router.on('PUT', '/v2/organization/{org_id}/settings/{key}', (req, state) => {
    const settings = state.settings.get(req.params.org_id!) ?? {};
    settings[req.params.key!] = req.body;
    state.settings.set(req.params.org_id!, settings);
    return { body: req.body };
  });
  router.on('DELETE', '/v2/organization/{org_id}/settings/{key}', (req, state) => {
    const settings = state.settings.get(req.params.org_id!) ?? {};
    delete settings[req.params.key!];
    return { body: {} };
  });
  const features = { version: '1.0.0', feature_flags: [{ feature_name: 'canary', title: { en: 'Canary' }, badge: 'beta', visibility_rules: [] }] };
  router.on('GET', '/v2/organization/feature-settings', () => ({ body: features }));
  router.on('GET', '/v2/feature-settings', () => ({ body: features }));
}
