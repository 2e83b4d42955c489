import { InvalidArgumentError, type Command, type OptionValues } from '@commander-js/extra-typings';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './runner.js';

/** The runner's flags, declared once for every bulk command. */
export function bulkFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .option('--concurrency <n>', `requests sent at once, 1-${MAX_CONCURRENCY} (default: ${DEFAULT_CONCURRENCY}; halved while the API answers 429)`, concurrency)
    .option('--journal <file>', 'append each row\'s outcome to this NDJSON file (default: a new file under $XDG_STATE_HOME/epi/runs)')
    .option('--resume <journal>', 'run the same input again, skipping the rows this journal has as done');
}

function concurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new InvalidArgumentError(`--concurrency takes a whole number from 1 to ${MAX_CONCURRENCY}.`);
  return n;
}
