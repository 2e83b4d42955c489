import { describe, expect, it } from 'vitest';
import { TextColumn } from '../../src/bulk/text-column.js';

describe('TextColumn', () => {
  it('gives back every string exactly as set, Latin-1 or not, in any order and past its first size', () => {
    const column = new TextColumn();
    const texts = ['anna@acme.example', '', 'jürgen@müller.example', '名前@acme.example', 'emoji 🙂', 'lone \ud800 surrogate', 'line 4'];
    // Rows are set out of order and far apart, as a run's answers arrive, and more than the column first holds.
    const rows = Array.from({ length: 5000 }, (_, i) => texts[i % texts.length]! + (i % 3 ? String(i) : ''));
    for (let i = rows.length - 1; i >= 0; i -= 2) column.set(i, rows[i]);
    for (let i = 0; i < rows.length; i += 2) column.set(i, rows[i]);
    for (let i = 0; i < rows.length; i++) expect(column.get(i)).toBe(rows[i]);
  });

  it('has no text for rows never set or set to undefined; a row set again has its last text', () => {
    const column = new TextColumn();
    column.set(3, 'first');
    expect(column.get(0)).toBeUndefined();
    expect(column.get(99_999)).toBeUndefined();
    column.set(3, '名前');
    expect(column.get(3)).toBe('名前');
    column.set(3, 'third');
    expect(column.get(3)).toBe('third');
    column.set(3, undefined);
    expect(column.get(3)).toBeUndefined();
  });
});
