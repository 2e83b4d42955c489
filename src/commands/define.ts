import type { Command } from '@commander-js/extra-typings';
import type { CommonFlags, Context, GlobalFlags } from '../context.js';
import type { View } from '../output/printer.js';

// Typed flags: commander's extra typings infer each verb's options from its `flags` declaration,
// and defineVerb checks that the options its run function reads are exactly those.
type AnyCommand = Command<any, any, any>;

/** The options a flags declaration produces (`--display-name <name>` → `displayName?: string`). */
export type OptionsOf<C> = C extends Command<any, infer O, any> ? (0 extends 1 & O ? {} : O) : never;

/** Options every verb may read without declaring them: the program's global flags and --json/--dry-run/--yes. */
type Provided = GlobalFlags & CommonFlags;

/**
 * `unknown` when the options type O of a verb's run function and the options I its flags declare
 * agree: every field of O has a flag, every flag has a field, and the types match. Otherwise an
 * object type whose one property names the difference, which makes defineVerb's argument fail to
 * compile with that name in the message. So a renamed or removed flag breaks the build even when
 * its field is optional.
 */
type Mismatch<O, I> =
  [Exclude<keyof O, keyof I | keyof Provided>] extends [never]
    ? [Exclude<keyof I, keyof O>] extends [never]
      ? [I] extends [Pick<O, keyof I & keyof O>]
        ? unknown
        : { 'options of run differ in type from their flags': I }
      : { 'flags without a field in the options of run': Exclude<keyof I, keyof O> }
    : { 'options of run without a flag (or flags not typed `(cmd: Command) =>`)': Exclude<keyof O, keyof I | keyof Provided> };

/**
 * One verb: its flags and its run function. `run` receives a Context and plain values, so a test
 * can call it directly; registration (program.ts) wires it to commander.
 */
export interface Verb<O = CommonFlags, A extends unknown[] = string[], C extends AnyCommand = AnyCommand> {
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
  /**
   * Declares the verb's own flags and returns the command, so their types reach `run`. Annotate the
   * parameter, `(cmd: Command) => cmd.option(...)`, and import Command, Option and Argument from
   * '@commander-js/extra-typings'.
   */
  flags?: (cmd: Command) => C;
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

/** A verb whose run function reads exactly the options its flags declare (see Mismatch). */
export function defineVerb<O, A extends unknown[], C extends AnyCommand = Command>(verb: Verb<O, A, C> & Mismatch<O, OptionsOf<C>>): Verb<O, A> {
  return verb as Verb<O, A>;
}
export const defineNoun = (noun: Noun): Noun => noun;
export const defineNounBody = (noun: NounBody): NounBody => noun;

/** commander collects repeatable flags with this: `--role a --role b,c` gives [a, b, c]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
