/**
 * The first test layer, as gh has it: a Context for calling a verb's run function directly, with no
 * command line in between. String buffers stand in for the streams (with their TTY flags), the
 * profiles live in memory, the prompter answers only what the test scripted, and HTTP goes through
 * the real client with retries off, to nock. Every request sent and every plan --dry-run printed is
 * checked against the published OpenAPI specs when the test ends, as runEpi checks them.
 *
 *   const t = testContext({ flags: { json: 'id,status' } });
 *   nock(API).post('/v1/partners/p1/approve').reply(200, PARTNER);
 *   await approve(t.ctx, {}, 'p1');
 *   expect(JSON.parse(t.stdout())).toEqual({ id: 'p1', status: 'Active' });
 *
 * A run function throws what the command line would turn into a message and an exit code; that
 * mapping, flag parsing and stream separation are the second layer's (runEpi, and e2e).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { ConfigStore, type ConfigBacking, type ConfigShape } from '../../src/config/store.js';
import { Context, type CommonFlags, type GlobalFlags } from '../../src/context.js';
import { SecretMask } from '../../src/output/redact.js';
import type { Prompter } from '../../src/prompter.js';
import type { Signals, StopSignal } from '../../src/runtime.js';
import { expectContract, parsePlans, recordingFetch, scriptedPrompter, stringIO, type SentRequest } from './capture.js';
import type { RecordedRequest } from './contract.js';
import { TOKEN } from './token.js';

export interface TestContextOptions {
  /** What the command line would have set: json (true or fields), format, jq, dryRun, yes, profile, env, ... */
  flags?: GlobalFlags & CommonFlags;
  stdin?: string;
  /** stdin, stdout and stderr are terminals: prompts can be asked, lists print as tables. */
  tty?: boolean;
  /** Answers for the questions the test expects; any other question fails the test. */
  prompter?: Partial<Prompter>;
  /** The token in EPILOT_TOKEN (a valid test token by default); null for none, e.g. to use a profile's. */
  token?: string | null;
  /** The stored profiles to begin with, kept in memory. */
  config?: ConfigShape;
  env?: Record<string, string | undefined>;
  /** The command line the run was started with: a stopped bulk run names its --resume command from it. */
  argv?: string[];
  now?: number;
  /** Skip the OpenAPI check, for tests that send deliberately invalid requests. */
  contract?: boolean;
}

export interface TestContext {
  ctx: Context;
  stdout(): string;
  stderr(): string;
  /** Each request as sent; `text` is the body exactly as it went over the wire. */
  requests: SentRequest[];
  /** The requests --dry-run printed on stdout instead of sending. */
  plans(): RecordedRequest[];
  /** The profiles as stored now: what the run wrote through ConfigStore.update(). */
  stored(): ConfigShape;
  /** Ctrl-C (or SIGTERM) as the process would deliver it to the run's listeners. */
  stop(signal?: StopSignal): void;
}

export function testContext(options: TestContextOptions = {}): TestContext {
  const { io, stdout, stderr } = stringIO(options);
  const requests: SentRequest[] = [];
  const memory = new MemoryConfig(options.config ?? {});
  const listeners = new Set<(signal: StopSignal) => void>();
  const signals: Signals = {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  // Nothing is read from or written to a directory but the bulk journals, which go to a throwaway one.
  const dir = mkdtempSync(join(tmpdir(), 'epi-ctx-'));
  const secrets = new SecretMask();
  const ctx = new Context(
    {
      io: { ...io, stderr: secrets.wrap(io.stderr) },
      env: {
        EPI_CONFIG_DIR: join(dir, 'config'),
        XDG_STATE_HOME: join(dir, 'state'),
        EPILOT_TOKEN: options.token === null ? undefined : (options.token ?? TOKEN),
        ...options.env,
      },
      fetch: recordingFetch(requests),
      prompter: scriptedPrompter(options.prompter),
      config: ConfigStore.over(memory, structuredClone(memory.data)),
      signals,
      argv: options.argv,
      secrets,
      now: options.now === undefined ? undefined : () => options.now!,
    },
    { maxRetries: 0, ...options.flags },
  );
  const plans = () => (options.flags?.dryRun ? parsePlans(stdout()) : []);
  if (options.contract !== false) onTestFinished(() => expectContract(requests, plans()));
  return {
    ctx,
    stdout,
    stderr,
    requests,
    plans,
    stored: () => structuredClone(memory.data),
    stop: (signal = 'SIGINT') => {
      for (const listener of [...listeners]) listener(signal);
    },
  };
}

/** Profiles in memory: each write edits a copy of what is stored, as the file's re-read under its lock does. */
class MemoryConfig implements ConfigBacking {
  readonly path = '(in-memory config)';

  constructor(public data: ConfigShape) {
    this.data = structuredClone(data);
  }

  async write(edit: (fresh: ConfigShape) => void): Promise<ConfigShape> {
    const fresh = structuredClone(this.data);
    edit(fresh);
    this.data = fresh;
    return structuredClone(fresh);
  }
}
