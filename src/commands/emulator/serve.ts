import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { resolve } from 'node:path';
import type { CommonFlags, Context } from '../../context.js';
import { SERVICE_INFO, SERVICES } from '../../config/env.js';
import { configDir } from '../../config/store.js';
import { EpiError } from '../../errors.js';
import { defineVerb } from '../define.js';

export interface ServeOptions extends CommonFlags {
  port?: number;
  state?: string;
}

/**
 * Serves the emulator over HTTP on 127.0.0.1 until Ctrl-C. The export lines go to stdout (they are
 * the data: `epi emulator serve > emulator.env`); the request log goes to stderr.
 */
export async function serve(ctx: Context, o: ServeOptions): Promise<void> {
  const { ensureSeeded, stateFile } = await import('../../emulator/local.js');
  const { serve: start } = await import('../../emulator/serve.js');
  const file = o.state ? resolve(o.state) : stateFile(configDir(ctx.env));
  if (await ensureSeeded(file)) ctx.out.info(`Seeded ${file} with invented demo data.`);
  let served;
  try {
    served = await start(file, o.port ?? 4010, (line) => ctx.out.info(line));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EpiError(`Could not listen on 127.0.0.1:${o.port ?? 4010}: ${code === 'EADDRINUSE' ? 'the port is in use' : (error as Error).message}.`, {
      hint: 'Pick another port with --port <n> (0 picks a free one).',
    });
  }
  const { DEMO_TOKENS } = await import('../../emulator/tokens.js');
  for (const service of SERVICES) ctx.out.value(`export ${SERVICE_INFO[service].envVar}=${served.url}`);
  ctx.out.value(`export EPILOT_TOKEN=${DEMO_TOKENS.prod}`);
  ctx.out.info(`The local epilot emulator (invented data) listens on ${served.url}; state in ${file}. Ctrl-C stops it.`);
  await ctx.untilStopped();
  await served.close();
  ctx.out.info('Stopped the emulator.');
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port takes a whole number from 0 to 65535.');
  return n;
}

export default defineVerb({
  name: 'serve',
  summary: 'Serve the local emulator over HTTP on 127.0.0.1 (for curl, SDKs and other tools)',
  description: [
    'Serve the emulator on 127.0.0.1 (never another address) until Ctrl-C, which stops it cleanly (exit 0).',
    'It answers from the same state file as `--env local`, so both see the same data. stdout gets the export',
    'lines that point epi, or anything else, at it; the request log goes to stderr.',
  ].join('\n'),
  flags: (cmd: Command) =>
    cmd
      .option('--port <n>', 'port on 127.0.0.1 (default: 4010; 0 picks a free one)', port)
      .option('--state <file>', "state file (default: emulator.json in epi's config directory)"),
  examples: ['epi emulator serve', 'epi emulator serve --port 0 --state /tmp/demo.json > emulator.env'],
  run: serve,
});
