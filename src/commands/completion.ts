import { Argument, type Command } from '@commander-js/extra-typings';
import type { CommonFlags, Context } from '../context.js';
import { UsageError } from '../errors.js';
import { bashScript } from './completion/bash.js';
import { fishScript } from './completion/fish.js';
import { completionTree, type CompletionCommand } from './completion/tree.js';
import { zshScript } from './completion/zsh.js';
import { defineVerb } from './define.js';

const SCRIPTS: Record<string, (root: CompletionCommand) => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };
export const SHELLS = Object.keys(SCRIPTS);

/** Prints a completion script generated from the command tree epi itself runs, so new commands complete at once. */
export async function completion(ctx: Context, _opts: CommonFlags, shell: string): Promise<void> {
  const script = SCRIPTS[shell];
  if (!script) throw new UsageError(`No completion for shell "${shell}".`, { hint: `Use one of: ${SHELLS.join(', ')}.` });
  // Loaded here, not at the top: program.ts imports the command list, which imports this file.
  const { buildProgram } = await import('../program.js');
  ctx.out.value(script(completionTree(await buildProgram({ io: ctx.io, env: ctx.env }))).trimEnd());
}

export default defineVerb({
  name: 'completion',
  summary: 'Print a shell completion script for bash, zsh or fish',
  description: `Print a script that completes epi's commands, subcommands, flags and flag values.

Install it once (and again after upgrading epi):
  bash   echo 'source <(epi completion bash)' >> ~/.bashrc
  zsh    epi completion zsh > "\${fpath[1]}/_epi"    (then start a new shell; needs compinit)
  fish   epi completion fish > ~/.config/fish/completions/epi.fish`,
  flags: (cmd: Command) => cmd.addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS)),
  examples: ['epi completion bash > /etc/bash_completion.d/epi', 'source <(epi completion zsh)'],
  run: completion,
});
