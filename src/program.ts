import { Command, InvalidArgumentError, Option, type CommandOptions } from 'commander';
import { Context } from './context.js';
import type { CommandEntry, Noun, Verb } from './commands/define.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_CODE_HELP } from './errors.js';
import type { Runtime } from './runtime.js';
import { VERSION } from './version.js';

const ENV_HELP = `Environment:
  EPILOT_TOKEN        token to use instead of the stored one
  EPILOT_PROFILE      profile to use (default: "default"); --profile wins
  EPILOT_ENV          prod, staging or dev; --env wins
  EPILOT_<API>_API_URL  base URL override: ORGANIZATION, USER, PARTNER_DIRECTORY, PERMISSIONS
  EPI_CONFIG_DIR      where config.json (profiles and tokens) lives
  EPI_DEBUG=1         same as --debug
  NO_COLOR, FORCE_COLOR  colour control`;

/** Global options that take a value, so the word after them is not mistaken for the command. */
const VALUE_OPTIONS = new Set(['-p', '--profile', '--env', '--timeout', '--max-retries']);

/** The top-level command a command line names (`epi --profile x users list` → users; `epi help users` → users). */
export function commandName(argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    words.push(a);
  }
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Builds the command tree. Given the command line, only the command it names is loaded in full;
 * the others are listed by name and summary, which is all `epi --help` shows. Without argv (shell
 * completion, tests) every command is loaded.
 */
export async function buildProgram(runtime: Runtime, argv?: readonly string[]): Promise<Command> {
  const program = new Command('epi')
    .description('epi: manage your epilot organization, settings, users, groups, roles and partners from the command line.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('-p, --profile <name>', 'profile to use for this command (default: $EPILOT_PROFILE or "default")')
    .addOption(new Option('--env <env>', 'epilot environment').choices(['prod', 'staging', 'dev']))
    .option('--timeout <seconds>', 'request timeout in seconds (default: 30)', positiveNumber('--timeout'))
    .option('--max-retries <n>', 'retries for idempotent requests (default: 3)', nonNegativeInt('--max-retries'))
    .option('--debug', 'log each request and response to stderr (tokens redacted); also EPI_DEBUG=1')
    .option('--no-input', 'never prompt; fail with exit 2 when input is missing')
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', `\n${ENV_HELP}\n\n${EXIT_CODE_HELP}\n\nLearn more: epi <command> --help`);
  program.configureOutput({
    writeOut: (s) => runtime.io.stdout.write(s),
    writeErr: (s) => runtime.io.stderr.write(s),
  });
  program.exitOverride();
  const wanted = argv && commandName(argv);
  for (const entry of COMMANDS) {
    if (argv && wanted !== entry.name && !entry.aliases?.includes(wanted ?? '')) addPlaceholder(program, entry);
    else await addEntry(program, entry, runtime);
  }
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
  const group = parent.command(noun.name).description(noun.description ?? noun.summary).summary(noun.summary);
  if (noun.aliases) group.aliases(noun.aliases);
  if (noun.default) addDefaultVerb(group, noun.default, runtime);
  for (const verb of noun.verbs) addVerb(group, verb, runtime);
  for (const child of noun.nouns ?? []) addNoun(group, child, runtime);
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
    noun.error(`error: unknown command '${first}' for 'epi ${noun.name()}'`, { code: 'commander.unknownCommand' });
  });
}

export function addVerb(parent: Command, verb: Verb<any, any>, runtime: Runtime, options?: CommandOptions): Command {
  const cmd = parent.command(verb.name, options).summary(verb.summary).description(verb.description ?? verb.summary);
  if (verb.aliases) cmd.aliases(verb.aliases);
  verb.flags?.(cmd);
  if (verb.json) cmd.option('--json [fields]', 'print JSON; optionally only these comma-separated fields (e.g. id,name,address.city)');
  if (verb.dryRun) cmd.option('--dry-run', 'print the request(s) that would change something, as JSON, and send nothing');
  if (verb.confirm) cmd.option('-y, --yes', 'do not ask for confirmation (required without a terminal)');
  if (verb.examples?.length) cmd.addHelpText('after', `\nExamples:\n${verb.examples.map((e) => `  $ ${e}`).join('\n')}`);
  cmd.action(async (...input: unknown[]) => {
    const self = input.at(-1) as Command;
    const opts = self.optsWithGlobals();
    const ctx = new Context(runtime, opts);
    await verb.run(ctx, opts, ...self.processedArgs);
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
