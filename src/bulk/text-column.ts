/**
 * One string per row, kept as bytes outside the JavaScript heap: a 100,000-row run keeps an
 * email, a "line 4" and an id per row, and as strings and the arrays holding them those cost
 * 30-60 bytes each on the heap, which V8 then lets grow to about four times what is live before it
 * collects (bench: 100,000 invitations). Here a row costs its characters and 8 bytes of offsets,
 * none of it on the heap. Every string comes back exactly as it was set: text with a character
 * beyond Latin-1 (an umlaut is within it, an emoji or a lone surrogate is not) is kept as the
 * string itself.
 */
export class TextColumn {
  private bytes = Buffer.allocUnsafe(4096);
  private used = 0;
  /** Where row i's text starts in `bytes`, and its length; -1 when the row has no text. */
  private starts = new Int32Array(1024).fill(-1);
  private lengths = new Int32Array(1024);
  private readonly wide = new Map<number, string>();

  /** Sets row i's text. Setting a row again leaves its old bytes unused: rows are set about once. */
  set(i: number, text: string | undefined): void {
    if (i >= this.starts.length) this.growRows(i + 1);
    this.wide.delete(i);
    this.starts[i] = -1;
    if (text === undefined) return;
    if (!LATIN1.test(text)) {
      this.wide.set(i, text);
      return;
    }
    if (this.used + text.length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + text.length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.bytes.write(text, this.used, 'latin1');
    this.starts[i] = this.used;
    this.lengths[i] = text.length;
    this.used += text.length;
  }

  get(i: number): string | undefined {
    const start = i < this.starts.length ? this.starts[i]! : -1;
    if (start === -1) return this.wide.get(i);
    return this.bytes.toString('latin1', start, start + this.lengths[i]!);
  }

  private growRows(min: number): void {
    const size = Math.max(this.starts.length * 2, min);
    const starts = new Int32Array(size).fill(-1);
    starts.set(this.starts);
    const lengths = new Int32Array(size);
    lengths.set(this.lengths);
    this.starts = starts;
    this.lengths = lengths;
  }
}

const LATIN1 = /^[\0-\xff]*$/;
