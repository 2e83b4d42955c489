import type { Command } from '@commander-js/extra-typings';
import { PassThrough, Readable } from 'node:stream';
import { readInputRows, inputFlags, type InputFlags } from '../bulk/input.js';
import { reportView } from '../bulk/report.js';
import { bulkFlags } from '../bulk/flags.js';
import { RowFailed, runBulk, type BulkFlags, type BulkRow } from '../bulk/runner.js';
import type { CommonFlags, Context } from '../context.js';
import { ApiError, EpiError, ExitCode, UsageError } from '../errors.js';
import type { IO } from '../runtime.js';
import { defineVerb } from './define.js';

export interface BatchOptions extends CommonFlags, InputFlags, BulkFlags {
  skipInvalid?: boolean;
}

const PLACEHOLDER = /\{([^{}]+)\}/g;
const PLACEHOLDER_WORD = /^\{[^{}]+\}$/;
const SHOWN_PROBLEMS = 50;

/** One row's command line, or why it cannot run. */
interface PlannedRow {
  where: string;
  argv: string[];
  problem?: string;
}

/**
 * `epi batch <file> -- <command with {column} placeholders>`: the command once per row, in-process,
 * through the bulk runner. Every row's command line is built and parsed before any row runs; each
 * row's own output is kept in the report instead of being mixed on stdout.
 */
export async function batch(ctx: Context, o: BatchOptions, file: string, template: string[]): Promise<void> {
  if (!template.length) {
    throw new UsageError('Missing the command to run for each row.', { hint: 'Put it after --, e.g. epi batch moves.csv -- users update {email} --department {department}' });
  }
  if (template[0] === 'batch') throw new UsageError('epi batch cannot run epi batch.');
  const { runCli } = await import('../cli.js');
  const input = await readInputRows(ctx, file, o);
  const wanted = placeholders(template);
  if (!wanted.length) ctx.out.warn('The command has no {column} placeholders: every row runs the same command.');
  if (input.header) {
    const missing = wanted.filter((p) => !input.header!.includes(p));
    if (missing.length) {
      throw new UsageError(`The command names ${missing.map((m) => `{${m}}`).join(', ')}, but the header of ${file === '-' ? 'stdin' : `"${file}"`} has no such column.`, {
        hint: `Columns: ${input.header.join(', ')}.`,
      });
    }
  }

  const globals = globalFlags(ctx);
  const rows: PlannedRow[] = input.rows.map((r) => {
    if (r.problem !== undefined) return { where: r.where, argv: [], problem: r.problem };
    const row = expand(r.where, template, r.fields);
    return { ...row, argv: [...globals, ...row.argv] };
  });
  // Parse every row's command line before anything runs: an unknown flag, a missing argument or a
  // bad value stops the whole batch here, with every bad row named.
  for (const row of rows) {
    if (row.problem !== undefined) continue;
    const run = await captured((io) => runCli(withDryRun(row.argv, ctx.dryRun), ctx.runtimeWith(io, { parseOnly: true })));
    if (run.code !== ExitCode.Ok) row.problem = reasonOf(run.stderr) ?? `exit ${run.code}`;
  }
  const invalid = rows.filter((r) => r.problem !== undefined);
  if (invalid.length && !o.skipInvalid) {
    const listed = invalid.slice(0, SHOWN_PROBLEMS).map((r) => `  ${r.where}: ${r.problem}`);
    if (invalid.length > SHOWN_PROBLEMS) listed.push(`  ... and ${invalid.length - SHOWN_PROBLEMS} more`);
    throw new UsageError(`${invalid.length} of ${rows.length} rows cannot run; nothing was run:\n${listed.join('\n')}`, {
      hint: 'Fix these rows or the command, or pass --skip-invalid to run only the valid rows.',
    });
  }

  if (ctx.dryRun) {
    // Each row prints its own planned requests; they go to stdout in row order.
    let failed = 0;
    for (const row of rows) {
      if (row.problem !== undefined) continue;
      const run = await captured((io) => runCli(withDryRun(row.argv, true), ctx.runtimeWith(io)));
      ctx.io.stdout.write(run.stdout);
      if (run.code !== ExitCode.Ok) {
        failed++;
        ctx.out.warn(`${row.where}: ${reasonOf(run.stderr) ?? `exit ${run.code}`}`);
      }
    }
    if (failed) throw new EpiError(`${failed} of ${rows.length} rows failed to plan.`);
    return;
  }

  const bulkRows = rows.map((row): BulkRow<string[]> => {
    const item = commandLine(row.argv);
    if (row.problem !== undefined) return { row: row.where, item, key: row.where, status: 'skipped', reason: `invalid: ${row.problem}` };
    return { row: row.where, item, key: JSON.stringify(row.argv), work: row.argv };
  });
  await runBulk(
    ctx,
    {
      progress: 'Running',
      name: 'batch',
      itemHeader: 'Command',
      rows: bulkRows,
      send: async (argv) => {
        let rateLimited: ApiError | undefined;
        const run = await captured((io) =>
          runCli(argv, {
            ...ctx.runtimeWith(io),
            onError: (error) => {
              if (error instanceof ApiError && error.status === 429) rateLimited = error;
            },
          }),
        );
        // A row stopped by a 429 was not processed at that request: the runner slows down and runs it again.
        if (rateLimited) throw rateLimited;
        const result = { exit_code: run.code, stdout: run.stdout, stderr: run.stderr };
        if (run.code !== ExitCode.Ok) throw new RowFailed(reasonOf(run.stderr) ?? `exit ${run.code}`, result);
        return result;
      },
    },
    o,
    reportView('Command'),
  );
}

