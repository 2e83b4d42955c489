/**
 * What it takes to make a target org look like a source: per kind, the resources to create (+),
 * to change (~, with the fields that differ) and that exist only in the target (-, deleted by
 * `apply --prune`). Only the kinds and options both sides carry are compared.
 */
import { sanitize } from '../output/sanitize.js';
import { stringifyJson } from '../exact-json.js';
import { canonicalJson, isExactNumber, KINDS, sameValue, sectionDocs, sectionOf, SECTIONS, sortKeys, type Kind, type OrgConfig, type Section } from './model.js';

export type Action = 'create' | 'change' | 'delete';

export interface FieldChange {
  /** The field, or "" for a setting's whole value. */
  field: string;
  from: unknown;
  to: unknown;
}

export interface Change {
  kind: Kind;
  action: Action;
  /** The setting key, role slug or group name. */
  name: string;
  /** The target's document (change, delete). */
  from?: unknown;
  /** The source's document (create, change). */
  to?: unknown;
  fields?: FieldChange[];
}

export interface Comparison {
  kinds: Kind[];
  members: boolean;
  partnerRoles: boolean;
  changes: Change[];
}

/** Partner roles, like group members, count only when both sides carry them. */
function docsOf(config: OrgConfig, kind: Kind, partnerRoles: boolean): Map<string, unknown> {
  return kind === 'roles' && partnerRoles ? config.roles : sectionDocs(config, kind);
}

/** What a comparison covered, for "No differences in …": partner-roles only when both sides had them. */
export const comparedSections = (c: Comparison): Section[] =>
  SECTIONS.filter((s) => (s === 'partner-roles' ? c.partnerRoles && c.kinds.includes('roles') : c.kinds.includes(s)));

/** The section of a change: where its file lives and its heading in a plan. */
export const sectionOfChange = (c: Change): Section => sectionOf(c.kind, c.to ?? c.from);

/** Group members count only when both sides carry them; otherwise they are left out of both. */
function comparable(doc: unknown, kind: Kind, members: boolean): unknown {
  if (kind !== 'groups' || members || !doc || typeof doc !== 'object') return doc;
  const { members: _left, ...rest } = doc as Record<string, unknown>;
  return rest;
}

export function compare(source: OrgConfig, target: OrgConfig, only?: readonly Kind[]): Comparison {
  const kinds = KINDS.filter((k) => source.kinds.includes(k) && target.kinds.includes(k) && (!only || only.includes(k)));
  const members = source.with.includes('members') && target.with.includes('members');
  const partnerRoles = source.with.includes('partner-roles') && target.with.includes('partner-roles');
  const changes: Change[] = [];
  for (const kind of kinds) {
    const from = docsOf(target, kind, partnerRoles);
    const to = docsOf(source, kind, partnerRoles);
    const names = [...new Set([...to.keys(), ...from.keys()])].sort((a, b) => a.localeCompare(b));
    for (const name of names) {
      const a = from.has(name) ? comparable(from.get(name), kind, members) : undefined;
      const b = to.has(name) ? comparable(to.get(name), kind, members) : undefined;
      if (!from.has(name)) changes.push({ kind, action: 'create', name, to: b });
      else if (!to.has(name)) changes.push({ kind, action: 'delete', name, from: a });
      else if (!sameValue(a, b)) changes.push({ kind, action: 'change', name, from: a, to: b, fields: fieldChanges(kind, a, b) });
    }
  }
  return { kinds, members, partnerRoles, changes };
}

function fieldChanges(kind: Kind, a: unknown, b: unknown): FieldChange[] {
  if (kind === 'settings') return [{ field: '', from: a, to: b }];
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return [...new Set([...Object.keys(x), ...Object.keys(y)])]
    .sort()
    .filter((k) => !sameValue(x[k], y[k]))
    .map((field) => ({ field, from: x[field], to: y[field] }));
}

export interface Counts {
  create: number;
  change: number;
  delete: number;
}

export const countOf = (changes: readonly Change[]): Counts => ({
  create: changes.filter((c) => c.action === 'create').length,
  change: changes.filter((c) => c.action === 'change').length,
  delete: changes.filter((c) => c.action === 'delete').length,
});

export interface Painter {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const SIGN: Record<Action, string> = { create: '+', change: '~', delete: '-' };

const isScalar = (v: unknown): boolean => v === null || v === undefined || typeof v !== 'object' || isExactNumber(v);
/** Names and values come from an org anyone may have edited: they reach the terminal sanitised. */
const inline = (v: unknown): string => (v === undefined ? '(none)' : sanitize(stringifyJson(sortKeys(v))));

/**
 * The change list for people: grouped by kind, `+`/`~`/`-` per resource, scalars side by side
 * (target → source) and nested JSON as a unified diff. Lines are returned, not printed, so the
 * printer decides where they go.
 */
export async function renderChanges(changes: readonly Change[], paint: Painter, deleteNote?: string): Promise<string[]> {
  const lines: string[] = [];
  const { createPatch } = await import('diff');
  for (const section of SECTIONS) {
    const ofSection = changes.filter((c) => sectionOfChange(c) === section);
    if (!ofSection.length) continue;
    lines.push(paint.bold(section));
    for (const c of ofSection) {
      const { kind } = c;
      const color = c.action === 'create' ? paint.green : c.action === 'delete' ? paint.red : paint.yellow;
      const label = `${SIGN[c.action]} ${sanitize(c.name)}`;
      if (c.action !== 'change') {
        const note = c.action === 'delete' && deleteNote ? paint.dim(`  (${deleteNote})`) : '';
        lines.push(`  ${color(label)}${kind === 'settings' ? color(`: ${inline(c.action === 'create' ? c.to : c.from)}`) : ''}${note}`);
        continue;
      }
      lines.push(`  ${color(label)}`);
      for (const f of c.fields ?? []) {
        const name = sanitize(f.field || 'value');
        if (isScalar(f.from) && isScalar(f.to)) {
          lines.push(`      ${name}: ${paint.red(inline(f.from))} → ${paint.green(inline(f.to))}`);
          continue;
        }
        lines.push(`      ${name}:`);
        const patch = createPatch(name, f.from === undefined ? '' : canonicalJson(f.from), f.to === undefined ? '' : canonicalJson(f.to), '', '', { context: 2 });
        for (const raw of patch.split('\n').slice(4)) {
          if (!raw || raw.startsWith('\\')) continue;
          const line = sanitize(raw);
          lines.push(`        ${line.startsWith('+') ? paint.green(line) : line.startsWith('-') ? paint.red(line) : line.startsWith('@@') ? paint.dim(line) : line}`);
        }
      }
    }
  }
  return lines;
}

export function summaryLine(counts: Counts, prune: boolean): string {
  const kept = !prune && counts.delete ? ` (${counts.delete} only in the target, kept: --prune deletes them)` : '';
  return `${counts.create} to create, ${counts.change} to change, ${prune ? counts.delete : 0} to delete${kept}.`;
}
