/**
 * An exported configuration on disk, laid out for review in a pull request:
 *   epi-export.json        the manifest: format, epi version, source org, kinds and options
 *   settings/<key>.json    the setting's value
 *   roles/<slug>.json      one user role
 *   partner-roles/<slug>.json  one partner role (with --with partner-roles)
 *   groups/<name>.json     one group
 * Every file is two-space JSON with sorted keys (canonicalJson). JSON rather than YAML: it is what
 * the APIs speak, it needs no extra dependency, it keeps large numbers exact (lossless-json) and
 * one key per line diffs as cleanly as YAML does in a review. Partner roles have their own directory
 * although they share the slug namespace of roles: a change there reaches the users of another
 * company, and a reviewer should see that from the path alone.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { parseExactJson } from '../exact-json.js';
import { VERSION } from '../version.js';
import { canonicalJson, KINDS, sectionDocs, toPlaceholders, unknownPlaceholders, WITH, type GroupDoc, type Kind, type OrgConfig, type OrgInfo, type RoleDoc, type Section, type With } from './model.js';

export const MANIFEST = 'epi-export.json';
/** The layout version; a manifest from a newer layout is refused. */
export const FORMAT = 1;

export interface Manifest {
  format: number;
  epi_version: string;
  source: OrgInfo;
  kinds: Kind[];
  with: With[];
}

/**
 * A file name that is safe on every file system and reversible: letters, digits, `_`, `-` and
 * inner dots stay; anything else (and a leading dot) becomes %XX of its UTF-8 bytes.
 */