/** The global flags batch was given (--profile, --env, ...), so every row runs against the same account and API. */
function globalFlags(ctx: Context): string[] {
  const { profile, env, timeout, maxRetries, debug } = ctx.flags;
  return [
    ...(profile !== undefined ? ['--profile', profile] : []),
    ...(env !== undefined ? ['--env', env] : []),
    ...(timeout !== undefined ? ['--timeout', String(timeout)] : []),
    ...(maxRetries !== undefined ? ['--max-retries', String(maxRetries)] : []),
    ...(debug ? ['--debug'] : []),
  ];
}

/** The placeholder names of a command template, lower-cased like the header, each once. */
function placeholders(template: string[]): string[] {
  const names = new Set<string>();
  for (const word of template) for (const m of word.matchAll(PLACEHOLDER)) names.add(m[1]!.trim().toLowerCase());
  return [...names];
}

/** One row's command line: each placeholder replaced inside its word, so a value never splits into words. */
function expand(where: string, template: string[], fields: Record<string, unknown>): PlannedRow {
  const missing = new Set<string>();
  const argv = template.map((word) =>
    word.replace(PLACEHOLDER, (_, name: string) => {
      const value = fields[name.trim().toLowerCase()];
      if (value === undefined || value === null) {
        missing.add(name.trim());
        return '';
      }
      return typeof value === 'string' ? value : JSON.stringify(value);
    }),
  );
  if (missing.size) return { where, argv, problem: `has no value for ${[...missing].map((m) => `{${m}}`).join(', ')}` };
  // An empty value may clear an option (--department ""), but an empty argument is a mistake.
  const blank = template.findIndex((word, i) => PLACEHOLDER_WORD.test(word) && argv[i] === '' && !template[i - 1]?.startsWith('-'));
  if (blank !== -1) return { where, argv, problem: `${template[blank]} is empty` };
  return { where, argv };
}

/** --dry-run goes before a `--` in the row's command line, so it stays a flag. */
function withDryRun(argv: string[], dryRun: boolean): string[] {
  if (!dryRun || argv.includes('--dry-run')) return argv;
  const dash = argv.indexOf('--');
  return dash === -1 ? [...argv, '--dry-run'] : [...argv.slice(0, dash), '--dry-run', ...argv.slice(dash)];
}

/** Runs a row with string buffers for its streams and returns its exit code and output. */
async function captured(run: (io: IO) => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await run({ stdin: Readable.from([]), stdout, stderr, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/**
 * Why a row failed, from its stderr: its error line, not whatever it printed first (an offboard
 * row prints its plan before a refusal); a row that printed no error line gives its first line.
 */
function reasonOf(text: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim());
  const error = lines.find((l) => l.startsWith('error: '));
  return error?.slice('error: '.length).trim() || lines.find(Boolean);
}

function commandLine(argv: string[]): string {
  return ['epi', ...argv].map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export default defineVerb({
  name: 'batch <file> [command...]',
  summary: 'Run an epi command once per row of a CSV/JSON/NDJSON file',
  description: [
    'Runs the command after -- once per row of <file> (- for stdin), with each {column} replaced by that row\'s value: `epi batch moves.csv -- users update {email} --department {department}`. A value is one argument even when it has spaces; no shell is involved.',
    'Before any row runs, the placeholders are checked against the header and every row\'s command line is parsed; bad rows are listed with their line numbers and nothing runs (exit 2), unless --skip-invalid.',
    'Rows run in-process through the bulk runner: --concurrency, a report row per input row (with the row\'s own exit code, stdout and stderr under --json), a journal, --resume and Ctrl-C. --dry-run is passed to every row and prints each row\'s planned requests, in row order.',
  ].join('\n\n'),
  json: true,
  dryRun: true,
  flags: (cmd: Command) => bulkFlags(inputFlags(cmd.option('--skip-invalid', 'run the valid rows and report the others as skipped'))),
  examples: [
    'epi batch moves.csv -- users update {email} --department {department}',
    'epi batch leavers.csv --dry-run -- roles unassign 739224:sales --user {email} --yes',
    'epi batch moves.csv --json -- users update {email} --department {department} | jq \'.[] | select(.status != "done")\'',
  ],
  run: batch,
});
