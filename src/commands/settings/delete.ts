import type { Command } from '@commander-js/extra-typings';
import { deleteSettingsValue } from '../../api/organization.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { ORG_FLAG } from './view.js';

export interface DeleteSettingOptions extends CommonFlags {
  org?: string;
}

export async function remove(ctx: Context, o: DeleteSettingOptions, key: string): Promise<void> {
  const orgId = await ctx.orgId(o.org);
  await ctx.confirm(`Delete setting "${key}" from organization ${orgId}?`);
  if (isPlanned(await deleteSettingsValue(await ctx.http(), orgId, key))) return;
  ctx.out.info(`Deleted setting "${key}" from organization ${orgId}.`);
  if (ctx.out.json) ctx.out.rawJson({ org_id: orgId, key, deleted: true });
}

export default defineVerb({
  name: 'delete <key>',
  summary: 'Delete a setting (asks first; --yes in scripts)',
  aliases: ['rm'],
  json: true,
  dryRun: true,
  confirm: true,
  flags: (cmd: Command) => cmd.option(...ORG_FLAG),
  run: remove,
});
