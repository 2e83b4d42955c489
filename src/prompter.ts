import { CancelledError } from './errors.js';
import type { IO } from './runtime.js';

/** The questions epi can ask. Only used when Context.canPrompt is true. */
export interface Prompter {
  /** `signal` withdraws the question (auth login stops asking for a pasted token once the browser answered). */
  secret(message: string, options?: { signal?: AbortSignal }): Promise<string>;
  input(message: string, options?: { default?: string }): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
}

/** @inquirer/prompts, loaded only when a question is actually asked. Ctrl-C becomes CancelledError (exit 130). */
export function inquirerPrompter(io: IO): Prompter {
  const context = { input: io.stdin, output: io.stderr } as never;
  const cancelled = (error: unknown): never => {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw new CancelledError();
    throw error;
  };
  return {
    async secret(message, options) {
      const { password } = await import('@inquirer/prompts');
      return password({ message, mask: true }, { ...(context as object), signal: options?.signal } as never).catch(cancelled);
    },
    async input(message, options) {
      const { input } = await import('@inquirer/prompts');
      return input({ message, default: options?.default }, context).catch(cancelled);
    },
    async confirm(message, options) {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: options?.default ?? false }, context).catch(cancelled);
    },
  };
}
