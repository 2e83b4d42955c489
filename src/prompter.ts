import { CancelledError } from './errors.js';
import type { IO } from './runtime.js';

/** The questions epi can ask. Only used when Context.canPrompt is true. */
export interface Prompter {
  /** `signal` withdraws the question (auth login stops asking for a pasted token once the browser answered). */
  secret(message: string, options?: { signal?: AbortSignal }): Promise<string>;
  input(message: string, options?: { default?: string }): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
}

/**
 * The three inquirer prompts epi asks with, each from its own package and loaded only when a
 * question is actually asked (@inquirer/prompts as a whole would bundle its editor prompt, with
 * iconv-lite and chardet, 650 KB epi never uses). Ctrl-C becomes CancelledError (exit 130).
 */
export function inquirerPrompter(io: IO): Prompter {
  const context = { input: io.stdin, output: io.stderr } as never;
  const cancelled = (error: unknown): never => {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw new CancelledError();
    throw error;
  };
  return {
    async secret(message, options) {
      const { default: password } = await import('@inquirer/password');
      return password({ message, mask: true }, { ...(context as object), signal: options?.signal } as never).catch(cancelled);
    },
    async input(message, options) {
      const { default: input } = await import('@inquirer/input');
      return input({ message, default: options?.default }, context).catch(cancelled);
    },
    async confirm(message, options) {
      const { default: confirm } = await import('@inquirer/confirm');
      return confirm({ message, default: options?.default ?? false }, context).catch(cancelled);
    },
  };
}
