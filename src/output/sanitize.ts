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
 */

// C0 (but tab and newline, handled per option), DEL and C1.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export interface SanitizeOptions {
  /** Keep \n (and read \r\n as \n): messages and hints span lines. Otherwise \n becomes ^J. */
  newlines?: boolean;
  /** Keep \t. Otherwise it becomes ^I. */
  tabs?: boolean;
}

export function sanitize(text: string, options: SanitizeOptions = {}): string {
  let s = options.newlines ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '^J');
  if (!options.tabs) s = s.replace(/\t/g, '^I');
  return s.replace(CONTROL, caret);
}

function caret(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x7f) return '^?';
  if (code >= 0x80) return `^[${String.fromCharCode(code - 0x40)}`;
  return `^${String.fromCharCode(code + 0x40)}`;
}

/**
 * JSON text with C1 characters and DEL escaped as \u00XX. JSON.stringify escapes C0 but leaves
 * U+0080–U+009F raw, and terminals read U+009B as CSI. The escaped text parses to the same value.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
