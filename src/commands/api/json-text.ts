const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const DELIMITERS = new Set([...WHITESPACE, ',', ':', '[', ']', '{', '}', '"']);

/**
 * Re-lays out valid JSON text, compact (indent 0) or indented like JSON.stringify(v, null, indent),
 * without parsing it into values: numbers beyond 2^53, escapes and duplicate keys reach stdout
 * exactly as the API sent them.
 */
export function formatJsonText(text: string, indent = 0): string {
  const pad: string[] = [];
  const newline = (depth: number): string => (indent ? (pad[depth] ??= `\n${' '.repeat(indent * depth)}`) : '');
  const parts: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      parts.push(text.slice(i, end));
      i = end;
    } else if (WHITESPACE.has(c)) {
      i++;
    } else if (c === '{' || c === '[') {
      let j = i + 1;
      while (WHITESPACE.has(text[j]!)) j++;
      if (text[j] === (c === '{' ? '}' : ']')) {
        parts.push(c, text[j]!);
        i = j + 1;
      } else {
        parts.push(c, newline(++depth));
        i++;
      }
    } else if (c === '}' || c === ']') {
      parts.push(newline(--depth), c);
      i++;
    } else if (c === ',') {
      parts.push(',', newline(depth));
      i++;
    } else if (c === ':') {
      parts.push(indent ? ': ' : ':');
      i++;
    } else {
      let j = i + 1;
      while (j < text.length && !DELIMITERS.has(text[j]!)) j++;
      parts.push(text.slice(i, j));
      i = j;
    }
  }
  return parts.join('');
}

/** Index just past the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; text[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}
