import { InvalidArgumentError, type Command, type OptionValues } from '@commander-js/extra-typings';
import { KINDS, WITH, type Kind, type With } from './model.js';

export interface KindFlags {
  only?: Kind[];
  with?: With[];
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
  return cmd.option('--with <extras>', `also include: ${WITH.join(', ')} (group members, as emails)`, listOf('--with', WITH));
}
