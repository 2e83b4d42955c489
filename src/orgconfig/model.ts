/**
 * Organization configuration as code: the settings, roles and groups of an org as documents that
 * compare equal between two orgs when they are configured alike. Org ids inside roles (role ids,
 * parent roles, grant resources, a partner role's partner org when it is the org itself) become
 * the placeholder {{org_id}}, so a sandbox and its production org can be diffed and applied; ids
 * the target assigns, timestamps and authors are left out, so two exports of an unchanged org are
 * byte-identical. Other org ids (a partner's) stay literal; `--map-org` maps them (mapOrgIds).
 */
import type { Role } from '../api/permissions.js';
import type { Group } from '../api/user-groups.js';
import { UsageError } from '../errors.js';
import { stringifyJson } from '../exact-json.js';

export const KINDS = ['settings', 'roles', 'groups'] as const;
export type Kind = (typeof KINDS)[number];
export const WITH = ['members', 'partner-roles'] as const;
export type With = (typeof WITH)[number];

export const ORG_PLACEHOLDER = '{{org_id}}';
/** Any {{…}}: one epi cannot map is an error before anything is sent. */
export const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * A role as configuration: what an admin defines, not what the API adds. The org's own user roles,
 * and with `--with partner-roles` its partner roles (roles the partner org `partner_org_id` may
 * assign to its users). Both share one slug namespace, as role ids `<org>:<slug>` do.
 */
export interface RoleDoc {
  slug: string;
  name: string;
  type: 'user_role' | 'partner_role';
  grants: unknown[];
  expires_at?: string;
  /** User roles only. */
  parent_role?: string;
  /** Partner roles only: another org's id, kept literally ({{org_id}} when it is the org itself). */
  partner_org_id?: string;
}

export const isPartnerRole = (doc: unknown): boolean => (doc as RoleDoc | undefined)?.type === 'partner_role';

/** The directory, and the heading in a plan, of each kind of document. */
export type Section = 'settings' | 'roles' | 'partner-roles' | 'groups';
export const SECTIONS: readonly Section[] = ['settings', 'roles', 'partner-roles', 'groups'];
export const sectionOf = (kind: Kind, doc: unknown): Section => (kind === 'roles' && isPartnerRole(doc) ? 'partner-roles' : kind);
/** "setting", "role", "partner role", "group": for report rows and counts. */
export const singular = (section: Section): string => section.replace(/s$/, '').replace('-', ' ');
/** "3 partner roles", "1 setting". */
export const countOfSection = (n: number, section: Section): string => `${n} ${n === 1 ? singular(section) : section.replace('-', ' ')}`;

/** The documents of one section: roles/ and partner-roles/ split the one map of roles by type. */
export function sectionDocs(config: OrgConfig, section: Section): Map<string, unknown> {
  if (section === 'settings') return config.settings;
  if (section === 'groups') return config.groups;
  return new Map([...config.roles].filter(([, doc]) => isPartnerRole(doc) === (section === 'partner-roles')));
}

/** A group as configuration. `members` (emails, sorted) only with `--with members`. */
export interface GroupDoc {
  name: string;
  abbreviation?: string;
  /** The avatar gradient, base then accent colour. */
  gradient_colors?: string[];
  members?: string[];
}

export interface OrgInfo {
  id: string;
  name?: string;
  organization_use?: string;
}

/** One side of a diff or an apply: a directory or a live org, as documents keyed by identity. */
export interface OrgConfig {
  /** Where it came from, for messages: "org/" or "@prod (org 728000)". */
  label: string;
  org?: OrgInfo;
  kinds: Kind[];
  with: With[];
  settings: Map<string, unknown>;
  roles: Map<string, RoleDoc>;
  groups: Map<string, GroupDoc>;
}

