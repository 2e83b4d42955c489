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
  ['RLO spoofing a name ("Eveadmin" on screen)', 'Eve\u202enimda', 'Eve<U+202E>nimda'],
  ['bidi embeddings and PDF', '\u202aa\u202bb\u202cc\u202dd', '<U+202A>a<U+202B>b<U+202C>c<U+202D>d'],
  ['bidi isolates', '\u2066x\u2067y\u2068z\u2069', '<U+2066>x<U+2067>y<U+2068>z<U+2069>'],
  ['LRM, RLM and the Arabic letter mark', 'a\u200eb\u200fc\u061cd', 'a<U+200E>b<U+200F>c<U+061C>d'],
  ['zero-width space, word joiner, BOM, soft hyphen', 'ad\u200bmin\u2060\ufeff\u00ad', 'ad<U+200B>min<U+2060><U+FEFF><U+00AD>'],
  ['line and paragraph separators', 'Eve\u2028Admin\u2029', 'Eve<U+2028>Admin<U+2029>'],
  ['ZWJ emoji and ZWNJ in Persian stay', '👩‍💻 می‌خواهم', '👩‍💻 می‌خواهم'],
];

describe('sanitize', () => {
  it.each(HOSTILE)('%s', (_name, input, shown) => {
    expect(sanitize(input)).toBe(shown);
  });

  it('leaves no ESC, C1, DEL, bare CR or bidi/invisible formatting character in anything it returns', () => {
    for (const [, input] of HOSTILE) expect(sanitize(input)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/);
  });

  it('shows separators and bidi characters even where newlines are kept (messages, hints)', () => {
    expect(sanitize('Delete user Eve\u202enimda?\n', { newlines: true, tabs: true })).toBe('Delete user Eve<U+202E>nimda?\n');
    expect(sanitize('a\u2028b', { newlines: true })).toBe('a<U+2028>b');
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

  it('escapes bidi overrides, isolates and separators too, which JSON.stringify leaves raw', () => {
    const value = { name: 'Eve\u202enimda\u2066\u2028\u200b', ok: '👩‍💻' };
    const text = escapeJsonControls(JSON.stringify(value));
    expect(text).toContain('Eve\\u202enimda\\u2066\\u2028\\u200b');
    expect(text).toContain('👩‍💻');
    expect(JSON.parse(text)).toEqual(value);
  });
});
