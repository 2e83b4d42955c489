import { chmodSync, closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import type { RowStatus } from './report.js';

/** One line of a journal: a row's state, keyed by what identifies the row in its input. */
export interface JournalEntry {
  key: string;
  /** `sending` is written before a request goes out, so a run killed mid-request leaves a trace. */
  status: RowStatus | 'sending';
  row?: string;
  reason?: string;
  id?: string;
  /** A command's own fields for the row (what offboarding removed). */
  fields?: Record<string, unknown>;
}

/**
 * The journal of a bulk run: NDJSON, one line per row state, appended with a synchronous write as
 * each happens. Nothing is buffered, so a run that is killed (a second Ctrl-C, a crash) leaves a
 * journal that is complete up to that moment, which is what `--resume` relies on.
 */
export class Journal {
  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  /** Opens (or continues) a journal, readable only by its owner: it names users and ids. */
  static open(path: string, command: readonly string[] | undefined, now: Date): Journal {
    let fd: number;
    try {
      fd = openSync(path, 'a', 0o600);
      chmodSync(path, 0o600);
    } catch (error) {
      throw new UsageError(`Cannot write the journal "${path}": ${(error as Error).message}.`, { hint: 'Pass --journal <file> in a directory you can write to.' });
    }
    const journal = new Journal(path, fd);
    journal.write({ run: now.toISOString(), command: command ?? [] });
    return journal;
  }

  entry(entry: JournalEntry): void {
    this.write(entry);
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(value: object): void {
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
  }
}

/** Where a journal goes without --journal: $XDG_STATE_HOME/epi/runs (or ~/.local/state/epi/runs). */
export function defaultJournalPath(env: Record<string, string | undefined>, name: string, now: Date): string {
  const state = env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'state');
  const dir = join(state, 'epi', 'runs');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new UsageError(`Cannot create the journal directory "${dir}": ${(error as Error).message}.`, { hint: 'Pass --journal <file>, or set XDG_STATE_HOME to a writable directory.' });
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(dir, `${stamp}-${name}-${process.pid}.ndjson`);
}

/**
 * The last state of every row in a journal, by key. Read line by line, so a long journal does not
 * sit in memory as text; a torn last line (a killed run) is ignored.
 */
export async function readJournal(path: string): Promise<Map<string, JournalEntry>> {
  const states = new Map<string, JournalEntry>();
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read --resume journal "${path}": ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, {
      hint: 'Pass the journal the interrupted run named on stderr.',
    });
  }
  let rows = 0;
  let runs = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const record = value as Record<string, unknown>;
    if (typeof record.run === 'string') runs++;
    if (typeof record.key === 'string' && typeof record.status === 'string') {
      states.set(record.key, record as unknown as JournalEntry);
      rows++;
    }
  }
  if (runs === 0 && rows === 0) throw new UsageError(`--resume "${path}" is not an epi journal.`, { hint: 'Pass the journal the interrupted run named on stderr.' });
  return states;
}
