import type { Command } from '@commander-js/extra-typings';
import { createPartnerRole, type CreatePartnerRoleBody } from '../../api/partner-directory.js';
import { createRole, ROLE_TYPES, type CreateRolePayload, type GrantWithDependencies } from '../../api/permissions.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { compact, oneOf } from '../../input.js';
import { defineVerb } from '../define.js';
import { grantsFromFlags, isoDateTime, readRoleFile, repeat, validName, validSlug } from './grants.js';
import { PARTNER_FLAG, partnerOrg, rejectWithPartner } from './partner.js';
import { ROLE_VIEW } from './views.js';

export interface CreateRoleOptions extends CommonFlags {
  name?: string;
  slug?: string;
  type?: string;
  parentRole?: string;
  expiresAt?: string;
  grant?: string[];
  deny?: string[];
  fromFile?: string;
  partner?: string;
}

/** A role from flags, checked before anything is sent; a missing name or slug is asked for on a terminal. */
async function roleFromFlags(ctx: Context, o: CreateRoleOptions, partner: boolean) {
  const grants = grantsFromFlags(o.grant, o.deny, ['--grant', '--deny']);
  const type = o.type === undefined ? 'user_role' : oneOf(o.type, ROLE_TYPES, '--type');
  if (o.parentRole !== undefined && type !== 'user_role') {
    throw new UsageError(`--parent-role applies only to --type user_role, not ${type}.`);
  }
  if (o.parentRole !== undefined && !o.parentRole.trim()) throw new UsageError('--parent-role needs a role id, e.g. 123:owner.');
  const expires = o.expiresAt === undefined ? undefined : isoDateTime(o.expiresAt, '--expires-at');
  const name = validName(await ctx.require(o.name, '--name', 'Role name:'), '--name');
  const slug = validSlug(await ctx.require(o.slug, '--slug', 'Role slug:'), '--slug', partner);
  const payload = compact({ type, name, slug, grants, parent_role: o.parentRole?.trim(), expires_at: expires }) as CreateRolePayload;
  return { name, slug, grants, payload };
}

/** A whole payload from --from-file (grants may carry conditions and dependencies), checked like flags. */
async function roleFromFile(ctx: Context, o: CreateRoleOptions, partner: boolean) {
  const flagged = Object.entries({ '--name': o.name, '--slug': o.slug, '--type': o.type, '--parent-role': o.parentRole, '--expires-at': o.expiresAt, '--grant': o.grant, '--deny': o.deny })
    .filter(([, v]) => v !== undefined)
    .map(([flag]) => flag);
  if (flagged.length) throw new UsageError(`--from-file cannot be combined with ${flagged.join(', ')}.`, { hint: 'Put every field in the file, or use flags only.' });
  const file = await readRoleFile(o.fromFile!, ctx.io, partner, true);
  const { name, slug, grants } = file as { name: string; slug: string; grants: GrantWithDependencies[] };
  return { name, slug, grants, payload: { type: 'user_role', ...file } as CreateRolePayload };
}

export async function create(ctx: Context, o: CreateRoleOptions): Promise<void> {
  const partner = partnerOrg(o.partner);
  rejectWithPartner(partner, { '--type': o.type, '--parent-role': o.parentRole, '--expires-at': o.expiresAt });
  const role = o.fromFile ? await roleFromFile(ctx, o, partner !== undefined) : await roleFromFlags(ctx, o, partner !== undefined);
  const http = await ctx.http();
  const created = partner
    ? await createPartnerRole(http, partner, { name: role.name, slug: role.slug, grants: role.grants as CreatePartnerRoleBody['grants'] })
    : await createRole(http, role.payload);
  if (isPlanned(created)) return;
  ctx.out.info(`Created role ${created.id}.`);
  await ctx.out.record(created, ROLE_VIEW);
}

export default defineVerb({
  name: 'create',
  summary: 'Create a role with grants',
  description: `Create a role (Permissions API: POST /v1/permissions/roles), or with --partner a partner organization's role
(Partner Directory API: POST /v2/partners/{orgId}/roles).

A grant is <action[:resource]>: the action is everything before the first ":", the resource is the rest and may
contain colons (entity-read:entity:123:contact:*). --grant allows, --deny denies; both repeat. For conditions
and dependencies, write the whole payload to a file and pass --from-file.`,
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--name <name>', 'role name')
      .option('--slug <slug>', 'role slug: letters, digits, _ and - (partner roles: lowercase, digits and _); the id becomes <org-id>:<slug>')
      .option('--type <type>', `role type: ${ROLE_TYPES.join(', ')} (default: user_role)`)
      .option('--parent-role <role-id>', 'role this user_role inherits from (an org_role, share_role or partner_role)')
      .option('--expires-at <date>', 'when the role expires (ISO date or date-time)')
      .option('--grant <action[:resource]>', 'allow this action, on this resource if given (repeatable)', repeat)
      .option('--deny <action[:resource]>', 'deny this action, on this resource if given (repeatable)', repeat)
      .option('--from-file <path|->', 'send this JSON payload (name, slug, type, grants with conditions and dependencies; a file, or - for stdin)')
      .option(...PARTNER_FLAG),
  examples: [
    'epi roles create --name "Sales" --slug sales --grant entity-read:entity:*:contact:* --deny entity-delete',
    'epi roles create --from-file role.json --dry-run',
    'epi roles create --partner 456789 --name "Partner Sales" --slug partner_sales --grant entity-read',
  ],
  run: create,
});