/** The org id where it stands alone (not inside a longer number), in any string of a value. */
function orgIdPattern(orgId: string): RegExp {
  return new RegExp(`(?<![0-9A-Za-z])${orgId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`, 'g');
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object' && !isExactNumber(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

/** Org ids become {{org_id}}. */
export const toPlaceholders = <T>(value: T, orgId: string): T => {
  const pattern = orgIdPattern(orgId);
  return mapStrings(value, (s) => s.replace(pattern, ORG_PLACEHOLDER)) as T;
};

/** `--map-org <from>=<to>`: an org id the source names that is another org in the target. */
export interface OrgMapping {
  from: string;
  to: string;
}

/**
 * The source's roles with each mapped org id replaced wherever it stands alone (partner_org_id,
 * grant resources), all in one pass so `a=b,b=a` swaps. Checked first: the source's own id is
 * {{org_id}} already, and a mapping no role of the source uses is a typo, not a no-op.
 */
export function mapOrgIds<T extends OrgConfig>(config: T, mappings: readonly OrgMapping[], only?: readonly Kind[]): T {
  if (!mappings.length || !config.kinds.includes('roles') || (only && !only.includes('roles'))) return config;
  const flag = (m: OrgMapping) => `--map-org ${m.from}=${m.to}`;
  const own = mappings.find((m) => m.from === config.org?.id);
  if (own) {
    throw new UsageError(`${flag(own)}: ${own.from} is the source organization itself (${config.label}); its id is {{org_id}} and always becomes the target's.`, {
      hint: '--map-org maps other organizations, such as a partner; leave this one out.',
    });
  }
  const docs = [...config.roles.values()].map((doc) => stringifyJson(doc));
  const unused = mappings.filter((m) => !docs.some((text) => orgIdPattern(m.from).test(text)));
  if (unused.length) {
    throw new UsageError(`${unused.map(flag).join(', ')}: no role of ${config.label} names organization ${unused.map((m) => m.from).join(', ')}.`, {
      hint: `Check the id against the partner_org_id and grants in the role files${config.with.includes('partner-roles') ? '' : ', and add --with partner-roles to compare partner roles'}.`,
    });
  }
  const to = new Map(mappings.map((m) => [m.from, m.to]));
  const pattern = new RegExp(mappings.map((m) => orgIdPattern(m.from).source).join('|'), 'g');
  const roles = new Map([...config.roles].map(([slug, doc]) => [slug, mapStrings(doc, (s) => s.replace(pattern, (id) => to.get(id)!)) as RoleDoc]));
  return { ...config, roles };
}

/** {{org_id}} becomes the target org's id. */
export const fromPlaceholders = <T>(value: T, orgId: string): T => mapStrings(value, (s) => s.split(ORG_PLACEHOLDER).join(orgId)) as T;

/** Placeholders other than {{org_id}} anywhere in a value: these cannot be mapped. */
export function unknownPlaceholders(value: unknown): string[] {
  const found: string[] = [];
  mapStrings(value, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) if (m[0] !== ORG_PLACEHOLDER) found.push(m[0]);
    return s;
  });
  return found;
}

/**
 * A role from the API as a document, or undefined for roles that are not the org's own user roles
 * (or partner roles, when `partnerRoles`). A partner role another org shares with this one is in
 * its list too, under that org's id: it is not this org's configuration.
 */
export function roleDoc(role: Role, orgId: string, partnerRoles = false): RoleDoc | undefined {
  if (role.type !== 'user_role' && !(partnerRoles && role.type === 'partner_role')) return undefined;
  if (role.organization_id !== undefined && String(role.organization_id) !== orgId) return undefined;
  const r = role as Role & { parent_role?: string; expires_at?: string; partner_org_id?: string };
  const doc: RoleDoc = { slug: r.slug, name: r.name, type: r.type === 'partner_role' ? 'partner_role' : 'user_role', grants: (r.grants ?? []) as unknown[] };
  if (r.expires_at) doc.expires_at = r.expires_at;
  if (r.parent_role) doc.parent_role = r.parent_role;
  if (r.partner_org_id !== undefined && r.partner_org_id !== null) doc.partner_org_id = String(r.partner_org_id);
  return toPlaceholders(doc, orgId);
}

/**
 * A group from the API as a document; `emailOf` maps member ids to emails when members are wanted.
 * A member epi cannot name by email (a deleted user) is left out and passed to `unknown`.
 */
export function groupDoc(group: Group, emailOf?: (id: string) => string | undefined, unknown?: (id: string) => void): GroupDoc {
  const doc: GroupDoc = { name: group.name };
  if (group.abbreviation) doc.abbreviation = group.abbreviation;
  const colors = group.image_uri?.gradient_colors;
  if (Array.isArray(colors) && colors.length) doc.gradient_colors = [...colors];
  if (emailOf) {
    doc.members = memberIds(group)
      .flatMap((id) => {
        const email = emailOf(id);
        if (email === undefined) unknown?.(id);
        return email === undefined ? [] : [email];
      })
      .sort();
  }
  return doc;
}

/** Member ids of a group as the API returns them: `users: [{id}]`, bare ids, or `user_ids`. */
export function memberIds(group: Group): string[] {
  const users = (group as Group & { users?: unknown[]; user_ids?: unknown[] }).users ?? (group as { user_ids?: unknown[] }).user_ids ?? [];
  return users.flatMap((u) => (typeof u === 'string' ? [u] : u && typeof u === 'object' && 'id' in u ? [String((u as { id: unknown }).id)] : []));
}

/** A LosslessNumber (a number too long for a JS number, kept as its digits): a value, not an object. */
export const isExactNumber = (value: object): boolean => (value as { isLosslessNumber?: boolean }).isLosslessNumber === true;

/** The same value with object keys sorted at every level, so equal values print the same. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !isExactNumber(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Two-space JSON with sorted keys and a final newline: the one form every file and comparison uses. */
export const canonicalJson = (value: unknown): string => `${stringifyJson(sortKeys(value), null, 2)}\n`;

export const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
