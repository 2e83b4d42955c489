import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { CreateGroupBody, UpdateGroupBody } from '../../api/user-groups.js';
import type { CommonFlags } from '../../context.js';
import { UsageError } from '../../errors.js';
import { compact, readJsonObjectInput } from '../../input.js';
import type { IO } from '../../runtime.js';
import { collect } from '../define.js';

export interface GroupFlags extends CommonFlags {
  name?: string;
  abbreviation?: string;
  color?: string[];
  fromFile?: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** The flags create and update share. */
export function groupFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--name <name>', 'group name, e.g. a department or team')
    .option('--abbreviation <xy>', 'short label of up to 2 characters, shown on the avatar')
    .option('--color <hex>', 'avatar gradient: give it twice, base then accent colour (rrggbb or "#rrggbb")', collect)
    .option('--from-file <path|->', 'send this JSON as the whole request body (a file, or - for stdin)');
}

function validColors(colors: unknown, where: string): string[] {
  if (!Array.isArray(colors) || colors.length !== 2) {
    throw new UsageError(`${where} takes exactly two colours, base then accent.`, { hint: 'e.g. --color 0588f0 --color 3358d4' });
  }
  for (const c of colors) {
    if (typeof c !== 'string' || !HEX.test(c)) throw new UsageError(`${where}: "${String(c)}" is not a hex colour.`, { hint: 'Use six hex digits, e.g. 0588f0 or "#0588f0" (quoted: # starts a shell comment).' });
  }
  return colors as string[];
}

function validAbbreviation(value: unknown, where: string): void {
  if (typeof value === 'string' && [...value].length > 2) throw new UsageError(`${where} "${value}" is longer than 2 characters.`);
}

function checkFileBody(body: Record<string, unknown>, file: string, needName: boolean): void {
  const where = `--from-file ${file}`;
  if (needName && (typeof body.name !== 'string' || !body.name.trim())) throw new UsageError(`${where} needs a "name".`);
  if (body.name !== undefined && typeof body.name !== 'string') throw new UsageError(`${where}: "name" must be a string.`);
  if (body.user_ids !== undefined && (!Array.isArray(body.user_ids) || body.user_ids.some((id) => typeof id !== 'string'))) {
    throw new UsageError(`${where}: "user_ids" must be an array of user id strings.`);
  }
  validAbbreviation(body.abbreviation, `${where}: "abbreviation"`);
  const colors = (body.image_uri as { gradient_colors?: unknown } | null | undefined)?.gradient_colors;
  if (colors !== undefined) validColors(colors, `${where}: "image_uri.gradient_colors"`);
}

/**
 * The request body from flags, or the whole body from --from-file, validated before anything is
 * sent. `userIds` are the members for a new group; update leaves membership to add-users/remove-users.
 */
async function groupBody(o: GroupFlags, io: IO, mode: 'create' | 'update', userIds?: string[]): Promise<UpdateGroupBody> {
  const flagged = o.name !== undefined || o.abbreviation !== undefined || o.color !== undefined || !!userIds?.length;
  if (o.fromFile) {
    if (flagged) throw new UsageError('--from-file cannot be combined with other flags.', { hint: 'Put every field in the file, or use flags only.' });
    const body = await readJsonObjectInput(o.fromFile, io);
    checkFileBody(body, o.fromFile, mode === 'create');
    return body;
  }
  if (o.name !== undefined && !o.name.trim()) throw new UsageError('--name is empty.');
  validAbbreviation(o.abbreviation, '--abbreviation');
  const body = compact({
    name: o.name?.trim(),
    user_ids: userIds?.length ? [...new Set(userIds)] : undefined,
    abbreviation: o.abbreviation,
    // A bare # starts a shell comment, so the colour may come without it.
    image_uri: o.color ? { gradient_colors: validColors(o.color.map((c) => (c.startsWith('#') ? c : `#${c}`)), '--color') } : undefined,
  });
  if (mode === 'create' && body.name === undefined) throw new UsageError('Missing --name.', { hint: 'Pass --name <name>, or --from-file with a JSON body.' });
  if (Object.keys(body).length === 0) {
    throw new UsageError('Nothing to update.', { hint: 'Pass at least one of --name, --abbreviation, --color, or --from-file.' });
  }
  return body;
}

/** groupBody has checked that a name is there. */
export const createGroupBody = async (o: GroupFlags, io: IO, userIds?: string[]) => (await groupBody(o, io, 'create', userIds)) as CreateGroupBody;
export const updateGroupBody = (o: GroupFlags, io: IO) => groupBody(o, io, 'update');
