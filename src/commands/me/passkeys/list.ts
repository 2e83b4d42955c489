import type { Command } from '@commander-js/extra-typings';
import { listPasskeys } from '../../../api/user-me.js';
import type { CommonFlags, Context } from '../../../context.js';
import { pagingFlags, printPaged, type PageFlags } from '../../../paging.js';
import { defineVerb } from '../../define.js';
import { wholeListPages } from '../../../paging.js';
import { PASSKEY_VIEW } from './view.js';

export type ListPasskeysOptions = CommonFlags & PageFlags;

export async function list(ctx: Context, o: ListPasskeysOptions): Promise<void> {
  const http = await ctx.http();
  await printPaged(ctx, wholeListPages(() => listPasskeys(http)), PASSKEY_VIEW, o);
}

export default defineVerb({
  name: 'list',
  summary: 'List the passkeys registered for your user',
  description:
    'List the passkeys registered for your user (GET /v2/users/me/passkeys).\nRegistering a passkey needs a browser (WebAuthn); do it in epilot 360 under My account.',
  aliases: ['ls'],
  json: true,
  flags: (cmd: Command) => pagingFlags(cmd),
  examples: ['epi me passkeys list', 'epi me passkeys list --json credential_id,friendly_name'],
  run: list,
});
