import type { Command } from '@commander-js/extra-typings';
import { createAccessToken, expiresIn, type ApiTokenParameters } from '../../api/access-token.js';
import { isPlanned } from '../../api/types.js';
import { checkProfileName } from '../../config/store.js';
import type { CommonFlags, Context } from '../../context.js';
import { parseDuration } from '../../duration.js';
import { UsageError } from '../../errors.js';
import { resolveRoleIds } from '../../resolve/roles.js';
import { collect, defineVerb } from '../define.js';
import { storeNewToken } from './profile-token.js';
import { TOKEN_VIEW } from './views.js';

export interface CreateTokenOptions extends CommonFlags {
  name?: string;
  role?: string[];
  expiresIn?: string;
  readOnly?: boolean;
  saveProfile?: string;
}

export async function create(ctx: Context, o: CreateTokenOptions): Promise<void> {
  if (o.readOnly) {
    // The API has no such option (its parameters allow no extra field): a token can do what its roles allow.
    throw new UsageError('The Access Token API has no read-only tokens: a token can do what its roles allow.', {
      hint: 'Give the token only roles whose grants read, e.g. --role <role> (see `epi roles list` and `epi roles get <role>`).',
    });
  }
  const name = (await ctx.require(o.name, '--name', 'Token name:')).trim();
  if (o.saveProfile !== undefined) checkProfileName(o.saveProfile, '--save-profile');
  const lifetime = o.expiresIn === undefined ? undefined : expiresIn(parseDuration(o.expiresIn, '--expires-in'), '--expires-in');
  const http = await ctx.http();
  const params: ApiTokenParameters = { name };
  // Without --role the API gives the token the caller's own roles.
  if (o.role?.length) params.assignments = await resolveRoleIds(http, o.role, '--role');
  if (lifetime !== undefined) params.expires_in = lifetime;

  const created = await createAccessToken(http, params);
  if (isPlanned(created)) return;
  if (o.saveProfile !== undefined) {
    await storeNewToken(ctx, http, o.saveProfile, created, 'No profile was changed.');
    ctx.out.info(`Created token ${created.id} ("${name}") and stored it in profile "${o.saveProfile}"; it was not printed.`);
    ctx.out.info(`Use it with --profile ${o.saveProfile}; rotate it with \`epi tokens rotate --profile ${o.saveProfile}\`.`);
    if (ctx.out.json) ctx.out.rawJson({ id: created.id, name, profile: o.saveProfile });
    return;
  }
  if (ctx.out.json) {
    await ctx.out.record(created, TOKEN_VIEW);
    return;
  }
  ctx.out.value(created.token);
  ctx.out.info(
    ctx.io.stdoutIsTTY
      ? `Created token ${created.id} ("${name}"). Copy it now: it cannot be shown again.`
      : `Created token ${created.id} ("${name}"). It was written to stdout once and cannot be shown again.`,
  );
}

export default defineVerb({
  name: 'create',
  summary: 'Create an API access token (shown once; --save-profile for CI)',
  description: `Create an API access token (Access Token API: POST /v1/access-tokens).

The token is shown exactly once: printed on stdout with a warning, as the "token" field under
--json, or, with --save-profile <name>, checked with GET /v2/users/me and stored in that profile
without being printed at all. That is the way to give CI a token: nothing to copy, nothing in
logs. The profile also keeps the token's id, so \`epi tokens rotate --profile <name>\` can replace it.

--role takes role ids, slugs or names (repeatable, or comma-separated); without it the token gets
your own roles. --expires-in takes a duration such as 30d, 12h or 3600 (seconds), at least 30s;
without it the API's default lifetime applies. A bad duration or an unknown role stops the command
before anything is sent.`,
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--name <name>', 'a name that says where the token is used')
      .option('--role <role>', 'a role for the token: id, slug or name (repeatable)', collect)
      .option('--expires-in <duration>', 'lifetime: 30d, 12h, 3600 (seconds)')
      .option('--read-only', 'refused: the API has no read-only tokens; give read-only roles with --role')
      .option('--save-profile <name>', 'store the token in this profile instead of printing it'),
  examples: [
    'epi tokens create --name "CI deploy" --role deployer --expires-in 30d --save-profile ci',
    'epi tokens create --name "Postman" --expires-in 12h',
    'epi tokens create --name reporting --role 739224:viewer --json | jq -r .token',
  ],
  run: create,
});
