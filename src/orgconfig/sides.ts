/**
 * The two sides of `epi diff` and the target of `epi apply`: a directory written by `epi export`,
 * or `@<profile>` for the live org a profile points at (`@` alone is this command's own profile).
 */
import type { Http } from '../api/types.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { readExport } from './files.js';
import { readLiveOrg, type LiveOrg } from './live.js';
import type { Kind, OrgConfig, With } from './model.js';

export const isLive = (spec: string): boolean => spec.startsWith('@');

export interface LiveSide {
  ctx: Context;
  http: Http;
  orgId: string;
  profile: string;
}

/** The context, client and org id behind `@profile`. */
export async function liveSide(ctx: Context, spec: string): Promise<LiveSide> {
  const name = spec.slice(1);
  const side = name ? ctx.forProfile(name) : ctx;
  const session = await side.session();
  const orgId = await side.orgId();
  return { ctx: side, http: await side.http(), orgId, profile: session.profileName };
}

export async function readSide(ctx: Context, spec: string, kinds: readonly Kind[], withs: readonly With[]): Promise<OrgConfig | LiveOrg> {
  if (!isLive(spec)) return readExport(spec);
  const side = await liveSide(ctx, spec);
  return readLiveOrg(side.http, side.orgId, kinds, withs, `@${side.profile} (org ${side.orgId})`, (m) => ctx.out.warn(m));
}

/**
 * EPILOT_TOKEN wins over every profile's token, so `@a` and `@b` would both be the org of that
 * one token: comparing an org with itself would say "no differences" and be wrong.
 */
export function checkTwoProfiles(ctx: Context, a: string, b: string): void {
  if (isLive(a) && isLive(b) && a !== b && ctx.env.EPILOT_TOKEN?.trim()) {
    throw new UsageError(`EPILOT_TOKEN is set, so ${a} and ${b} would both use its token and read the same organization.`, {
      hint: 'Unset EPILOT_TOKEN so each profile uses its own stored token (see `epi auth list`).',
    });
  }
}
