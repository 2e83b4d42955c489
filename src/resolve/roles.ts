import { getPartnerRoles } from '../api/partner-directory.js';
import { listAllRoles } from '../api/permissions.js';
import type { Http } from '../api/types.js';
import { UsageError } from '../errors.js';

/**
 * The one role resolver. A role is named by its id (`123:sales`), its slug (`sales`) or its name
 * (`Sales Team`), in any case, and is always sent as its id. All references of a command are
 * checked against one read of the organization's roles, before anything is sent.
 */

export interface RoleRef {
  id: string;
  slug?: string;
  name?: string;
}

export interface RoleIndex {
  readonly roles: readonly RoleRef[];
  /** The id of the one role this reference names, or undefined (unknown, or a name several roles share). */
  resolve(ref: string): string | undefined;
  /** Up to three role ids whose id, slug or name is closest to the reference, closest first. */
  closest(ref: string): string[];
  /** Why the reference names no single role, ready for a message; undefined when it resolves. */
  problem(ref: string): string | undefined;
}

export interface RoleSource {
  /** Resolve against this partner organization's roles (GET /v2/partners/{orgId}/roles). */
  partnerOrg?: string;
}

/** Reads the roles once: the organization's (GET /v1/permissions/roles), or a partner organization's. */
export async function loadRoleIndex(http: Http, source: RoleSource = {}): Promise<RoleIndex> {
  const roles: RoleRef[] = source.partnerOrg !== undefined ? await getPartnerRoles(http, source.partnerOrg) : await listAllRoles(http);
  // A CommonJS package: in the ES module build its exports arrive as `default`.
  const levenshtein = (await import('fastest-levenshtein')) as typeof import('fastest-levenshtein') & { default?: typeof import('fastest-levenshtein') };
  return roleIndex(roles, levenshtein.default?.distance ?? levenshtein.distance);
}

const key = (s: string | undefined) => s?.trim().toLowerCase() ?? '';

/** The index over roles already read; `distance` ranks the closest matches. */
export function roleIndex(all: readonly RoleRef[], distance: (a: string, b: string) => number): RoleIndex {
  const roles = all.filter((r) => typeof r?.id === 'string' && r.id);
  /** Id first, then slug, then name: a role's id never loses to another role's name. */
  const matches = (ref: string): RoleRef[] => {
    const k = key(ref);
    for (const field of ['id', 'slug', 'name'] as const) {
      const hit = roles.filter((r) => key(r[field]) === k);
      if (hit.length) return hit;
    }
    return [];
  };
  const closest = (ref: string): string[] => {
    const k = key(ref);
    return roles
      .map((r) => ({ id: r.id, d: Math.min(...[r.id, r.slug, r.name].filter((s): s is string => !!s).map((s) => distance(k, key(s)))) }))
      .filter((c) => c.d <= Math.max(2, Math.floor(k.length / 3)))
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map((c) => c.id);
  };
  return {
    roles,
    closest,
    resolve: (ref) => {
      const hit = matches(ref);
      return hit.length === 1 ? hit[0]!.id : undefined;
    },
    problem: (ref) => {
      const hit = matches(ref);
      if (hit.length === 1) return undefined;
      if (hit.length > 1) return `"${ref}" names ${hit.length} roles (${hit.map((r) => r.id).join(', ')}); use the id`;
      const near = closest(ref);
      return `no role "${ref}"${near.length ? ` (closest: ${near.join(', ')})` : ''}`;
    },
  };
}

/** Fails with every reference that names no single role, so nothing is sent for any of them. */
export function resolveWithIndex(index: RoleIndex, refs: readonly string[], flag: string, listCommand: string): string[] {
  const values = refs.map((r) => r.trim());
  if (values.some((v) => !v)) throw new UsageError(`${flag} has an empty role.`, { hint: 'Name a role by its id, slug or name.' });
  const problems = [...new Set(values)].map((v) => index.problem(v)).filter((p): p is string => p !== undefined);
  if (problems.length) {
    throw new UsageError(`${flag}: ${problems.join('; ')}. Nothing was sent.`, {
      hint: `A role is named by its id, slug or name (any case); see them with \`${listCommand}\`.`,
    });
  }
  return [...new Set(values.map((v) => index.resolve(v)!))];
}

/**
 * Role references (id, slug or name, any case) as role ids, each once, in the order given, after one
 * read of the roles. Unknown or ambiguous references are a usage error (exit 2) naming each one
 * with its closest matches.
 */
export async function resolveRoleIds(http: Http, refs: readonly string[], flag = '--role', source: RoleSource = {}): Promise<string[]> {
  const index = await loadRoleIndex(http, source);
  return resolveWithIndex(index, refs, flag, source.partnerOrg !== undefined ? `epi roles list --partner ${source.partnerOrg}` : 'epi roles list');
}

/** One role reference as a role id. */
export async function resolveRoleId(http: Http, ref: string, flag = '<role>', source: RoleSource = {}): Promise<string> {
  return (await resolveRoleIds(http, [ref], flag, source))[0]!;
}

/**
 * A role id has the form `<org-id>:<slug>`; only such a reference can be sent without reading the
 * roles first. Verbs that act on one role (get, update, delete) send ids as given and let the API
 * answer 404, and read the roles only for a slug or a name.
 */
export const looksLikeRoleId = (ref: string): boolean => /^[^:\s]+:[^:\s]+$/.test(ref.trim());

/** One role reference for a verb that acts on that role: an id as given, a slug or name looked up. */
export async function roleIdFor(http: Http, ref: string, source: RoleSource = {}): Promise<string> {
  return looksLikeRoleId(ref) ? ref.trim() : resolveRoleId(http, ref, '<role>', source);
}
