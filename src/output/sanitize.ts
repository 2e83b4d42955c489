/**
 * Text from a server is untrusted: any org member can put an escape sequence in their display
 * name, and a terminal that prints it obeys (set the title, write the clipboard with OSC 52, hide
 * text, clear the screen, rewrite the line with a bare \r). This is the one place that neutralises
 * such text before it reaches a terminal, a TSV or CSV line, a warning or an error message.
 *
 * Control characters are made visible, not dropped, so an admin sees that a value carries them:
 * C0 and DEL in caret notation (ESC → ^[, BEL → ^G, DEL → ^?), C1 as ESC plus its 7-bit form
 * (CSI 0x9b → ^[[), as gh does. Once every ESC and C1 byte is visible no escape sequence can
 * start, so the rest of a sequence stays as harmless printable text.
 *
 * Invisible formatting characters are shown as <U+XXXX>, as git and gh show them: bidi overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069) reorder what follows, so "Eve\u202Enimda" reads as
 * "Eveadmin" in a table or a "Delete user …?" prompt; zero-width characters, marks and the
 * line/paragraph separators (U+2028, U+2029) hide text or break a line a terminal may not show.
 * ZWJ and ZWNJ (U+200D, U+200C) stay: emoji and several scripts need them, and they reorder nothing.
 */

// C0 (but tab and newline, handled per option), DEL and C1.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space, LRM/RLM, line and
// paragraph separators, bidi embeddings/overrides/isolates, word joiner and invisible operators,
// BOM/zero-width no-break space, interlinear annotation marks.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

export interface SanitizeOptions {
  /** Keep \n (and read \r\n as \n): messages and hints span lines. Otherwise \n becomes ^J. */
  newlines?: boolean;
  /** Keep \t. Otherwise it becomes ^I. */
  tabs?: boolean;
}

export function sanitize(text: string, options: SanitizeOptions = {}): string {
  let s = options.newlines ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '^J');
  if (!options.tabs) s = s.replace(/\t/g, '^I');
  return s.replace(CONTROL, caret).replace(INVISIBLE, codePoint);
}

function codePoint(ch: string): string {
  return `<U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

function caret(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x7f) return '^?';
  if (code >= 0x80) return `^[${String.fromCharCode(code - 0x40)}`;
  return `^${String.fromCharCode(code + 0x40)}`;
}

/**
 * JSON text with C1 characters, DEL and the invisible formatting characters above escaped as
 * \uXXXX. JSON.stringify escapes C0 but leaves U+0080–U+009F raw (terminals read U+009B as CSI),
 * and bidi overrides raw (they reorder the line on a terminal). The escaped text parses to the
 * same value.
 */
export function escapeJsonControls(json: string): string {
  // Almost no record needs it: testing first spares a copy of every line of a long listing.
  return NEEDS_JSON_ESCAPE.test(json) ? json.replace(JSON_ESCAPED, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

// One character class (DEL, C1 and INVISIBLE's members): JSON output can be hundreds of MB.
const JSON_ESCAPED = new RegExp(`[\\u007f-\\u009f${INVISIBLE.source.slice(1, -1)}]`, 'g');
// Without the g flag, so test() keeps no lastIndex between calls.
const NEEDS_JSON_ESCAPE = new RegExp(JSON_ESCAPED.source);
