import type { Command } from '@commander-js/extra-typings';
import { getPartnerRoles, updatePartnerRole, type UpdatePartnerRoleBody } from '../../api/partner-directory.js';
import { getRole, putRole, type RolePayload } from '../../api/permissions.js';
import { isPlanned, type Planned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { compact } from '../../input.js';
import type { IO } from '../../runtime.js';
import { roleIdFor } from '../../resolve/roles.js';
import { defineVerb } from '../define.js';
import { ROLE_ARG_HELP } from '../flags.js';
import { editGrants, grantsFromFlags, parseGrant, readRoleFile, repeat, validName, validSlug, type GrantEdits, type GrantSpec } from './grants.js';
import { PARTNER_FLAG, partnerOrg } from './partner.js';
import { ROLE_VIEW, type RoleRecord } from './views.js';

export interface UpdateRoleOptions extends CommonFlags {
  name?: string;
  slug?: string;
  grant?: string[];
  deny?: string[];
  addGrant?: string[];
  addDeny?: string[];
  removeGrant?: string[];
  fromFile?: string;
  partner?: string;
}

export interface RoleChanges {
  name?: string;
  slug?: string;
  edits: GrantEdits;
  /** Top-level fields from --from-file that replace the role's. */
  file?: Record<string, unknown>;
}

/** The requested changes, checked before anything is read or sent. */
export async function roleChanges(o: UpdateRoleOptions, io: IO, partner: boolean): Promise<RoleChanges> {
  if (o.slug !== undefined && !partner) {
    throw new UsageError('--slug changes only partner roles (--partner): a Permissions API role id is <org-id>:<slug>.', {
      hint: 'Create a role with the new slug (`epi roles create`), move the assignments, then delete the old one.',
    });
  }
  const replace = o.grant || o.deny ? grantsFromFlags(o.grant, o.deny, ['--grant', '--deny']) : undefined;
  const add = grantsFromFlags(o.addGrant, o.addDeny, ['--add-grant', '--add-deny']);
  const remove = (o.removeGrant ?? []).map((g) => parseGrant(g, '--remove-grant', 'allow'));
  if (replace && (add.length || remove.length)) {
    throw new UsageError('--grant/--deny replace every grant and cannot be combined with --add-grant, --add-deny or --remove-grant.');
  }
  const edits: GrantEdits = { replace, add, remove };
  if (o.fromFile) {
    if (o.name !== undefined || o.slug !== undefined || replace || add.length || remove.length) {
      throw new UsageError('--from-file cannot be combined with other change flags.', { hint: 'Put every change in the file, or use flags only.' });
    }
    return { edits, file: await readRoleFile(o.fromFile, io, partner, false) };
  }
  const changes: RoleChanges = {
    name: o.name === undefined ? undefined : validName(o.name, '--name'),
    slug: o.slug === undefined ? undefined : validSlug(o.slug, '--slug', true),
    edits,
  };
  if (changes.name === undefined && changes.slug === undefined && !replace && !add.length && !remove.length) {
    throw new UsageError('Nothing to update.', {
      hint: `Pass --name, --grant/--deny, --add-grant, --add-deny, --remove-grant${partner ? ', --slug' : ''} or --from-file.`,
    });
  }
  return changes;
}

/** A copy of the role with the changes applied: file fields first, then name, slug and grant edits. */
function applyChanges<R extends RoleRecord>(current: R, changes: RoleChanges, warn: (spec: GrantSpec) => void, showCommand: string): R {
  const merged = { ...current, ...changes.file } as R;
  const grants = editGrants(merged.grants ?? [], changes.edits, current.id, warn, showCommand);
  return { ...merged, ...compact({ name: changes.name, slug: changes.slug }), grants };
}

/** vendor_enforced_user_limit is read-only (set only with internal auth), so it is not sent back. */
function writable<R extends object>(role: R): R {
  const { vendor_enforced_user_limit: _readOnly, ...rest } = role as R & { vendor_enforced_user_limit?: unknown };
  return rest as R;
}

export async function update(ctx: Context, o: UpdateRoleOptions, ref: string): Promise<void> {
  const partner = partnerOrg(o.partner);
  const changes = await roleChanges(o, ctx.io, partner !== undefined);
  const http = await ctx.http();
  const roleId = await roleIdFor(http, ref, { partnerOrg: partner });
  const warn = (g: GrantSpec) => ctx.out.warn(`Role ${roleId} already has ${g.effect} ${g.action}${g.resource ? ` on ${g.resource}` : ''}; not added twice.`);
  // Both APIs replace the whole role on PUT: read it, change it, write it back.
  let current: RoleRecord;
  let send: (next: RoleRecord) => Promise<RoleRecord | Planned | undefined>;
  if (partner) {
    const found = (await getPartnerRoles(http, partner)).find((r) => r.id === roleId);
    if (!found) {
      throw new NotFoundError(`No role ${roleId} in partner organization ${partner}.`, { hint: `See its roles with \`epi roles list --partner ${partner}\`.` });
    }
    current = found;
    send = (next) => updatePartnerRole(http, partner, roleId, { name: next.name, slug: next.slug!, grants: next.grants as UpdatePartnerRoleBody['grants'] });
  } else {
    current = await getRole(http, roleId);
    send = (next) => putRole(http, roleId, writable(next) as RolePayload);
  }
  const next = applyChanges(current, changes, warn, partner ? `epi roles list --partner ${partner} --json` : `epi roles get ${roleId}`);
  if (JSON.stringify(next) === JSON.stringify(current)) {
    ctx.out.info(`Role ${roleId} already looks like that; nothing was sent.`);
    await ctx.out.record(current, ROLE_VIEW);
    return;
  }
  const updated = await send(next);
  if (isPlanned(updated)) return;
  ctx.out.info(`Updated role ${roleId}.`);
  await ctx.out.record(updated ?? next, ROLE_VIEW);
}

export default defineVerb({
  name: 'update <role>',
  summary: "Change a role's name or grants (reads the role, changes it, writes it back)",
  description: `Change a role. Roles are replaced as a whole, so epi reads the role, applies the changes and writes it back
(Permissions API: GET then PUT /v1/permissions/roles/{roleId}; with --partner, Partner Directory API:
GET /v2/partners/{orgId}/roles then PUT /v2/partners/{orgId}/roles/{roleId}).

--add-grant/--add-deny add a grant, --remove-grant removes every grant with that action and resource;
--grant/--deny replace all grants, as in create. Grants are <action[:resource]>, split at the first ":".
--from-file takes a JSON object whose fields replace the role's (e.g. {"grants": [...]} with conditions).
${ROLE_ARG_HELP} An id is sent as given; a slug or name is looked up first.`,
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--name <name>', 'new name')
      .option('--slug <slug>', 'new slug (partner roles only)')
      .option('--add-grant <action[:resource]>', 'add an allow grant (repeatable)', repeat)
      .option('--add-deny <action[:resource]>', 'add a deny grant (repeatable)', repeat)
      .option('--remove-grant <action[:resource]>', 'remove the grants with this action and resource (repeatable)', repeat)
      .option('--grant <action[:resource]>', 'replace all grants: allow this (repeatable)', repeat)
      .option('--deny <action[:resource]>', 'replace all grants: deny this (repeatable)', repeat)
      .option('--from-file <path|->', 'JSON object whose fields replace the role\'s fields (a file, or - for stdin)')
      .option(...PARTNER_FLAG),
  examples: [
    'epi roles update 123:sales --add-grant entity-read:entity:123:contact:* --remove-grant entity-delete',
    'epi roles update 123:sales --name "Sales team" --dry-run',
    'epi roles update 456789:partner_sales --partner 456789 --slug partner_sellers --grant entity-read',
  ],
  run: update,
});
