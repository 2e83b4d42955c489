import type { Command } from 'commander';
import type { CommonFlags, Context } from '../context.js';

/**
 * One verb: its flags and its run function. `run` receives a Context and plain values, so a test
 * can call it directly; registration (program.ts) wires it to commander.
 */
export interface Verb<O = CommonFlags, A extends unknown[] = string[]> {
  /** commander syntax: name plus arguments, e.g. "get [org-id]" or "add-users <id> <user-ids...>". */
  name: string;
  summary: string;
  /** Longer help text shown under the usage line. */
  description?: string;
  examples?: string[];
  /** Adds --json [fields]. */
  json?: boolean;
  /** Adds --dry-run: the command changes something. */
  dryRun?: boolean;
  /** Adds -y/--yes: the command deletes, rejects, unassigns or replaces. */
  confirm?: boolean;
  aliases?: string[];
  /** Declares the verb's own flags. */
  flags?: (cmd: Command) => void;
  run: (ctx: Context, opts: O, ...args: A) => Promise<void>;
}

export interface Noun {
  name: string;
  summary: string;
  description?: string;
  aliases?: string[];
  verbs: Array<Verb<any, any>>;
  /** The verb that also runs when the noun is given alone (`epi me` runs `epi me show`); it takes no arguments. */
  default?: Verb<any, any>;
  /** Nested nouns, e.g. `me settings`, `partners users`. */
  nouns?: Noun[];
}

export const defineVerb = <O = CommonFlags, A extends unknown[] = string[]>(verb: Verb<O, A>): Verb<O, A> => verb;
export const defineNoun = (noun: Noun): Noun => noun;

/** commander collects repeatable flags with this: `--role a --role b,c` gives [a, b, c]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
