import type { Command as TypedCommand } from '@commander-js/extra-typings';
import { Command, InvalidArgumentError, Option, type CommanderError, type CommandOptions } from 'commander';
import { ENVS } from './config/env.js';
import { Context } from './context.js';
import type { CommandEntry, Noun, Verb } from './commands/define.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_CODE_HELP, UsageError } from './errors.js';
import { DEFAULT_MAX_BODY_MB, DEFAULT_MAX_RECORDS, maxBodyOption, maxRecordsOption } from './limits.js';
import { outputFlags } from './output/flags.js';
import type { Runtime } from './runtime.js';
import { VERSION } from './version.js';

const ENV_HELP = `Environment:
  EPILOT_TOKEN        token to use instead of the stored one
  EPILOT_PROFILE      profile to use (default: "default"); --profile wins
  EPILOT_ENV          prod, staging, dev or local (the built-in emulator); --env wins
  EPILOT_<API>_API_URL  base URL override: ORGANIZATION, USER, PARTNER_DIRECTORY, PERMISSIONS
  EPI_CONFIG_DIR      where config.json (profiles and tokens) lives
  EPI_DEBUG=1         same as --debug
  EPI_MAX_BODY_MB, EPI_MAX_RECORDS  same as --max-body, --max-records
  HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY  proxies, as curl reads them
  NODE_EXTRA_CA_CERTS  PEM file of extra certificate authorities to trust
  NO_COLOR, FORCE_COLOR  colour control`;

/** What epi needs to know from the command line before commander has parsed it. */
export interface CommandLine {
  /** The top-level command it names (`epi --profile x users list` → users; `epi help users` → users). */
  command?: string;
  /** --debug is given. */
  debug: boolean;
  /** --json is given, so even an error commander raises before it reaches --json is reported as JSON. */
  json: boolean;
}

/**
 * The one reading of argv besides commander's own: which command to load, and how to report an
 * error that stops commander early. The options that take a value come from the program itself,
 * so the word after `--profile` is never taken for the command.
 */
export function readCommandLine(argv: readonly string[], program: Command): CommandLine {
  const takesValue = new Set(program.options.filter((o) => o.required).flatMap((o) => [o.short, o.long]));
  const words: string[] = [];
  let debug = false;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--debug') debug = true;
    else if (arg === '--json' || arg.startsWith('--json=')) json = true;
    else if (takesValue.has(arg)) i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return { command: words[0] === 'help' ? words[1] : words[0], debug, json };
}

/**
 * The program with its global options and no commands yet. Commands are added by addCommands, so
 * the command line can be read against the program's own options first.
 */
