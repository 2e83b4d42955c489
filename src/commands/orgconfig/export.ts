import type { Command } from '@commander-js/extra-typings';
import type { CommonFlags, Context } from '../../context.js';
import { defineVerb } from '../define.js';
import { onlyFlag, withFlag, type KindFlags } from '../../orgconfig/flags.js';
import { countOfSection, KINDS, sectionDocs, SECTIONS } from '../../orgconfig/model.js';

export interface ExportOptions extends CommonFlags, KindFlags {
  dir?: string;
  org?: string;
}

export async function exportOrg(ctx: Context, o: ExportOptions): Promise<void> {
  const dir = o.dir ?? 'org';
  const kinds = o.only ?? [...KINDS];
  const withs = o.with ?? [];
  const [{ readLiveOrg }, { writeExport }] = await Promise.all([import('../../orgconfig/live.js'), import('../../orgconfig/files.js')]);
  const orgId = await ctx.orgId(o.org);
  // Progress for a person watching; a script sees only the summary (or the error).
  if (ctx.io.stderrIsTTY) ctx.out.info(`Reading ${kinds.join(', ')}${withs.length ? ` with ${withs.join(', ')}` : ''} of organization ${orgId}...`);
  const config = await readLiveOrg(await ctx.http(), orgId, kinds, withs, `organization ${orgId}`, (m) => ctx.out.warn(m));
  writeExport(dir, config);
  const sections = SECTIONS.filter((s) => (s === 'partner-roles' ? kinds.includes('roles') && withs.includes('partner-roles') : kinds.includes(s)));
  const sizes = Object.fromEntries(sections.map((s) => [s, sectionDocs(config, s).size]));
  const counts = sections.map((s) => countOfSection(sizes[s]!, s));
  ctx.out.info(`Exported ${counts.join(', ')} of ${config.org?.name ?? 'organization'} (${orgId}, ${config.org?.organization_use ?? 'use unknown'}) to ${dir}.`);
  // For scripts: what was written where, as one object.
  if (ctx.out.json) ctx.out.value({ dir, source: config.org, kinds, with: withs, counts: sizes });
}

export default defineVerb({
  name: 'export',
  summary: "Write the org's settings, roles and groups to files (configuration as code)",
  description: [
    'Write the configuration of your organization to a directory: settings/<key>.json, roles/<slug>.json,',
    'groups/<name>.json and a manifest (epi-export.json). Only the org\'s own user roles are exported, and with',
    '--with partner-roles its partner roles (partner-roles/<slug>.json, with the partner_org_id of the partner org',
    'that may assign them); org ids in roles become {{org_id}}, a partner\'s id stays as it is (apply and diff map',
    'it with --map-org); ids, timestamps and authors are left out, so two exports of an unchanged org are',
    'identical. Users, tokens and secrets are never exported; group members only with --with members (as emails).',
    'Exporting into a directory that has an export replaces the files of the kinds exported and removes the files',
    'of resources that no longer exist.',
  ].join('\n'),
  json: true,
  flags: (cmd: Command) => withFlag(onlyFlag(cmd.option('--dir <dir>', 'directory to write (default: org)').option('--org <id>', 'the organization to export (default: your current one)'))),
  examples: [
    'epi export --dir org/',
    'epi --profile sandbox export --dir sandbox/ --with members,partner-roles',
    'epi export --only roles,groups --dir org/',
    'epi --profile local-sandbox export --dir sandbox/ --with partner-roles',
  ],
  run: exportOrg,
});
