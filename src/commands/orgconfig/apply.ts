import type { Command } from '@commander-js/extra-typings';
import { deleteSettingsValue, putSettingsValue, type SettingsValue } from '../../api/organization.js';
import { createRole, deleteRole, putRole, type CreateRolePayload, type RolePayload } from '../../api/permissions.js';
import type { Http } from '../../api/types.js';
import { createGroup, deleteGroup, updateGroup, type CreateGroupBody, type UpdateGroupBody } from '../../api/user-groups.js';
import { bulkFlags } from '../../bulk/flags.js';
import type { BulkFlags, BulkRow } from '../../bulk/runner.js';
import type { CommonFlags, Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import type { Change } from '../../orgconfig/diff.js';
import { mapOrgFlag, onlyFlag, type KindFlags, type MapOrgFlags } from '../../orgconfig/flags.js';
import type { LiveOrg } from '../../orgconfig/live.js';
import { fromPlaceholders, KINDS, mapOrgIds, singular, type GroupDoc, type RoleDoc } from '../../orgconfig/model.js';
import { defineVerb } from '../define.js';

export interface ApplyOptions extends CommonFlags, Pick<KindFlags, 'only'>, MapOrgFlags, BulkFlags {
  prune?: boolean;
}

/** Roles every org has: `--prune` never deletes them, whatever the source says. */
export const SYSTEM_ROLE_SLUGS = new Set(['owner']);

interface Work {
  change: Change;
  /** Group member emails resolved to the target's user ids. */
  userIds?: string[];
}

export async function apply(ctx: Context, o: ApplyOptions, dir: string): Promise<void> {
  const [{ readExport }, { readLiveOrg }, { compare, countOf, renderChanges, sectionOfChange, summaryLine }, { liveSide }] = await Promise.all([
    import('../../orgconfig/files.js'),
    import('../../orgconfig/live.js'),
    import('../../orgconfig/diff.js'),
    import('../../orgconfig/sides.js'),
  ]);
  const source = mapOrgIds(await readExport(dir), o.mapOrg ?? [], o.only);
  const target = await liveSide(ctx, '@');
  const kinds = KINDS.filter((k) => source.kinds.includes(k) && (!o.only || o.only.includes(k)));
  const live: LiveOrg = await readLiveOrg(target.http, target.orgId, kinds, source.with, `@${target.profile} (org ${target.orgId})`, (m) => ctx.out.warn(m));
  const { changes } = compare(source, live, o.only);
  const protectedRole = (c: Change) => c.kind === 'roles' && SYSTEM_ROLE_SLUGS.has(c.name);
  const planned = changes.filter((c) => c.action !== 'delete' || (o.prune && !protectedRole(c)));
  const paint = await ctx.out.painter();
  const note = o.prune ? 'system role, never deleted' : 'only in the target; kept without --prune';
  const shown = o.prune ? changes.filter((c) => c.action !== 'delete' || !protectedRole(c)) : changes;
  if (shown.length) ctx.out.lines(await renderChanges(shown, paint, o.prune ? undefined : note), 'stderr');
  const counts = countOf(planned);
  ctx.out.info(`Plan for ${live.org?.name ?? 'organization'} (${target.orgId}, ${live.org?.organization_use ?? 'use unknown'}): ${summaryLine({ ...counts, delete: o.prune ? counts.delete : countOf(changes).delete }, !!o.prune)}`);
  if (!planned.length) {
    ctx.out.info('No changes.');
    return;
  }

  // Members are named by email in the files: every email must be a user of the target before anything is sent.
  const userIds = await memberIds(target.http, planned, live);

  const production = /^production$/i.test(live.org?.organization_use ?? '');
  await ctx.confirm(
    `Apply ${planned.length} change${planned.length === 1 ? '' : 's'} to ${production ? 'the PRODUCTION organization' : 'organization'} "${live.org?.name ?? target.orgId}" (${target.orgId}${live.org?.organization_use ? `, ${live.org.organization_use}` : ''})?`,
  );

  // Settings and groups do not depend on each other; a role may name a parent the same run creates,
  // so such runs go one change at a time, parents first.
  const order = (c: Change) => KINDS.indexOf(c.kind) * 10 + (c.kind === 'roles' && (c.to as RoleDoc | undefined)?.parent_role ? 1 : 0);
  const rows = [...planned].sort((a, b) => order(a) - order(b)).map((change, i): BulkRow<Work> => ({
    row: `change ${i + 1}`,
    item: `${change.action} ${singular(sectionOfChange(change))} ${change.name}`,
    key: `${change.kind}:${change.name}:${change.action}`,
    work: { change, userIds: change.kind === 'groups' ? userIds.get(change.name) : undefined },
  }));
  const dependent = planned.some((c) => c.kind === 'roles' && (c.to as RoleDoc | undefined)?.parent_role && planned.some((p) => p.kind === 'roles' && p.action === 'create'));
  const { runBulk } = await import('../../bulk/runner.js');
  const { reportView } = await import('../../bulk/report.js');
  await runBulk(
    ctx,
    { progress: 'Applying', name: 'apply', itemHeader: 'Change', rows, send: (work, http) => send(http, target.orgId, live, work) },
    { ...o, concurrency: dependent ? 1 : o.concurrency },
    reportView('Change'),
  );
}

async function memberIds(http: Http, planned: readonly Change[], live: LiveOrg): Promise<Map<string, string[]>> {
  if (!live.with.includes('members')) return new Map();
  const groups = planned.filter((c) => c.kind === 'groups' && c.action !== 'delete');
  const emails = [...new Set(groups.flatMap((c) => (c.to as GroupDoc).members ?? []))];
  const { findUsersByEmail } = await import('../../resolve/users.js');
  const found = await findUsersByEmail(http, emails);
  const unknown = emails.filter((e) => !found.has(e.toLowerCase()));
  if (unknown.length) {
    throw new NotFoundError(`${unknown.length} group member${unknown.length === 1 ? ' is' : 's are'} not a user of the target organization: ${unknown.join(', ')}. Nothing was sent.`, {
      hint: 'Invite them first (epi users invite --email …), or remove them from the group files.',
    });
  }
  return new Map(groups.map((c) => [c.name, ((c.to as GroupDoc).members ?? []).map((e) => found.get(e.toLowerCase())!.id)]));
}

async function send(http: Http, orgId: string, live: LiveOrg, { change, userIds }: Work): Promise<void> {
  const { kind, action, name } = change;
  if (kind === 'settings') {
    if (action === 'delete') await deleteSettingsValue(http, orgId, name);
    else await putSettingsValue(http, orgId, name, change.to as SettingsValue);
    return;
  }
  if (kind === 'roles') {
    const roleId = `${orgId}:${name}`;
    if (action === 'delete') {
      await deleteRole(http, roleId);
      return;
    }
    const role = fromPlaceholders(change.to as RoleDoc, orgId);
    if (action === 'create') await createRole(http, role as CreateRolePayload);
    else await putRole(http, roleId, { ...role, id: roleId, organization_id: orgId } as RolePayload);
    return;
  }
  const doc = change.to as GroupDoc | undefined;
  const groupId = live.groupIds.get(name);
  if (action === 'delete') {
    await deleteGroup(http, groupId!);
    return;
  }
  const body: UpdateGroupBody = {
    name: doc!.name,
    ...(doc!.abbreviation !== undefined ? { abbreviation: doc!.abbreviation } : {}),
    ...(doc!.gradient_colors ? { image_uri: { gradient_colors: doc!.gradient_colors } } : {}),
    ...(userIds ? { user_ids: userIds } : {}),
  };
  if (action === 'create') await createGroup(http, body as CreateGroupBody);
  else await updateGroup(http, groupId!, body);
}

export default defineVerb({
  name: 'apply <dir>',
  summary: 'Make the current org match an export: plan, confirm, apply (sandbox to production)',
  description: [
    'Apply a directory written by `epi export` to the organization of the current profile (--profile chooses it).',
    'epi reads the target, prints the plan (+ create, ~ change, - delete) with a summary, asks naming the org and',
    'its use (PRODUCTION is spelt out), then sends the changes through the bulk runner: a report row per change,',
    'a journal, --resume and Ctrl-C safety; a failed change is reported and the others go on (exit 1 if any failed).',
    'Resources only in the target are deleted only with --prune, and the owner role never. A second apply of the',
    'same directory says "No changes." Group members (exported with --with members) must be users of the target.',
    'Partner roles (exported with --with partner-roles) keep their partner_org_id; when the partner organization has',
    'another id in the target, --map-org <from>=<to> (repeatable) maps it in every role before the plan is made.',
  ].join('\n'),
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => bulkFlags(mapOrgFlag(onlyFlag(cmd.option('--prune', 'also delete settings, roles, partner roles and groups that exist only in the target')))),
  examples: [
    'epi --profile prod apply sandbox/',
    'epi --profile prod apply sandbox/ --dry-run',
    'epi --profile prod apply sandbox/ --prune --yes',
    'epi --profile prod apply sandbox/ --map-org 728500=739500',
    'epi --profile local-prod apply sandbox/ --dry-run',
  ],
  run: apply,
});