export function createProgram(runtime: Runtime): Command {
  const program = new Command('epi')
    .description('epi: manage your epilot organization, settings, users, groups, roles and partners from the command line.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('-p, --profile <name>', 'profile to use for this command (default: $EPILOT_PROFILE or "default")')
    .addOption(new Option('--env <env>', 'epilot environment; local is the built-in emulator (invented data, no account)').choices(ENVS))
    .option('--timeout <seconds>', 'request timeout in seconds (default: 30)', positiveNumber('--timeout'))
    .option('--max-retries <n>', 'retries for idempotent requests (default: 3)', nonNegativeInt('--max-retries'))
    .option('--max-body <MB>', `largest response body accepted, decoded (default: ${DEFAULT_MAX_BODY_MB}; also EPI_MAX_BODY_MB)`, maxBodyOption)
    .option('--max-records <n>', `most records one listing may return (default: ${DEFAULT_MAX_RECORDS}; also EPI_MAX_RECORDS)`, maxRecordsOption)
    .option('--debug', 'log each request and response to stderr (tokens redacted); also EPI_DEBUG=1')
    .option('--no-input', 'never prompt; fail with exit 2 when input is missing')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', `\n${ENV_HELP}\n\n${EXIT_CODE_HELP}\n\nLearn more: epi <command> --help`);
  // commander prints help and version itself; its errors go to the one reporter in cli.ts instead.
  program.configureOutput({
    writeOut: (s) => runtime.io.stdout.write(s),
    writeErr: (s) => runtime.io.stderr.write(s),
    outputError: () => {},
  });
  return program;
}

/**
 * Adds the commands. Only the command named by `only` is loaded in full; the others are listed by
 * name and summary, which is all `epi --help` shows. Without `only` (shell completion, tests) every
 * command is loaded.
 */
export async function addCommands(program: Command, runtime: Runtime, only?: { command?: string }): Promise<void> {
  for (const entry of COMMANDS) {
    if (only && only.command !== entry.name && !entry.aliases?.includes(only.command ?? '')) addPlaceholder(program, entry);
    else await addEntry(program, entry, runtime);
  }
  addGroupHelp(program);
  reportErrorsOf(program);
}

/** The whole command tree for a command line, or with every command loaded when there is none. */
export async function buildProgram(runtime: Runtime, argv?: readonly string[]): Promise<Command> {
  const program = createProgram(runtime);
  await addCommands(program, runtime, argv && readCommandLine(argv, program));
  return program;
}

function addPlaceholder(program: Command, entry: CommandEntry): void {
  const cmd = program.command(entry.name).summary(entry.summary).description(entry.summary);
  if (entry.aliases) cmd.aliases(entry.aliases);
}

async function addEntry(program: Command, entry: CommandEntry, runtime: Runtime): Promise<void> {
  const loaded = await entry.load();
  if ('verb' in loaded) addVerb(program, loaded.verb, runtime);
  else addNoun(program, { name: entry.name, summary: entry.summary, aliases: entry.aliases, ...loaded.noun }, runtime);
}

function addNoun(parent: Command, noun: Noun, runtime: Runtime): void {
  const group = parent.command(noun.name).description(prose(noun.description ?? noun.summary)).summary(noun.summary);
  if (noun.aliases) group.aliases(noun.aliases);
  if (noun.default) addDefaultVerb(group, noun.default, runtime);
  for (const verb of noun.verbs) addVerb(group, verb, runtime);
  for (const child of noun.nouns ?? []) addNoun(group, child, runtime);
  addGroupHelp(group);
}

/**
 * The noun's default verb runs when the noun stands alone (commander's isDefault). A word after the
 * noun that names no verb is then an unknown command, not a surplus argument of the default verb.
 */
function addDefaultVerb(group: Command, verb: Verb<any, any>, runtime: Runtime): void {
  const cmd = addVerb(group, verb, runtime, { isDefault: true });
  group.hook('preSubcommand', (noun, sub) => {
    const first = noun.args[0];
    if (sub !== cmd || first === undefined || first.startsWith('-') || first === cmd.name() || cmd.aliases().includes(first)) return;
    unknownCommand(noun, first);
  });
}

/**
 * A group named alone (`epi`, `epi users`) prints its help on stdout and succeeds, as gh does; a
 * word that names none of its commands is an unknown command. Its `help [command...]` replaces
 * commander's, which shows the group's help with exit 1 for a command it does not know.
 */
function addGroupHelp(group: Command): void {
  group.allowExcessArguments().action(() => {
    const word = group.args[0];
    if (word === undefined) group.help();
    unknownCommand(group, word);
  });
  group
    .command('help')
    .argument('[command...]')
    .description('display help for command')
    .action((words: string[]) => {
      let target = group;
      for (const word of words) target = target.commands.find((c) => c.name() === word || c.aliases().includes(word)) ?? unknownCommand(target, word);
      target.help();
    });
}

/**
 * commander's own "unknown command" error, with its "Did you mean ...?" suggestion, for a word that
 * commander did not reject itself (`epi help nosuch`, `epi me nosuch`). A throwaway command with the
 * same names raises it, so every spelling of the mistake reads alike.
 */
function unknownCommand(group: Command, word: string): never {
  const probe = new Command(group.name()).showSuggestionAfterError(true).configureOutput({ outputError: () => {} });
  probe.exitOverride((error) => {
    throw usageError(error, group);
  });
  for (const c of group.createHelp().visibleCommands(group)) probe.command(c.name()).aliases(c.aliases());
  probe.parse([word], { from: 'user' });
  throw new UsageError(`unknown command '${word}'`); // not reached: the probe has thrown
}

/** Every command of the tree hands its errors to cli.ts as UsageErrors that name the command's --help. */
function reportErrorsOf(cmd: Command): void {
  cmd.exitOverride((error) => {
    throw usageError(error, cmd);
  });
  for (const sub of cmd.commands) reportErrorsOf(sub);
}

/**
 * commander ends a run with a CommanderError: exit 0 once it has printed help or the version, or a
 * usage error such as an unknown option, a bad choice or a missing argument. The latter becomes a
 * UsageError (exit 2) whose hint names the flag and the command's --help.
 */
function usageError(error: CommanderError, cmd: Command): Error {
  if (error.exitCode === 0) return error;
  const [message = error.message, suggestion] = error.message.replace(/^error: /, '').split('\n');
  const path = commandPath(cmd);
  const flag = /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1];
  const about =
    error.code === 'commander.unknownCommand' ? 'its commands'
    : error.code === 'commander.unknownOption' ? 'its options'
    : (flag ?? 'its usage');
  const didYouMean = suggestion ? `${suggestion.replace(/^\((.*)\)$/, '$1')} ` : '';
  return new UsageError(message, { hint: `${didYouMean}See \`${path} --help\` for ${about}.` });
}

/**
 * Descriptions are written as paragraphs, some wrapped to fit the source line; commander wraps
 * them again to the terminal, so a line break inside a paragraph would show as a ragged half-line.
 * Blank lines stay paragraph breaks.
 */
export function prose(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' '))
    .join('\n\n');
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function addVerb(parent: Command, verb: Verb<any, any>, runtime: Runtime, options?: CommandOptions): Command {
  const cmd = parent.command(verb.name, options).summary(verb.summary).description(prose(verb.description ?? verb.summary));
  if (verb.aliases) cmd.aliases(verb.aliases);
  // The same commander object, seen through the extra typings the flags are declared with.
  const typed = cmd as unknown as TypedCommand;
  verb.flags?.(typed);
  if (verb.json) outputFlags(typed);
  if (verb.dryRun) cmd.option('--dry-run', 'print the request(s) that would change something, as JSON, and send nothing');
  if (verb.confirm) cmd.option('-y, --yes', 'do not ask for confirmation (required without a terminal)');
  if (verb.examples?.length) cmd.addHelpText('after', `\nExamples:\n${verb.examples.map((e) => `  $ ${e}`).join('\n')}`);
  cmd.action(async (...input: unknown[]) => {
    if (runtime.parseOnly) return;
    const self = input.at(-1) as Command;
    const opts = self.optsWithGlobals();
    const ctx = new Context(runtime, opts);
    await ctx.out.prepare(verb.view);
    await verb.run(ctx, opts, ...self.processedArgs);
    await ctx.out.finish();
  });
  return cmd;
}

function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} takes a positive number of seconds.`);
    return n;
  };
}

function nonNegativeInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 100) throw new InvalidArgumentError(`${flag} takes a whole number from 0 to 100.`);
    return n;
  };
}
