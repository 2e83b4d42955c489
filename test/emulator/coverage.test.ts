/**
 * The emulator emulates every operation epi's commands use, and every other operation of the six
 * APIs answers 501 naming it. The README lists those (between the emulator-501 markers); when it
 * drifts, run
 *   UPDATE_README=1 npx vitest run --project unit test/emulator/coverage.test.ts
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRouter, handle } from '../../src/emulator/core.js';
import { DEMO_TOKENS, seedState } from '../../src/emulator/seed.js';
import { commandOperations, label, README, readmeList, sortOperations, specOperations, writeReadmeList } from '../helpers/api-operations.js';

/** Templates compared without their parameter names: the spec's {id} is the router's {orgId}. */
const shape = (template: string) => template.replace(/\{[^}]+\}/g, '{}');

describe('what the emulator emulates', async () => {
  const ops = specOperations();
  const { used } = await commandOperations(ops);
  const router = createRouter();
  const routed = new Set(router.routes.map((r) => `${r.method} ${shape(r.template)}`));
  const emulated = (op: { method: string; template: string }) => routed.has(`${op.method} ${shape(op.template)}`);

  it('emulates every operation that a command of epi sends', () => {
    expect(used.size).toBeGreaterThan(40);
    expect(ops.filter((op) => used.has(label(op)) && !emulated(op)).map(label)).toEqual([]);
  });

  it('routes only operations of the six APIs', () => {
    const known = new Set(ops.map((op) => `${op.method} ${shape(op.template)}`));
    expect(router.routes.map((r) => `${r.method} ${r.template}`).filter((r) => !known.has(shape(r)))).toEqual([]);
  });

  it('answers 501 naming the operation for every other operation, and the README lists them', async () => {
    const rest = sortOperations(ops.filter((op) => !emulated(op)));
    const state = seedState('demo');
    for (const op of rest) {
      const path = op.template.replace(/\{[^}]+\}/g, 'x');
      const answer = await handle(router, state, { method: op.method, url: path, headers: { authorization: `Bearer ${DEMO_TOKENS.prod}` }, body: '' });
      expect(answer.status, label(op)).toBe(501);
      expect(JSON.parse(answer.body).message).toContain(`does not emulate ${op.method} ${path}`);
    }
    expect(readFileSync(README, 'utf8')).toContain(`(${ops.length - rest.length} of the ${ops.length} operations of the six APIs)`);
    const expected = rest.map((op) => `- \`${label(op)}\` (${op.service})`);
    if (process.env.UPDATE_README) writeReadmeList('emulator-501', expected);
    expect(readmeList('emulator-501'), 'README emulator-501 list is stale: rerun this test with UPDATE_README=1').toEqual(expected);
  });
});
