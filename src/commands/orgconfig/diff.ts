import type { Command } from '@commander-js/extra-typings';
import type { CommonFlags, Context } from '../../context.js';
import { OutcomeExit, UsageError } from '../../errors.js';
import { mapOrgFlag, onlyFlag, withFlag, type KindFlags, type MapOrgFlags } from '../../orgconfig/flags.js';
import { KINDS, mapOrgIds, type OrgConfig } from '../../orgconfig/model.js';
import { defineVerb } from '../define.js';

export type DiffOptions = CommonFlags & KindFlags & MapOrgFlags;

/**
 * Reads both sides; a directory's manifest decides which kinds (and extras) the live side reads.
 * The source's roles come back with --map-org applied, as apply would send them.
 */
export async function readBoth(ctx: Context, o: KindFlags & MapOrgFlags, source: string, target: string): Promise<[OrgConfig, OrgConfig]> {
  const { checkTwoProfiles, isLive, readSide } = await import('../../orgconfig/sides.js');
  checkTwoProfiles(ctx, source, target);
  const dirSide = [source, target].find((s) => !isLive(s));
  const fromDir = dirSide === undefined ? undefined : await readSide(ctx, dirSide, [], []);
  const kinds = (o.only ?? [...KINDS]).filter((k) => !fromDir || fromDir.kinds.includes(k));
  const withs = [...new Set([...(o.with ?? []), ...(fromDir?.with ?? [])])];
  const read = (spec: string) => (spec === dirSide && fromDir ? fromDir : readSide(ctx, spec, kinds, withs));
  const unmapped = await read(source);
  // Mapped before the target is read: a --map-org the source cannot use fails before that request.
  const a = mapOrgIds(unmapped, o.mapOrg ?? [], o.only);
  const b = source === target ? unmapped : await read(target);
  if (isLive(source) && isLive(target) && source !== target && a.org?.id === b.org?.id) {
    throw new UsageError(`${source} and ${target} are the same organization (${a.org?.id}).`, { hint: 'Check the profiles with `epi auth list`.' });
  }
  return [a, b];
}

export async function diffOrgs(ctx: Context, o: DiffOptions, source: string, target: string): Promise<void> {
  const [a, b] = await readBoth(ctx, o, source, target);
  const { compare, comparedSections, countOf, renderChanges } = await import('../../orgconfig/diff.js');
  const result = compare(a, b, o.only);
  if (ctx.out.json) ctx.out.value(result.changes);
  else if (result.changes.length) ctx.out.lines(await renderChanges(result.changes, await ctx.out.painter()));
  if (!result.changes.length) {
    ctx.out.info(`No differences in ${comparedSections(result).join(', ') || 'nothing comparable'} between ${a.label} and ${b.label}.`);
    return;
  }
  const c = countOf(result.changes);
  throw new OutcomeExit(`${result.changes.length} difference${result.changes.length === 1 ? '' : 's'}: ${c.create} only in ${a.label} (+), ${c.change} changed (~), ${c.delete} only in ${b.label} (-).`);
}

export default defineVerb({
  name: 'diff <source> <target>',
  summary: 'Compare two orgs or exports: settings, roles, groups (exit 1 when they differ)',
  description: [
    'Compare settings, roles and groups. Each side is a directory written by `epi export`, or @<profile> for the',
    'live org of that profile (@ alone is the current one). The output is what `epi apply <source>` would do to',
    'the target: + create, ~ change (target value → source value; nested values as a unified diff), - only in the',
    'target (deleted only by `apply --prune`). Exit 0 when they are the same, 1 when they differ, 2 for usage errors.',
    'Partner roles are compared when both sides have them (--with partner-roles, or an export made with it); their',
    'partner_org_id is compared as it is, unless --map-org <from>=<to> says the partner has another id in the target.',
  ].join('\n'),
  json: true,
  flags: (cmd: Command) => mapOrgFlag(withFlag(onlyFlag(cmd))),
  examples: [
    'epi diff @sandbox @prod',
    'epi diff org/ @prod',
    'epi diff @local-sandbox @local-prod --json',
    'epi diff @local-sandbox @local-prod --with partner-roles',
    'epi diff @sandbox @prod --with partner-roles --map-org 728500=739500',
  ],
  run: diffOrgs,
});