export function fileName(name: string): string {
  const encoded = [...name]
    .map((ch, i) => (/[A-Za-z0-9_-]/.test(ch) || (ch === '.' && i > 0) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')))
    .join('');
  return `${encoded}.json`;
}

export function nameOfFile(file: string): string {
  return decodeURIComponent(file.replace(/\.json$/, ''));
}

/** Writes the kinds exported: their files are replaced, files of resources that no longer exist removed. */
export function writeExport(dir: string, config: OrgConfig): { written: number } {
  mkdirSync(dir, { recursive: true });
  const previous = existsSync(join(dir, MANIFEST)) ? readManifestSync(dir) : undefined;
  let written = 0;
  const writeKind = (section: Section, docs: Map<string, unknown>) => {
    const kindDir = join(dir, section);
    mkdirSync(kindDir, { recursive: true });
    const keep = new Set<string>();
    for (const [name, doc] of docs) {
      const file = fileName(name);
      keep.add(file);
      writeFileSync(join(kindDir, file), canonicalJson(doc));
      written++;
    }
    for (const file of readdirSync(kindDir)) if (file.endsWith('.json') && !keep.has(file)) rmSync(join(kindDir, file));
  };
  for (const kind of KINDS.filter((k) => config.kinds.includes(k))) writeKind(kind, sectionDocs(config, kind));
  // Without --with partner-roles an earlier export's partner roles are stale: they go, as members do.
  if (config.kinds.includes('roles') && (config.with.includes('partner-roles') || existsSync(join(dir, 'partner-roles')))) writeKind('partner-roles', sectionDocs(config, 'partner-roles'));
  // Each extra belongs to a kind: re-exporting only settings keeps what the last export said about it.
  const extraOf: Record<With, Kind> = { members: 'groups', 'partner-roles': 'roles' };
  const manifest: Manifest = {
    format: FORMAT,
    epi_version: VERSION,
    source: config.org!,
    kinds: KINDS.filter((k) => config.kinds.includes(k) || previous?.kinds.includes(k)),
    with: WITH.filter((w) => (config.kinds.includes(extraOf[w]) ? config.with : (previous?.with ?? [])).includes(w)),
  };
  writeFileSync(join(dir, MANIFEST), canonicalJson(manifest));
  return { written };
}

function readManifestSync(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}.`);
  }
  const m = raw as Partial<Manifest>;
  if (typeof m !== 'object' || m === null || typeof m.format !== 'number') throw new UsageError(`${path} is not an epi export manifest (no "format").`);
  if (m.format > FORMAT) {
    throw new UsageError(`${path} was written by a newer epi (${m.epi_version ?? 'unknown version'}, layout ${m.format}); this epi ${VERSION} reads layout ${FORMAT}.`, {
      hint: 'Upgrade epi, then run the command again.',
    });
  }
  const kinds = Array.isArray(m.kinds) ? m.kinds.filter((k): k is Kind => (KINDS as readonly string[]).includes(k)) : [];
  const withs = Array.isArray(m.with) ? m.with.filter((w): w is With => (WITH as readonly string[]).includes(w)) : [];
  return { format: m.format, epi_version: String(m.epi_version ?? ''), source: m.source ?? { id: '' }, kinds, with: withs };
}

/**
 * Reads a directory back, checking everything before anything is sent: files that do not parse,
 * fields of the wrong type or unknown, two files claiming the same slug or name, placeholders
 * that cannot be mapped. Every problem is listed with its path; any one is exit 2.
 */
export async function readExport(dir: string): Promise<OrgConfig> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`"${dir}" is not a directory.`, { hint: 'Give a directory written by `epi export --dir <dir>`, or @<profile> for a live org.' });
  if (!existsSync(join(dir, MANIFEST))) throw new UsageError(`${dir} has no ${MANIFEST}: it was not written by \`epi export\`.`, { hint: 'Run `epi export --dir <dir>` first.' });
  const manifest = readManifestSync(dir);
  const problems: string[] = [];
  const config: OrgConfig = { label: dir, org: manifest.source, kinds: manifest.kinds, with: manifest.with, settings: new Map(), roles: new Map(), groups: new Map() };
  const claimed = new Map<string, string>();

  const sections = (kind: Kind): Section[] => (kind === 'roles' && manifest.with.includes('partner-roles') ? ['roles', 'partner-roles'] : [kind]);
  for (const [kind, section] of manifest.kinds.flatMap((k) => sections(k).map((s) => [k, s] as const))) {
    const kindDir = join(dir, section);
    if (!existsSync(kindDir)) continue;
    for (const file of readdirSync(kindDir).sort()) {
      const path = join(kindDir, file);
      if (!file.endsWith('.json')) {
        problems.push(`${path}: not a .json file`);
        continue;
      }
      let value: unknown;
      try {
        value = await parseExactJson(readFileSync(path, 'utf8'));
      } catch (error) {
        problems.push(`${path}: not valid JSON (${(error as Error).message})`);
        continue;
      }
      for (const p of unknownPlaceholders(value)) problems.push(`${path}: placeholder ${p} cannot be mapped (only {{org_id}} is known)`);
      const claim = (id: string) => {
        const key = `${kind}:${kind === 'settings' ? id : id.toLowerCase()}`;
        const other = claimed.get(key);
        if (other) problems.push(`${path}: claims the same ${kind === 'roles' ? 'slug' : kind === 'groups' ? 'name' : 'key'} "${id}" as ${other}`);
        else claimed.set(key, path);
      };
      if (kind === 'settings') {
        const key = nameOfFile(file);
        claim(key);
        config.settings.set(key, value);
      } else if (kind === 'roles') {
        const role = checkRole(value, path, problems, section === 'partner-roles' ? 'partner_role' : 'user_role');
        if (role) {
          claim(role.slug);
          // A file naming the source org by its id (written by hand) is mapped like {{org_id}}.
          config.roles.set(role.slug, manifest.source.id ? toPlaceholders(role, manifest.source.id) : role);
        }
      } else {
        const group = checkGroup(value, path, problems);
        if (group) {
          claim(group.name);
          config.groups.set(group.name, group);
        }
      }
    }
  }
  if (problems.length) {
    throw new UsageError(`${dir} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was sent:\n  ${problems.join('\n  ')}`, {
      hint: 'Fix the files listed, or export again with `epi export --dir <dir>`.',
    });
  }
  return config;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkFields(value: Record<string, unknown>, path: string, types: Record<string, (v: unknown) => boolean>, problems: string[]): boolean {
  let ok = true;
  for (const [key, v] of Object.entries(value)) {
    const check = types[key];
    if (!check) {
      problems.push(`${path}: unknown field "${key}" (known: ${Object.keys(types).join(', ')})`);
      ok = false;
    } else if (!check(v)) {
      problems.push(`${path}: field "${key}" has the wrong type (${JSON.stringify(v)?.slice(0, 60)})`);
      ok = false;
    }
  }
  return ok;
}

const str = (v: unknown) => typeof v === 'string' && v.length > 0;
const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The directory decides the type: user roles in roles/, partner roles in partner-roles/. */
function checkRole(value: unknown, path: string, problems: string[], type: RoleDoc['type']): RoleDoc | undefined {
  if (!isObject(value)) return void problems.push(`${path}: a role must be a JSON object`);
  const home = type === 'user_role' ? 'roles/' : 'partner-roles/';
  const ok = checkFields(
    value,
    path,
    {
      slug: (v) => typeof v === 'string' && /^[A-Za-z0-9_-]+$/.test(v),
      name: str,
      type: (v) => typeof v === 'string',
      grants: (v) => Array.isArray(v) && v.every((g) => isObject(g) && typeof g.action === 'string' && (g.effect === undefined || g.effect === 'allow' || g.effect === 'deny')),
      expires_at: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
      ...(type === 'user_role' ? { parent_role: str } : { partner_org_id: str }),
    },
    problems,
  );
  const typeOk = !('type' in value) || value.type === type;
  if (!typeOk && typeof value.type === 'string') {
    const hint = value.type === 'partner_role' ? ' (partner roles go in partner-roles/, exported with --with partner-roles)' : value.type === 'user_role' ? ' (user roles go in roles/)' : '';
    problems.push(`${path}: type ${JSON.stringify(value.type)?.slice(0, 60)} does not belong in ${home}, which holds ${type}${hint}`);
  }
  for (const required of ['slug', 'name', 'type', 'grants']) if (!(required in value)) problems.push(`${path}: missing "${required}"${required === 'type' ? ` (${type} in ${home})` : ''}`);
  return ok && typeOk && ['slug', 'name', 'type', 'grants'].every((k) => k in value) ? (value as unknown as RoleDoc) : undefined;
}

function checkGroup(value: unknown, path: string, problems: string[]): GroupDoc | undefined {
  if (!isObject(value)) return void problems.push(`${path}: a group must be a JSON object`);
  const ok = checkFields(
    value,
    path,
    {
      name: str,
      abbreviation: (v) => typeof v === 'string' && [...v].length <= 2,
      gradient_colors: (v) => strings(v) && (v as string[]).length === 2 && (v as string[]).every((c) => /^#[0-9a-fA-F]{6}$/.test(c)),
      members: (v) => strings(v) && (v as string[]).every((e) => e.includes('@')),
    },
    problems,
  );
  if (!('name' in value)) problems.push(`${path}: missing "name"`);
  return ok && 'name' in value ? (value as unknown as GroupDoc) : undefined;
}
