import type { Command, Option } from 'commander';

export interface CompletionFlag {
  /** e.g. ['-p', '--profile']. */
  names: string[];
  /** The next word is this flag's value (`--env prod`); false for switches and optional values (`--json [fields]`). */
  takesValue: boolean;
  choices?: string[];
  description: string;
}

export interface CompletionCommand {
  /** Words from the program to here, canonical names only: '' for epi itself, 'org update'. */
  path: string;
  name: string;
  aliases: string[];
  description: string;
  subcommands: CompletionCommand[];
  /** Its own flags and those of every command above it, which commander accepts anywhere. */
  flags: CompletionFlag[];
  /** Allowed values of each positional argument, when commander restricts them. */
  argChoices: Array<string[] | undefined>;
  takesArgs: boolean;
}

/** The visible commands, aliases, flags and argument choices of a commander program, for completion scripts. */
export function completionTree(program: Command): CompletionCommand {
  return walk(program, '');
}

function walk(cmd: Command, path: string): CompletionCommand {
  const help = cmd.createHelp();
  const args = cmd.registeredArguments;
  return {
    path,
    name: cmd.name(),
    aliases: cmd.aliases(),
    description: cmd.summary() || firstLine(cmd.description()),
    subcommands: help.visibleCommands(cmd).map((sub) => walk(sub, path ? `${path} ${sub.name()}` : sub.name())),
    flags: [...help.visibleOptions(cmd), ...ancestorOptions(cmd)].map(toFlag),
    argChoices: args.map((a) => a.argChoices),
    takesArgs: args.length > 0,
  };
}

function ancestorOptions(cmd: Command): Option[] {
  const options: Option[] = [];
  for (let up = cmd.parent; up; up = up.parent) options.push(...up.options.filter((o) => !o.hidden));
  return options;
}

function toFlag(option: Option): CompletionFlag {
  return {
    names: [option.short, option.long].filter((n): n is string => !!n),
    takesValue: option.required,
    choices: option.argChoices,
    description: firstLine(option.description),
  };
}

const firstLine = (text: string): string => text.split('\n', 1)[0]!.trim();

/** Every command of the tree, the program first. */
export function allCommands(root: CompletionCommand): CompletionCommand[] {
  return [root, ...root.subcommands.flatMap(allCommands)];
}

/** Groups keys that share a value, in first-seen order, so a generated `case` gives each value one arm. */
export function groupByValue(entries: ReadonlyArray<readonly [string, string]>): Array<[string[], string]> {
  const byValue = new Map<string, string[]>();
  for (const [key, value] of entries) byValue.set(value, [...(byValue.get(value) ?? []), key]);
  return [...byValue].map(([value, keys]) => [keys, value]);
}
