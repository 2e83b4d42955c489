/**
 * JSON whose numbers arrive exactly. A JavaScript number holds integers exactly only up to 2^53,
 * so JSON.parse turns 4915112345678901234 into 4915112345678901000. Where epi handles values a
 * user typed or a server stores as they are (settings, `epi api -F`), it parses with lossless-json
 * instead: a number that survives the trip through a JS number becomes one, any other stays a
 * LosslessNumber holding its digits, and stringifyJson writes it back digit for digit.
 *
 * lossless-json (a well-kept parser, no dependencies) is loaded only by the commands that need
 * it. stringifyJson is synchronous and serves every command: no LosslessNumber can exist before
 * the library is loaded, so until then it is plain JSON.stringify (as fast as ever), and after
 * that lossless-json's stringify, which writes every other value as JSON.stringify does.
 */

type LosslessJson = typeof import('lossless-json');

let lossless: LosslessJson | undefined;

async function load(): Promise<LosslessJson> {
  lossless ??= await import('lossless-json');
  return lossless;
}

/** A JSON text parser that keeps numbers a JS number cannot carry exactly as LosslessNumbers. */
export async function exactJsonParser(): Promise<(text: string) => unknown> {
  const { parse, isSafeNumber, LosslessNumber } = await load();
  return (text) => parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : new LosslessNumber(digits)));
}

/** Parses JSON text exactly; throws SyntaxError when it is not JSON. */
export async function parseExactJson(text: string): Promise<unknown> {
  return (await exactJsonParser())(text);
}

/** JSON.stringify (same arguments, no replacer function), with every LosslessNumber written digit for digit. */
export function stringifyJson(value: unknown, replacer?: null, space?: number | string): string {
  return (lossless ? lossless.stringify(value, replacer, space) : JSON.stringify(value, replacer, space)) as string;
}

/** Whether a parsed value holds a number that only a LosslessNumber carries exactly. */
export function hasInexactNumber(value: unknown): boolean {
  if (!lossless || typeof value !== 'object' || value === null) return false;
  if (lossless.isLosslessNumber(value)) return true;
  return Object.values(value).some(hasInexactNumber);
}
