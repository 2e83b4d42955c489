import { ROLE_TYPES, type GrantWithDependencies } from '../../api/permissions.js';
import { UsageError } from '../../errors.js';
import { oneOf, readJsonObjectInput } from '../../input.js';
import type { IO } from '../../runtime.js';
import type { GrantRecord } from './views.js';

export type Effect = 'allow' | 'deny';

/** A grant as flags describe it: no conditions, which only --from-file can carry. */
export interface GrantSpec {
  action: string;
  resource?: string;
  effect: Effect;
}

/**
 * commander collector for --grant and friends: one value per flag, never split on commas,
 * because a resource pattern is free text.
 */
export const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `action[:resource]`: the action is everything before the first colon; the resource is the rest and may hold colons. */
export function parseGrant(value: string, flag: string, effect: Effect): GrantSpec {
  const colon = value.indexOf(':');
  const action = (colon < 0 ? value : value.slice(0, colon)).trim();
  const resource = colon < 0 ? undefined : value.slice(colon + 1).trim();
  if (!action) {
    throw new UsageError(`${flag} "${value}" has no action.`, { hint: `Use ${flag} <action[:resource]>, e.g. ${flag} entity-read:entity:*:contact:*.` });
  }
  if (resource === '') {
    throw new UsageError(`${flag} "${value}" has an empty resource after ":".`, { hint: 'Leave out the ":" for the action on every resource, or name the resource after it.' });
  }
  return resource === undefined ? { action, effect } : { action, resource, effect };
}

/** --grant (allow) and --deny values, in that order. */
export function grantsFromFlags(allow: string[] | undefined, deny: string[] | undefined, flags: [string, string]): GrantSpec[] {
  return [...(allow ?? []).map((g) => parseGrant(g, flags[0], 'allow')), ...(deny ?? []).map((g) => parseGrant(g, flags[1], 'deny'))];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the grants of a --from-file payload: each has an action, a string resource, effect allow
 * or deny, conditions as an array of objects and (unless nested) dependencies as grants.
 */
export function validateGrants(value: unknown, where: string, nested = false): GrantWithDependencies[] {
  if (!Array.isArray(value)) throw new UsageError(`${where} must be an array of grants.`);
  value.forEach((grant, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(grant)) throw new UsageError(`${at} must be an object with an "action".`);
    if (typeof grant.action !== 'string' || !grant.action.trim()) throw new UsageError(`${at} has no action.`, { hint: 'Every grant needs "action", e.g. "entity-read".' });
    if (grant.resource !== undefined && typeof grant.resource !== 'string') throw new UsageError(`${at}.resource must be a string.`);
    if (grant.effect !== undefined && grant.effect !== 'allow' && grant.effect !== 'deny') {
      throw new UsageError(`${at}.effect "${String(grant.effect)}" is not allow or deny.`);
    }
    if (grant.conditions !== undefined && !(Array.isArray(grant.conditions) && grant.conditions.every(isObject))) {
      throw new UsageError(`${at}.conditions must be an array of condition objects.`);
    }
    if (grant.dependencies !== undefined) {
      if (nested) throw new UsageError(`${at} cannot have dependencies of its own.`);
      validateGrants(grant.dependencies, `${at}.dependencies`, true);
    }
  });
  return value as GrantWithDependencies[];
}

export function validName(value: unknown, where: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new UsageError(`${where} is empty.`, { hint: 'Give the role a name, e.g. --name "Sales Manager".' });
  return value.trim();
}

const SLUG = /^[A-Za-z0-9_-]+$/;
/** Partner roles are stricter (partner directory spec). */
const PARTNER_SLUG = /^[a-z][a-z0-9_]*$/;

export function validSlug(value: unknown, where: string, partner: boolean): string {
  const slug = typeof value === 'string' ? value.trim() : '';
  if (partner ? !PARTNER_SLUG.test(slug) : !SLUG.test(slug)) {
    throw new UsageError(`${where} "${String(value ?? '')}" is not a valid role slug.`, {
      hint: partner
        ? 'A partner role slug starts with a lowercase letter and has only lowercase letters, digits and "_", e.g. partner_sales.'
        : 'A role slug has only letters, digits, "_" and "-", e.g. sales-manager.',
    });
  }
  return slug;
}

/** A date or date-time as the API's date-time format; exit 2 for anything Date cannot read. */
export function isoDateTime(value: string, where: string): string {
  const date = new Date(value.trim());
  if (!value.trim() || Number.isNaN(date.getTime())) {
    throw new UsageError(`${where} "${value}" is not a date.`, { hint: 'Use an ISO date or date-time, e.g. 2028-07-21 or 2028-07-21T17:32:28Z.' });
  }
  return date.toISOString();
}

const sameTarget = (g: GrantRecord, spec: GrantSpec) => g.action === spec.action && (g.resource ?? undefined) === spec.resource;

export interface GrantEdits {
  /** Replaces every grant (--grant/--deny on update). */
  replace?: GrantSpec[];
  add: GrantSpec[];
  /** Matched on action and resource, whatever the effect. */
  remove: GrantSpec[];
}

/**
 * Applies --add-grant/--add-deny/--remove-grant (removals first) or a replacement list to a role's
 * grants. A removal that matches nothing is a usage error: the user named a grant the role lacks.
 */
export function editGrants<G extends GrantRecord>(
  current: readonly G[],
  edits: GrantEdits,
  roleId: string,
  onDuplicate: (spec: GrantSpec) => void,
  showCommand: string,
): Array<G | GrantSpec> {
  if (edits.replace) return edits.replace;
  let grants: Array<G | GrantSpec> = [...current];
  for (const spec of edits.remove) {
    const kept = grants.filter((g) => !sameTarget(g, spec));
    if (kept.length === grants.length) {
      throw new UsageError(`--remove-grant "${spec.resource === undefined ? spec.action : `${spec.action}:${spec.resource}`}" matches no grant of role ${roleId}.`, {
        hint: `See its grants with \`${showCommand}\`.`,
      });
    }
    grants = kept;
  }
  for (const spec of edits.add) {
    if (grants.some((g) => sameTarget(g, spec) && (g.effect ?? 'allow') === spec.effect)) onDuplicate(spec);
    else grants.push(spec);
  }
  return grants;
}

const PARTNER_FILE_KEYS = ['name', 'slug', 'grants'];

/**
 * A role payload from --from-file, checked like flags: name, slug, grants (with conditions and
 * dependencies), type and expires_at wherever present; name and slug always for a new role.
 * Partner roles take only name, slug and grants. Values come back normalized (trimmed, ISO dates),
 * and a new role's grants default to [].
 */
export async function readRoleFile(path: string, io: IO, partner: boolean, isNew: boolean): Promise<Record<string, unknown>> {
  const file = await readJsonObjectInput(path, io);
  const extra = Object.keys(file).filter((k) => !PARTNER_FILE_KEYS.includes(k));
  if (partner && extra.length) throw new UsageError(`--from-file for a partner role takes only name, slug and grants, not ${extra.join(', ')}.`);
  if (isNew || 'name' in file) file.name = validName(file.name, '--from-file name');
  if (isNew || 'slug' in file) file.slug = validSlug(file.slug, '--from-file slug', partner);
  if (isNew || 'grants' in file) file.grants = validateGrants(file.grants ?? [], '--from-file grants');
  if ('type' in file) file.type = oneOf(String(file.type), ROLE_TYPES, '--from-file type');
  if ('expires_at' in file) file.expires_at = isoDateTime(String(file.expires_at), '--from-file expires_at');
  return file;
}
