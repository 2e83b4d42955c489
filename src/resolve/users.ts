import { getPartnerUsers } from '../api/partner-directory.js';
import type { Http } from '../api/types.js';
import { listUsers, type User } from '../api/user.js';
import { NotFoundError, UsageError } from '../errors.js';
import { eachRecord, type FetchPage } from '../paging.js';

/**
 * The one user resolver. Every argument or flag that names a user (`<user>`, `--user <user>`)
 * takes an id or an email: ids are sent as given, emails are looked up case-insensitively, all of
 * them in as few list reads as possible, and an unknown email stops the command before anything
 * is sent.
 */

/**
 * The User API documents no maximum page size; asking for more than it serves would look like a
 * short last page and end the listing early, so pages stay at the size the API's own default uses.
 */
export const USER_PAGE_SIZE = 50;

/** Pages of GET /v2/users, optionally filtered by the API's free-text query. */
export const userPages =
  (http: Http, query?: string): FetchPage<User> =>
  (offset, size) =>
    listUsers(http, { query, limit: size, offset });

export type UserWithId = User & { id: string };

export const isEmail = (ref: string): boolean => ref.includes('@');

/** How a message names a user given as `ref`: the id alone, or the reference with its id. */
export const userLabel = (ref: string, id: string): string => (ref.trim() === id ? id : `${ref.trim()} (${id})`);

export interface ResolveUserOptions {
  /** Where the references came from, for messages: `--user`, `<user>`. */
  flag?: string;
  /**
   * Resolve against the users of this partner organization (GET /v2/partners/{orgId}/users, one
   * read) instead of your own organization's: for commands that act on a partner's users.
   */
  partnerOrg?: string;
}

/** A user record found by email; `email` is the address as the directory holds it. */
export interface FoundUser {
  id: string;
  email?: string;
  record: unknown;
}

/**
 * The users with these emails (any case), keyed by the lower-cased email; emails that match no
 * user are missing from the map. One email uses the API's query filter (it also matches parts of
 * addresses, so the match is checked here); several are found in one pass over the whole listing,
 * which ends as soon as every email has been seen.
 */
export async function findUsersByEmail(http: Http, emails: readonly string[], opts: ResolveUserOptions = {}): Promise<Map<string, FoundUser>> {
  const given = emails.map((e) => e.trim());
  const wanted = new Set(given.map((e) => e.toLowerCase()));
  const found = new Map<string, FoundUser>();
  if (!wanted.size) return found;
  const take = (user: { id?: string; email?: string } | null | undefined): void => {
    const email = user?.email?.toLowerCase();
    if (!user?.id || !email || !wanted.has(email)) return;
    const before = found.get(email);
    // Two users with one address (in any case): acting on the first would be a guess.
    if (before && before.id !== user.id) throw sharedEmail(before, user.id, email);
    found.set(email, { id: user.id, email: user.email, record: user });
  };
  if (opts.partnerOrg !== undefined) {
    for (const user of await getPartnerUsers(http, opts.partnerOrg)) take(user);
    return found;
  }
  const query = wanted.size === 1 ? given[0] : undefined;
  for await (const user of eachRecord(userPages(http, query), { pageSize: USER_PAGE_SIZE, maxRecords: http.limits.maxRecords })) {
    take(user);
    // The query's answer is short and read whole, so a second user with the address is seen; a
    // pass over the whole listing for several emails ends once each has been found.
    if (query === undefined && found.size === wanted.size) break;
  }
  return found;
}

/**
 * The records of these user ids, from one pass over the listing that ends as soon as every id has
 * been seen (the User API has no lookup of many ids at once). Ids the listing lacks are missing
 * from the map.
 */
export async function findUsersById(http: Http, ids: readonly string[]): Promise<Map<string, UserWithId>> {
  const wanted = new Set(ids);
  const found = new Map<string, UserWithId>();
  if (!wanted.size) return found;
  for await (const user of eachRecord(userPages(http), { pageSize: USER_PAGE_SIZE, maxRecords: http.limits.maxRecords })) {
    if (user.id && wanted.has(user.id)) found.set(user.id, user as UserWithId);
    if (found.size === wanted.size) break;
  }
  return found;
}

function sharedEmail(first: FoundUser, otherId: string, email: string): UsageError {
  return new UsageError(`Several users have the email "${first.email ?? email}" (ids ${first.id} and ${otherId}); epi will not guess which one is meant.`, {
    hint: 'Name the user by id instead; `epi users list --query <email> --json id,email` shows both.',
  });
}

function unknownEmails(emails: readonly string[], opts: ResolveUserOptions): NotFoundError {
  const where = opts.partnerOrg !== undefined ? `partner organization ${opts.partnerOrg}` : 'this organization';
  const list = emails.map((e) => `"${e}"`).join(', ');
  const message = emails.length === 1 ? `No user with email ${list} in ${where}.` : `No users with these emails in ${where}: ${list}.`;
  return new NotFoundError(`${message} Nothing was sent.`, {
    hint:
      opts.partnerOrg !== undefined
        ? `See its users with \`epi partners users list ${opts.partnerOrg}\`.`
        : 'Check the addresses, or search with `epi users list --query <text>`; a user id is used as given.',
  });
}

/**
 * `<user>` references as user ids, in the order given: ids as given, emails looked up. Any email
 * that matches no user fails the whole call (exit 3) naming every such email, so a command never
 * sends part of its work.
 */
export async function resolveUserIds(http: Http, refs: readonly string[], opts: ResolveUserOptions = {}): Promise<string[]> {
  const values = refs.map((r) => r.trim());
  if (values.some((v) => !v)) {
    throw new UsageError(`${opts.flag ? `${opts.flag} has an` : 'A'} empty user.`, { hint: 'Pass a user id or an email address; `epi users list` shows both.' });
  }
  const emails = [...new Map(values.filter(isEmail).map((e) => [e.toLowerCase(), e])).values()];
  if (!emails.length) return values;
  const found = await findUsersByEmail(http, emails, opts);
  const missing = emails.filter((e) => !found.has(e.toLowerCase()));
  if (missing.length) throw unknownEmails(missing, opts);
  return values.map((v) => (isEmail(v) ? found.get(v.toLowerCase())!.id : v));
}

/** One `<user>` reference as a user id. */
export async function resolveUserId(http: Http, ref: string, opts: ResolveUserOptions = {}): Promise<string> {
  return (await resolveUserIds(http, [ref], opts))[0]!;
}

/** The user with exactly this email (any case), or undefined: for a check that may find nothing. */
export async function findUserByEmail(http: Http, email: string): Promise<UserWithId | undefined> {
  return (await findUsersByEmail(http, [email])).get(email.trim().toLowerCase())?.record as UserWithId | undefined;
}

/** The whole user record for an email, from the same lookup (the listing carries whole records). */
export async function userByEmail(http: Http, email: string): Promise<UserWithId> {
  const user = await findUserByEmail(http, email);
  if (!user) throw unknownEmails([email.trim()], {});
  return user;
}
