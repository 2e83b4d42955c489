import type { Command } from 'commander';
import type { CommonFlags, Context } from '../context.js';
import type { View } from '../output/printer.js';

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
  /** Adds --json [fields], --format and --jq. */
  json?: boolean;
  /** What the verb prints: --json fields are checked against its documented fields before any request. */
  view?: View<any>;
  /** Adds --dry-run: the command changes something. */
  dryRun?: boolean;
  /** Adds -y/--yes: the command deletes, rejects, unassigns or replaces. */
  confirm?: boolean;
  aliases?: string[];
  /** Declares the verb's own flags. */
  flags?: (cmd: Command) => void;
  run: (ctx: Context, opts: O, ...args: A) => Promise<void>;
}

/** What a noun's module holds: its verbs and nested nouns. Its name and summary are in commands/index.ts. */
export interface NounBody {
  description?: string;
  verbs: Array<Verb<any, any>>;
  /** The verb that also runs when the noun is given alone (`epi me` runs `epi me show`); it takes no arguments. */
  default?: Verb<any, any>;
  /** Nested nouns, e.g. `me settings`, `partners users`. */
  nouns?: Noun[];
}

export interface Noun extends NounBody {
  name: string;
  summary: string;
  aliases?: string[];
}

/**
 * A top-level command as `epi --help` lists it. Its module is imported only when the command line
 * names it, so start-up parses one noun's code, not all seventy-odd verbs.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  aliases?: string[];
  load: () => Promise<{ noun: NounBody } | { verb: Verb<any, any> }>;
}

export const defineVerb = <O = CommonFlags, A extends unknown[] = string[]>(verb: Verb<O, A>): Verb<O, A> => verb;
export const defineNoun = (noun: Noun): Noun => noun;
export const defineNounBody = (noun: NounBody): NounBody => noun;

/** commander collects repeatable flags with this: `--role a --role b,c` gives [a, b, c]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
