import { Argument, Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { completionTree, allCommands } from '../../src/commands/completion/tree.js';
import { buildProgram } from '../../src/program.js';
import { runEpi } from '../helpers/run.js';

function tinyProgram(): Command {
  const program = new Command('epi').option('-p, --profile <name>', 'profile').addOption(new Option('--env <env>', 'env').choices(['prod', 'dev']));
  const org = program.command('org').summary('Organizations').aliases(['organization']);
  org.command('update').summary('Update it').option('--name <name>', 'new name').option('--json [fields]', 'json').option('--yes', 'confirm');
  org.command('secret').summary('hidden one');
  (org.commands.at(-1) as Command & { _hidden: boolean })._hidden = true;
  program.command('completion').summary('Scripts').addArgument(new Argument('<shell>').choices(['bash', 'zsh']));
  return program;
}

describe('completionTree', () => {
  const root = completionTree(tinyProgram());
  const byPath = new Map(allCommands(root).map((c) => [c.path, c]));

  it('walks visible commands with canonical paths and aliases, the implicit help command included', () => {
    expect([...byPath.keys()]).toEqual(['', 'org', 'org update', 'org help', 'completion', 'help']);
    expect(byPath.get('org')!.aliases).toEqual(['organization']);
    expect(byPath.get('org')!.description).toBe('Organizations');
  });

  it('gives each command its own flags plus those of the commands above it', () => {
    const flags = byPath.get('org update')!.flags;
    expect(flags.map((f) => f.names.join('|'))).toEqual(['--name', '--json', '--yes', '-h|--help', '-p|--profile', '--env']);
    expect(flags.find((f) => f.names.includes('--name'))!.takesValue).toBe(true);
    // An optional value may be followed by a subcommand or an argument, so it never swallows the next word.
    expect(flags.find((f) => f.names.includes('--json'))!.takesValue).toBe(false);
    expect(flags.find((f) => f.names.includes('--env'))!.choices).toEqual(['prod', 'dev']);
  });

  it('records argument choices', () => {
    expect(byPath.get('completion')!.argChoices).toEqual([['bash', 'zsh']]);
    expect(byPath.get('completion')!.takesArgs).toBe(true);
    expect(byPath.get('org update')!.takesArgs).toBe(false);
  });
});

const PROGRAM = await buildProgram({ io: {} as never, env: {} });

describe('epi completion', () => {
  const every = allCommands(completionTree(PROGRAM));

  it.each(['bash', 'zsh', 'fish'])('%s: the script knows every command of the real tree, so new nouns complete at once', async (shell) => {
    const r = await runEpi(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const c of every.filter((x) => x.path)) {
      const parent = c.path.split(' ').slice(0, -1).join(' ');
      const key = shell === 'fish' ? `-n '__epi_at \\'${parent}\\'' -a '${c.name}'` : `'${parent}/${c.name}'`;
      expect(r.stdout, `${shell} completes "${c.path}"`).toContain(key);
    }
  });

  it('bash: registers the function for epi', async () => {
    const r = await runEpi('completion bash');
    expect(r.stdout).toMatch(/^# bash completion for epi/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('complete -F _epi_completions epi');
  });

  it('zsh: works from $fpath and when sourced, with descriptions', async () => {
    const r = await runEpi('completion zsh');
    expect(r.stdout.split('\n')[0]).toBe('#compdef epi');
    expect(r.stdout).toContain("'org:Your organization: show, update, list, switch and create'");
    expect(r.stdout).toContain("'--max-retries:retries for idempotent requests (default: 3)'");
    expect(r.stdout).toContain('if [[ "${funcstack[1]}" == _epi ]]; then _epi "$@"; else compdef _epi epi; fi');
    // zsh ties $path to $PATH: the script must never declare a variable of that name.
    expect(r.stdout).not.toMatch(/local[^\n]*\bpath\b/);
  });

  it('fish: flag values, choices and files', async () => {
    const r = await runEpi('completion fish');
    expect(r.stdout).toContain("complete -c epi -f\n");
    expect(r.stdout).toContain("complete -c epi -n '__epi_at \\'\\'' -l 'env' -x -a 'prod staging dev local'");
    expect(r.stdout).toContain("complete -c epi -n '__epi_at \\'api\\'' -l 'input' -r -F");
    expect(r.stdout).toContain("complete -c epi -n '__epi_at \\'completion\\'' -a 'bash zsh fish'");
  });

  it('rejects an unknown shell with exit 2 and the choices', async () => {
    const r = await runEpi('completion powershell');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bash, zsh, fish');
  });
});
