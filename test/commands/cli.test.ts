import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { isTruthy } from '../../src/runtime.js';
import { runEpi } from '../helpers/run.js';

const ORG_API = 'https://organization-v2.sls.epilot.io';

describe('usage errors from commander go through the one reporter', () => {
  it('a bad choice under --json is a JSON error on stderr naming the flag and --help, exit 2', async () => {
    const r = await runEpi('partners invite p1 --language fr --json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        message: "option '--language <lang>' argument 'fr' is invalid. Allowed choices are en, de.",
        hint: 'See `epi partners invite --help` for --language.',
        exit_code: 2,
      },
    });
    expect(r.requests).toEqual([]);
  });

  it('the same error without --json is an error line and a hint line', async () => {
    const r = await runEpi('partners invite p1 --language fr');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: option '--language <lang>' argument 'fr' is invalid. Allowed choices are en, de.\nSee `epi partners invite --help` for --language.\n",
    );
  });

  it('an unknown option suggests the flag that was probably meant', async () => {
    const r = await runEpi('users list --jsno');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown option '--jsno'\nDid you mean --json? See `epi users list --help` for its options.\n");
  });

  it('an unknown option is JSON under --json even when it comes before --json', async () => {
    const r = await runEpi('users list --bogus --json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error).toEqual({
      message: "unknown option '--bogus'",
      hint: 'See `epi users list --help` for its options.',
      exit_code: 2,
    });
  });

  it('a missing argument names the command to ask for help', async () => {
    const r = await runEpi('users get --json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error).toEqual({
      message: "missing required argument 'user'",
      hint: 'See `epi users get --help` for its usage.',
      exit_code: 2,
    });
  });

  it('an invalid global option value names the option', async () => {
    const r = await runEpi('--timeout x org current');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: option '--timeout <seconds>' argument 'x' is invalid. --timeout takes a positive number of seconds.\nSee `epi --help` for --timeout.\n",
    );
  });

  it('an unknown command suggests a close one, also below a noun with a default verb', async () => {
    const users = await runEpi('users lsit');
    expect(users.code).toBe(2);
    expect(users.stderr).toBe("error: unknown command 'lsit'\nDid you mean list? See `epi users --help` for its commands.\n");
    const me = await runEpi('me shwo');
    expect(me.code).toBe(2);
    expect(me.stderr).toBe("error: unknown command 'shwo'\nDid you mean show? See `epi me --help` for its commands.\n");
  });
});

describe('help', () => {
  it('bare epi prints the help on stdout with exit 0, as gh does', async () => {
    const r = await runEpi([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: epi \[options\] \[command\]/);
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stderr).toBe('');
  });

  it('a noun alone prints its help on stdout with exit 0', async () => {
    const r = await runEpi('users');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: epi users \[options\] \[command\]/);
    expect(r.stderr).toBe('');
  });

  it('epi help <command> [<subcommand>] prints that help on stdout', async () => {
    const r = await runEpi('help users list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: epi users list/);
  });

  it('epi help nosuch says the command is unknown, exit 2', async () => {
    const r = await runEpi('help nosuch');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: unknown command 'nosuch'\nSee `epi --help` for its commands.\n");
  });

  it('epi help with a near miss suggests the command, at any depth', async () => {
    expect((await runEpi('help usres')).stderr).toBe("error: unknown command 'usres'\nDid you mean users? See `epi --help` for its commands.\n");
    expect((await runEpi('help users lsit')).stderr).toBe("error: unknown command 'lsit'\nDid you mean list? See `epi users --help` for its commands.\n");
    expect((await runEpi('users help lsit')).code).toBe(2);
  });
});

describe('confirmations', () => {
  it('answering no exits 1 with "Cancelled"; Ctrl-C at the same question exits 130', async () => {
    const no = await runEpi('groups delete g1', { tty: true, prompter: { confirm: async () => false } });
    expect(no.code).toBe(1);
    expect(no.stderr).toBe('Cancelled; nothing was changed.\n');
    const ctrlC = await runEpi('groups delete g1', { tty: true, prompter: { confirm: async (): Promise<boolean> => { throw new CancelledError(); } } });
    expect(ctrlC.code).toBe(130);
    expect(ctrlC.stderr).toBe('Cancelled.\n');
    expect([...no.requests, ...ctrlC.requests]).toEqual([]);
  });

  it('under --json a "no" is a JSON error with exit_code 1', async () => {
    const r = await runEpi('groups delete g1 --json', { tty: true, prompter: { confirm: async () => false } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toEqual({ error: { message: 'Cancelled; nothing was changed.', exit_code: 1 } });
  });
});

describe('EPI_DEBUG follows the one isTruthy rule', () => {
  const refused = () =>
    nock(ORG_API).get('/v2/organization/current').replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

  it.each(['false', '0', 'no', 'off', ''])('EPI_DEBUG=%j: no debug lines and no stack trace', async (value) => {
    refused();
    const r = await runEpi('org current --max-retries 0', { env: { EPI_DEBUG: value } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Could not reach organization-v2\.sls\.epilot\.io/);
    expect(r.stderr).not.toContain('[debug]');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it.each(['1', 'true', 'yes'])('EPI_DEBUG=%j: debug lines and the stack trace of the cause', async (value) => {
    refused();
    const r = await runEpi('org current --max-retries 0', { env: { EPI_DEBUG: value } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[debug] → GET https://organization-v2.sls.epilot.io/v2/organization/current');
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  it('reads every boolean variable the same way', () => {
    expect([undefined, '', '0', 'false', 'FALSE', 'no', 'off', ' 0 '].map(isTruthy)).toEqual(Array(8).fill(false));
    expect(['1', 'true', 'TRUE', 'yes', 'on', 'anything'].map(isTruthy)).toEqual(Array(6).fill(true));
  });

  it('CI=false still lets epi prompt on a terminal', async () => {
    const r = await runEpi('groups delete g1', { tty: true, env: { CI: 'false' }, prompter: { confirm: async () => false } });
    expect(r.stderr).toBe('Cancelled; nothing was changed.\n');
    const ci = await runEpi('groups delete g1', { tty: true, env: { CI: 'true' } });
    expect(ci.code).toBe(2);
    expect(ci.stderr).toContain('error: This needs confirmation');
  });
});
