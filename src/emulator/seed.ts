/**
 * Invented demo data for the local emulator: a production org and its sandbox, about 25 users
 * with roles and groups, settings, a partner organization with users (and partner roles for it in
 * both orgs), partners to approve and to activate, API tokens, and audit events.
 * Every name, address and id here is made up. Tokens are unsigned JWT-shaped strings that only
 * the emulator accepts.
 */
import { issueApiToken } from './access-token.js';
import { recordEvent } from './audit-logs.js';
import { createState, type FakeState, type Rec } from './state.js';
import { DEMO, type Seed } from './tokens.js';

export { DEMO, DEMO_TOKENS, demoToken, SEEDS, type Seed } from './tokens.js';

const FIRST = ['Ada', 'Ben', 'Clara', 'David', 'Ella', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Klara', 'Lukas', 'Mia', 'Noah', 'Olga', 'Paul', 'Rosa', 'Simon', 'Tara', 'Uwe', 'Vera', 'Willi', 'Xenia', 'Yusuf', 'Zoe'];
const LAST = ['Admin', 'Berger', 'Conrad', 'Dietz', 'Engel', 'Fischer', 'Graf', 'Hahn', 'Iske', 'Jung', 'Kraus', 'Lang', 'Meyer', 'Neumann', 'Otto', 'Peters', 'Roth', 'Schulz', 'Thiel', 'Ulrich', 'Vogel', 'Wolf', 'Xander', 'Yilmaz', 'Zimmer'];
const DEPARTMENTS = ['Operations', 'Sales', 'Sales', 'Customer Service', 'Customer Service', 'Finance', 'Installation'];
const CREATED = '2026-01-15T09:00:00.000Z';

function role(orgId: string, slug: string, name: string, grants: Rec[], type = 'user_role'): Rec {
  return { id: `${orgId}:${slug}`, slug, name, type, organization_id: orgId, grants };
}

/** A role the partner org (the installer company) may assign to its own people, in this org's data. */
function partnerRole(orgId: string, slug: string, name: string, grants: Rec[]): Rec {
  return { id: `${orgId}:${slug}`, slug, name, type: 'partner_role', organization_id: orgId, partner_org_id: DEMO.partnerOrg, grants };
}

/** The roles every org has, plus the demo company's own. */
function rolesFor(orgId: string): Rec[] {
  return [
    role(orgId, 'owner', 'Owner', [{ action: 'manage', resource: '*', effect: 'allow' }], 'org_role'),
    role(orgId, 'admin', 'Administrator', [{ action: 'entity-read', resource: '*', effect: 'allow' }, { action: 'entity-edit', resource: '*', effect: 'allow' }, { action: 'user:edit', resource: '*', effect: 'allow' }]),
    role(orgId, 'sales', 'Sales', [{ action: 'entity-read', resource: 'entity:*:opportunity:*', effect: 'allow' }, { action: 'entity-edit', resource: 'entity:*:opportunity:*', effect: 'allow' }]),
    role(orgId, 'service', 'Customer Service', [{ action: 'entity-read', resource: 'entity:*:ticket:*', effect: 'allow' }, { action: 'message-send', resource: '*', effect: 'allow' }]),
    role(orgId, 'viewer', 'Viewer', [{ action: 'entity-read', resource: '*', effect: 'allow' }, { action: 'entity-delete', resource: '*', effect: 'deny' }]),
  ];
}

export function seedState(seed: Seed): FakeState {
  const state = createState();
  state.organizations.clear();
  state.settings.clear();
  state.users.length = 0;
  addOrgs(state);
  if (seed === 'empty') return addAdmins(state);

  const { prodOrg, sandboxOrg, partnerOrg } = DEMO;
  state.settings.set(prodOrg, {
    default_language: 'de',
    double_opt_in: { enabled: true },
    support_hotline: '+49 221 555 0100',
    portal_theme: { primary: '#0a6cff', logo: 'https://solar-demo.example/logo.svg' },
    max_upload_mb: 25,
  });
  state.settings.set(sandboxOrg, { default_language: 'de', double_opt_in: { enabled: false }, support_hotline: '+49 221 555 0199', max_upload_mb: 50 });

  state.roles.push(...rolesFor(prodOrg), ...rolesFor(sandboxOrg));
  state.roles.push(role(sandboxOrg, 'installer', 'Installer', [{ action: 'entity-read', resource: 'entity:*:installation:*', effect: 'allow' }]));
  // Partner roles for the installer partner: the sandbox lets it upload documents too, and has a maintenance role
  // production lacks (`epi diff @local-sandbox @local-prod --with partner-roles` shows both).
  const installation = (orgId: string) => [
    { action: 'entity-read', resource: `entity:${orgId}:installation:*`, effect: 'allow' },
    { action: 'entity-edit', resource: `entity:${orgId}:installation:*`, effect: 'allow' },
  ];
  state.roles.push(
    partnerRole(prodOrg, 'installation-partner', 'Installation Partner', installation(prodOrg)),
    partnerRole(sandboxOrg, 'installation-partner', 'Installation Partner', [...installation(sandboxOrg), { action: 'document-upload', resource: `entity:${sandboxOrg}:installation:*`, effect: 'allow' }]),
    partnerRole(sandboxOrg, 'maintenance-partner', 'Maintenance Partner', [{ action: 'entity-read', resource: `entity:${sandboxOrg}:ticket:*`, effect: 'allow' }]),
  );

  // 25 people in production; the first is the admin the demo token acts as.
  for (let i = 0; i < 25; i++) {
    const id = String(Number(DEMO.prodAdmin) + i);
    const [first, last] = [FIRST[i]!, LAST[i]!];
    state.users.push({
      id,
      organization_id: prodOrg,
      email: `${first.toLowerCase()}.${last.toLowerCase()}@solar-demo.example`,
      display_name: `${first} ${last}`,
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      // A few invitations still open, one deactivated account: an access review has something to find.
      status: i >= 22 ? 'Pending' : i === 21 ? 'Deactivated' : 'Active',
      preferred_language: i % 3 ? 'de' : 'en',
      created_at: CREATED,
    });
    const roles = i === 0 ? ['owner', 'admin'] : i < 3 ? ['admin'] : i % 3 === 0 ? ['sales'] : i % 3 === 1 ? ['service'] : ['viewer'];
    state.assignments.set(id, roles.map((slug) => `${prodOrg}:${slug}`));
  }
  // The sandbox has a smaller team.
  for (let i = 0; i < 5; i++) {
    const id = String(Number(DEMO.sandboxAdmin) + i);
    const first = ['Sam', 'Tina', 'Udo', 'Viktor', 'Wanda'][i]!;
    state.users.push({ id, organization_id: sandboxOrg, email: `${first.toLowerCase()}.sandbox@solar-demo.example`, display_name: `${first} Sandbox`, status: 'Active', preferred_language: 'de', created_at: CREATED });
    state.assignments.set(id, [`${sandboxOrg}:${i === 0 ? 'owner' : 'sales'}`]);
  }

  const members = (from: number, count: number, step = 1) => Array.from({ length: count }, (_, k) => String(Number(DEMO.prodAdmin) + from + k * step));
  const group = (orgId: string, id: string, name: string, user_ids: string[], color: string) => ({
    id,
    org_id: orgId,
    name,
    user_ids,
    abbreviation: name.slice(0, 2).toUpperCase(),
    image_uri: { gradient_colors: [color, '#ffffff'] },
    created_at: CREATED,
    updated_at: CREATED,
    created_by: DEMO.prodAdmin,
  });
  state.groups.push(
    group(prodOrg, 'grp-sales', 'Sales', members(3, 8, 3), '#ff8800'),
    group(prodOrg, 'grp-service', 'Customer Service', members(4, 7, 3), '#00aa66'),
    group(prodOrg, 'grp-install', 'Installation Team', members(6, 4), '#3366ff'),
    group(sandboxOrg, 'grp-sbx-sales', 'Sales', [String(Number(DEMO.sandboxAdmin) + 1)], '#ff8800'),
  );

  // A partner: an installer company the production org works with, with its own users and roles.
  state.organizations.set(partnerOrg, { id: partnerOrg, name: 'Sonnenschein Montage GmbH', type: 'Partner', email: 'info@sonnenschein-montage.example', organization_use: 'Production' });
  state.partners.push({
    id: 'partner-1',
    organization_id: prodOrg,
    partner_org_id: partnerOrg,
    company_name: 'Sonnenschein Montage GmbH',
    email: 'info@sonnenschein-montage.example',
    status: 'Active',
    created_at: CREATED,
  });
  state.partnerRoles.set(partnerOrg, [
    { id: `${partnerOrg}:installer`, slug: 'installer', name: 'Installer', type: 'user_role', grants: [{ action: 'entity-read', resource: 'entity:*:installation:*', effect: 'allow' }] },
  ]);
  state.partnerUsers.set(partnerOrg, [
    { id: '30001', email: 'lea.montage@sonnenschein-montage.example', name: 'Lea Montage', roles: [`${partnerOrg}:installer`] },
    { id: '30002', email: 'max.montage@sonnenschein-montage.example', name: 'Max Montage', roles: [`${partnerOrg}:installer`] },
  ]);

  // A roofing company that asked to work with the org (approve or reject it), and one invited by link.
  state.partners.push(
    { id: 'partner-2', organization_id: prodOrg, company_name: 'Dachdecker Demo KG', email: 'kontakt@dachdecker-demo.example', status: 'Request', created_at: CREATED },
    { id: 'partner-3', organization_id: prodOrg, company_name: 'Wärmepumpen Demo GmbH', email: 'info@waermepumpen-demo.example', status: 'Invited', invitation_token: 'inv-demo', invitation_email: 'info@waermepumpen-demo.example', language: 'de', created_at: CREATED },
  );

  // API tokens of the admin, as `epi tokens list` shows them (their secrets are never listed).
  issueApiToken(state, { id: 'api_demo_ci', orgId: prodOrg, userId: DEMO.prodAdmin, name: 'CI deploy', assignments: [`${prodOrg}:admin`], createdAt: '2026-03-02T10:00:00.000Z' });
  issueApiToken(state, { id: 'api_demo_export', orgId: prodOrg, userId: DEMO.prodAdmin, name: 'Data warehouse export', assignments: [`${prodOrg}:viewer`], createdAt: '2026-06-10T07:30:00.000Z' });
  issueApiToken(state, { id: 'api_demo_sandbox', orgId: sandboxOrg, userId: DEMO.sandboxAdmin, name: 'Sandbox tests', assignments: [`${sandboxOrg}:owner`], createdAt: '2026-09-01T12:00:00.000Z' });

  // A little history, so the audit log is not empty on the first look: the same records the
  // emulator makes of every write, one of them refused.
  const history: Array<[string, string, string, string, number, string]> = [
    ['2026-11-18T09:40:00.000Z', 'access-token', 'POST /v1/access-tokens', '/v1/access-tokens', 201, DEMO.prodAdmin],
    ['2026-11-20T08:12:00.000Z', 'organization', 'PUT /v2/organization/{org_id}/settings/{key}', `/v2/organization/${prodOrg}/settings/max_upload_mb`, 200, DEMO.prodAdmin],
    ['2026-11-21T14:30:00.000Z', 'user', 'POST /v2/users/invite', '/v2/users/invite', 201, DEMO.prodAdmin],
    ['2026-11-21T14:31:00.000Z', 'user', 'POST /v2/users/invite', '/v2/users/invite', 201, DEMO.prodAdmin],
    ['2026-11-22T10:05:00.000Z', 'permissions', 'PUT /v1/permissions/roles/{roleId}', `/v1/permissions/roles/${prodOrg}:sales`, 200, DEMO.prodAdmin],
    ['2026-11-23T16:45:00.000Z', 'permissions', 'POST /v1/permissions/assignments/{userId}/{roleId}', `/v1/permissions/assignments/20003/${prodOrg}:admin`, 403, '20002'],
    ['2026-11-24T11:20:00.000Z', 'user', 'PATCH /v1/groups/{id}', '/v1/groups/grp-sales', 201, '20002'],
  ];
  history.forEach(([timestamp, service, event, path, status, user], i) => {
    recordEvent(state, { id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, timestamp, org_id: prodOrg, user_id: user, service, event, path, status });
  });
  state.lastId = 40000;
  return state;
}

/** The two orgs: production and its sandbox. */
function addOrgs(state: FakeState): void {
  const { prodOrg, sandboxOrg } = DEMO;
  state.organizations.set(prodOrg, {
    id: prodOrg,
    name: 'Solar Demo GmbH',
    type: 'Vendor',
    email: 'ops@solar-demo.example',
    organization_use: 'Production',
    pricing_tier: 'Professional',
    address: { street: 'Beispielstraße', street_number: '1', postal_code: '50667', city: 'Köln', country: 'DE' },
  });
  state.organizations.set(sandboxOrg, {
    id: sandboxOrg,
    name: 'Solar Demo GmbH (Sandbox)',
    type: 'Vendor',
    email: 'ops@solar-demo.example',
    organization_use: 'Sandbox',
    parent_production_org_id: prodOrg,
    pricing_tier: 'Professional',
  });
  for (const orgId of [prodOrg, sandboxOrg]) state.settings.set(orgId, {});
}

/** The empty seed: each org has its admin (the demo tokens act as them) and the standard roles. */
function addAdmins(state: FakeState): FakeState {
  const { prodOrg, sandboxOrg } = DEMO;
  state.users.push({ id: DEMO.prodAdmin, organization_id: prodOrg, email: 'ada.admin@solar-demo.example', display_name: 'Ada Admin', status: 'Active', created_at: CREATED });
  state.users.push({ id: DEMO.sandboxAdmin, organization_id: sandboxOrg, email: 'sam.sandbox@solar-demo.example', display_name: 'Sam Sandbox', status: 'Active', created_at: CREATED });
  state.roles.push(...rolesFor(prodOrg), ...rolesFor(sandboxOrg));
  state.assignments.set(DEMO.prodAdmin, [`${prodOrg}:owner`]);
  state.assignments.set(DEMO.sandboxAdmin, [`${sandboxOrg}:owner`]);
  return state;
}
