import type { Command } from '@commander-js/extra-typings';
import { createNavigation, type NavigationCreateRequest } from '../../api/user-me.js';
import { isPlanned } from '../../api/types.js';
import type { CommonFlags, Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { readJsonInput, readJsonObjectInput } from '../../input.js';
import type { IO } from '../../runtime.js';
import { defineVerb } from '../define.js';
import { navigationView } from './view.js';

export interface CreateNavigationOptions extends CommonFlags {
  fromFile?: string;
  name?: string;
  configurationFile?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKeyItem = (v: unknown) => isObject(v) && typeof v.key === 'string' && v.key !== '';

/** The configuration is sections of items: `{key}` or `{name, subItems: [{key}, ...]}`. */
function checkConfiguration(config: unknown, where: string): void {
  if (!isObject(config)) throw new UsageError(`${where} must be a JSON object of sections, e.g. {"customer_relations":[{"key":"dashboard"}]}.`);
  for (const [section, items] of Object.entries(config)) {
    if (!Array.isArray(items)) throw new UsageError(`${where}: section "${section}" must be an array of items.`);
    items.forEach((item: unknown, i) => {
      const group = isObject(item) && typeof item.name === 'string' && Array.isArray(item.subItems) && item.subItems.every(isKeyItem);
      if (!isKeyItem(item) && !group) {
        throw new UsageError(`${where}: ${section}[${i}] must be {"key": "..."} or {"name": "...", "subItems": [{"key": "..."}]}.`);
      }
    });
  }
}

export async function navigationBody(o: CreateNavigationOptions, io: IO): Promise<NavigationCreateRequest> {
  if (o.fromFile) {
    if (o.name !== undefined || o.configurationFile) throw new UsageError('--from-file cannot be combined with --name or --configuration-file.');
    const body = await readJsonObjectInput(o.fromFile, io);
    if (typeof body.name !== 'string' || !body.name.trim()) throw new UsageError(`--from-file ${o.fromFile} needs a "name".`);
    checkConfiguration(body.configuration, `"configuration" in --from-file ${o.fromFile}`);
    return body as unknown as NavigationCreateRequest;
  }
  if (!o.name?.trim() || !o.configurationFile) {
    throw new UsageError('Missing the navigation.', { hint: 'Pass --from-file <path|-> with name and configuration, or --name <name> with --configuration-file <path|->.' });
  }
  const configuration = await readJsonInput(o.configurationFile, '--configuration-file', io);
  checkConfiguration(configuration, `--configuration-file ${o.configurationFile}`);
  return { name: o.name.trim(), configuration: configuration as NavigationCreateRequest['configuration'] };
}

export async function create(ctx: Context, o: CreateNavigationOptions): Promise<void> {
  const nav = await createNavigation(await ctx.http(), await navigationBody(o, ctx.io));
  if (isPlanned(nav)) return;
  ctx.out.info(`Created navigation "${nav?.name}" (${nav?.id}).`);
  await ctx.out.record(nav, navigationView(nav));
}

export default defineVerb({
  name: 'create',
  summary: 'Create a navigation (menu layout) that users can be given',
  description:
    'Create a navigation: a menu layout of sections and items (POST /v2/user/navigations). Navigations cannot be\nchanged: to change one, create a new one. Its id is a hash of the content, so the same name and configuration\ngive the same id. A user gets it through the custom_navigation field of their profile.',
  json: true,
  dryRun: true,
  flags: (cmd: Command) =>
    cmd
      .option('--from-file <path|->', 'the whole request: {"name": ..., "configuration": {...}} (a file, or - for stdin)')
      .option('--name <name>', 'navigation name (with --configuration-file)')
      .option('--configuration-file <path|->', 'the configuration: {"<section>": [{"key": ...} | {"name": ..., "subItems": [...]}]}'),
  examples: ['epi navigations create --from-file nav.json', 'epi navigations create --name "Sales team" --configuration-file sections.json --json id'],
  run: create,
});
