/**
 * Which API operations have a first-class command, and which only `epi api` reaches. The list in
 * the README (between the api-only markers) is derived here from the code; when it drifts, run
 *   UPDATE_README=1 npx vitest run --project unit test/commands/api-coverage.test.ts
 * to rewrite it.
 */
import { describe, expect, it } from 'vitest';
import { serviceForPath } from '../../src/commands/api/services.js';
import { commandOperations, label, operationOf, readmeList, sortOperations, specOperations, writeReadmeList } from '../helpers/api-operations.js';

describe('API coverage', async () => {
  const ops = specOperations();
  const { calls, used } = await commandOperations(ops);
  const apiOnly = ops.filter((op) => !used.has(label(op)));

  it('knows all 89 operations of the six APIs', () => {
    expect(new Set(ops.map(label)).size).toBe(89);
  });

  it('epi api picks the right host for every operation', () => {
    expect(ops.filter((op) => serviceForPath(op.template) !== op.service).map(label)).toEqual([]);
  });

  it('every request of src/api is an operation of the specs', () => {
    expect(calls.filter((c) => !operationOf(ops, c)).map((c) => `${c.file} ${c.fn}: ${c.method} ${c.path}`)).toEqual([]);
  });

  it('the README lists exactly the operations only epi api reaches', () => {
    const expected = sortOperations(apiOnly).map((op) => `- \`${label(op)}\` (${op.service})`);
    if (process.env.UPDATE_README) writeReadmeList('api-only', expected);
    expect(readmeList('api-only'), 'README api-only list is stale: rerun this test with UPDATE_README=1').toEqual(expected);
  });
});
