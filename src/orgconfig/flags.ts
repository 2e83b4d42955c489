import { InvalidArgumentError, type Command, type OptionValues } from '@commander-js/extra-typings';
import { KINDS, WITH, type Kind, type OrgMapping, type With } from './model.js';

export interface KindFlags {
  only?: Kind[];
  with?: With[];
}

export interface MapOrgFlags {
  mapOrg?: OrgMapping[];
}

function listOf<T extends string>(flag: string, allowed: readonly T[]) {
  return (value: string, previous: T[] = []): T[] => {
    const parts = value.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
    for (const p of parts) if (!(allowed as readonly string[]).includes(p)) throw new InvalidArgumentError(`${flag} "${p}" is not one of: ${allowed.join(', ')}.`);
    return [...new Set([...previous, ...(parts as T[])])];
  };
}

/** --only, declared once for export, diff and apply. */
export function onlyFlag<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd.option('--only <kinds>', `only these kinds, comma-separated: ${KINDS.join(', ')} (default: all)`, listOf('--only', KINDS));
}

/** --with, for the commands that read an org whose extras no manifest decides (export, diff). */
export function withFlag<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd.option('--with <extras>', `also include, comma-separated: ${WITH.join(', ')} (group members as emails; the org's partner roles)`, listOf('--with', WITH));
}

/** An org id as the APIs write it: digits, letters, `_` and `-`; a `{{…}}` or a path is a mistake. */
const ORG_ID = /^[A-Za-z0-9_-]+$/;

function orgMapping(value: string, previous: OrgMapping[] = []): OrgMapping[] {
  const flag = `--map-org ${JSON.stringify(value)}`;
  const [from = '', to = '', ...rest] = value.split('=').map((v) => v.trim());
  if (rest.length || !ORG_ID.test(from) || !ORG_ID.test(to)) throw new InvalidArgumentError(`${flag} is not <from>=<to>, two organization ids such as 728500=739500.`);
  if (from === to) throw new InvalidArgumentError(`${flag} maps organization ${from} to itself; leave it out.`);
  const other = previous.find((m) => m.from === from);
  if (other && other.to !== to) throw new InvalidArgumentError(`${flag} maps organization ${from} a second time (--map-org ${from}=${other.to} came first); give one target per organization.`);
  return other ? previous : [...previous, { from, to }];
}

/** --map-org, repeatable, for the commands that compare a source with a target (diff, apply). */
export function mapOrgFlag<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd.option('--map-org <from=to>', 'an organization the source names (a partner) that has another id in the target; repeatable', orgMapping);
}
