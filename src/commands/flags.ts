import { Option } from '@commander-js/extra-typings';
import { distinct } from '../input.js';
import { collect } from './define.js';

/**
 * Flags that name users and roles, declared once so every command spells and explains them the
 * same way (HOUSE-STYLE flag vocabulary). The values are resolved by src/resolve/.
 */

export const USER_FLAG = ['--user <user>', 'a user, by id or email (repeatable, or comma-separated)', collect] as const;

export const ROLE_FLAG = ['--role <role>', 'a role, by id, slug or name (repeatable, or comma-separated)', collect] as const;

/** `--roles`, kept as a hidden alias of --role where a command had it before the vocabulary was settled. */
export const rolesAlias = () => new Option('--roles <role>', 'same as --role').hideHelp().argParser(collect);

/** The --user values, each once; none is a usage error. */
export function usersOf(users: string[] | undefined): string[] {
  return distinct(users, '--user', 'Name each user with --user <user>: an id or an email (repeatable, or comma-separated).');
}

/** The --role (and --roles) values, each once; none is a usage error. */
export function rolesOf(o: { role?: string[]; roles?: string[] }): string[] {
  return distinct([...(o.role ?? []), ...(o.roles ?? [])], '--role', 'Name each role with --role <role>: an id, slug or name (repeatable, or comma-separated).');
}

/** The line every verb that takes a `<user>` argument shows in its help. */
export const USER_ARG_HELP = '<user> is a user id or an email address (any case; an email is looked up first).';

/** The line every verb that takes a `<role>` argument shows in its help. */
export const ROLE_ARG_HELP = '<role> is a role id (123:sales), slug (sales) or name (Sales Team), in any case.';
