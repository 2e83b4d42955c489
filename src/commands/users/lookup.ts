import type { Http } from '../../api/types.js';
import { listUsers, type User } from '../../api/user.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { paginate, type FetchPage } from '../../paging.js';

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

/** The user with exactly this email (any case): the query filter also matches parts of addresses. */
export async function findUserByEmail(http: Http, email: string): Promise<UserWithId | undefined> {
  const wanted = email.trim().toLowerCase();
  for await (const user of paginate(userPages(http, email.trim()), { all: true }, USER_PAGE_SIZE)) {
    if (user.id && user.email?.toLowerCase() === wanted) return user as UserWithId;
  }
  return undefined;
}

export async function userByEmail(http: Http, email: string): Promise<UserWithId> {
  const user = await findUserByEmail(http, email);
  if (!user) {
    throw new NotFoundError(`No user with email "${email.trim()}" in this organization.`, {
      hint: 'Check the address, or search with `epi users list --query <text>`.',
    });
  }
  return user;
}

/** A `<id|email>` argument as a user id: an id is used as given, an email is looked up first. */
export async function resolveUserId(http: Http, ref: string): Promise<string> {
  const value = ref.trim();
  if (!value) throw new UsageError('The user id or email is empty.', { hint: 'Pass a user id or an email address; `epi users list` shows both.' });
  if (!isEmail(value)) return value;
  return (await userByEmail(http, value)).id;
}
