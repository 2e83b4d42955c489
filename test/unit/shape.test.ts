import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createHttp } from '../../src/api/http.js';
import { getPartnerUsers } from '../../src/api/partner-directory.js';
import { getAssignedRolesForUser, getRole, listAllRoles, searchRoles } from '../../src/api/permissions.js';
import { describe as describeValue, envelope, id, list, mapOf, optional, page, record, sameId, ShapeError, withFields } from '../../src/api/shape.js';
import { isPlanned, type HttpOptions, type PlannedRequest } from '../../src/api/types.js';
import { getGroup, updateGroup } from '../../src/api/user-groups.js';
import { getNavigation } from '../../src/api/user-me.js';

const PERMISSIONS = 'https://permissions.sls.epilot.io';
const USER = 'https://user.sls.epilot.io';
const PARTNERS = 'https://partner-directory-api.sls.epilot.io';

const fail = (shape: (b: unknown) => unknown, body: unknown) => {
  try {
    shape(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ShapeError);
    return (error as ShapeError).message;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
};

describe('response shapes', () => {
  it('names what came instead, never the value itself', () => {
    expect([undefined, null, [], {}, 'x', 5, true].map(describeValue)).toEqual(['an empty body', 'null', 'an array', 'an object', 'a string', 'a number', 'a boolean']);
  });

  it('record: an object with its ids; extra and missing optional fields are fine', () => {
    const role = record('a role', 'id');
    expect(role({ id: 'r1', extra: { deep: 1 } })).toEqual({ id: 'r1', extra: { deep: 1 } });
    expect(role({ id: 7 })).toEqual({ id: 7 });
    expect(fail(role, {})).toBe('expected a role with "id", got an object without "id"');
    expect(fail(role, { id: null })).toBe('expected a role with "id", got "id" as null');
    expect(fail(role, { id: '' })).toBe('expected a role with "id", got "id" as a string');
    expect(fail(role, [{ id: 'r1' }])).toBe('expected a role with "id", got an array');
    expect(fail(role, null)).toBe('expected a role with "id", got null');
  });

  it('record: a number id must be read exactly (JSON.parse rounds past 2^53, so two ids become one)', () => {
    const user = record('a user', 'id');
    expect(user({ id: 9007199254740991 })).toEqual({ id: 9007199254740991 });
    expect(fail(user, JSON.parse('{"id":12345678901234567891}'))).toBe('expected a user with "id", got "id" as a number too large to read exactly');
    expect(fail(user, JSON.parse('{"id":-12345678901234567891}'))).toBe('expected a user with "id", got "id" as a number too large to read exactly');
    expect(fail(user, JSON.parse('{"id":1e400}'))).toBe('expected a user with "id", got "id" as a number out of range');
  });

  it('sameId: the record asked for by id, not another one', () => {
    const user = sameId(record('a user', 'id'), '5');
    expect(user({ id: '5', email: 'a@b.c' })).toEqual({ id: '5', email: 'a@b.c' });
    expect(sameId(record('an organization', 'id'), '739224')({ id: 739224 })).toEqual({ id: 739224 });
    expect(fail(user, { id: '6' })).toBe('expected the record with id "5", got one with another id ("6")');
    expect(fail(user, { id: 'x'.repeat(100) })).toBe('expected the record with id "5", got one with another id');
    expect(fail(user, {})).toBe('expected a user with "id", got an object without "id"');
  });

  it('list: every item is checked, and the first bad one is named by index', () => {
    const ids = list('an array of role ids', id);
    expect(ids([])).toEqual([]);
    expect(ids(['a', 'b'])).toEqual(['a', 'b']);
    expect(fail(ids, {})).toBe('expected an array of role ids, got an object');
    expect(fail(ids, ['a', null, 5, 'x'])).toBe('expected an id at [1], got null');
  });

  it('envelope and page: the key must be there, holding the right shape; a total, when there, is a count', () => {
    const roles = page('results', record('a role', 'id'), 'an array of roles', 'hits');
    expect(roles({ results: [{ id: 'a' }], hits: 3 })).toEqual({ items: [{ id: 'a' }], total: 3 });
    expect(roles({ results: [{ id: 'a' }], hits: 0 })).toEqual({ items: [{ id: 'a' }], total: 0 });
    expect(roles({ results: [] })).toEqual({ items: [] });
    expect(roles({ results: [], hits: null })).toEqual({ items: [] });
    const count = 'expected a count of records (a whole number, 0 or more) at hits';
    expect(fail(roles, { results: [], hits: '3' })).toBe(`${count}, got a string`);
    expect(fail(roles, { results: [], hits: -5 })).toBe(`${count}, got -5`);
    expect(fail(roles, { results: [], hits: 2.5 })).toBe(`${count}, got 2.5`);
    expect(fail(roles, { results: [], hits: Number.POSITIVE_INFINITY })).toBe(`${count}, got Infinity`);
    expect(fail(roles, { results: [], hits: 2 ** 60 })).toBe(`${count}, got ${2 ** 60}`);
    expect(fail(roles, {})).toBe('expected an object with "results", got an object without "results"');
    expect(fail(roles, [])).toBe('expected an object with "results", got an array');
    expect(fail(roles, { results: 'x' })).toBe('expected an array of roles at results, got a string');
    expect(fail(roles, { results: [null, 5, 'x'] })).toBe('expected a role with "id" at results[0], got null');
    expect(fail(envelope('roles', list('an array of roles', record('a role', 'id'))), { roles: [{ id: 'a' }, {}] })).toBe(
      'expected a role with "id" at roles[1], got an object without "id"',
    );
  });

  it('withFields and mapOf check nested fields only when present, naming the path; optional accepts an empty body', () => {
    const group = withFields(record('a group', 'id'), { users: list('an array of members', id) });
    expect(group({ id: 'g' })).toEqual({ id: 'g' });
    expect(group({ id: 'g', users: null })).toEqual({ id: 'g', users: null });
    expect(fail(group, { id: 'g', users: 'u1' })).toBe('expected an array of members at users, got a string');
    const menu = mapOf('an object of sections', list('an array of items', record('an item', 'key')));
    expect(fail(menu, { main: [{ key: 'a' }], more: [{}] })).toBe('expected an item with "key" at more[0], got an object without "key"');
    expect(optional(record('a role', 'id'))(undefined)).toBeUndefined();
    expect(fail(optional(record('a role', 'id')), null)).toBe('expected a role with "id", got null');
  });
});

function http(extra: Partial<HttpOptions> = {}) {
  return createHttp({
    baseUrl: (service) => ({ permissions: PERMISSIONS, 'partner-directory': PARTNERS })[service as string] ?? USER,
    token: () => 'test-token',
    timeoutMs: 5000,
    maxRetries: 0,
    userAgent: 'epi-test',
    ...extra,
  });
}

describe('the API layer', () => {
  it('returns the unwrapped record, list or page', async () => {
    nock(PERMISSIONS).get('/v1/permissions/roles').reply(200, { roles: [{ id: 'r1', name: 'Owner' }] });
    expect(await listAllRoles(http())).toEqual([{ id: 'r1', name: 'Owner' }]);
    nock(PERMISSIONS).post('/v1/permissions/roles:search').reply(200, { hits: 9, results: [{ id: 'r2' }] });
    expect(await searchRoles(http(), { limit: 1 })).toEqual({ items: [{ id: 'r2' }], total: 9 });
  });

  it('checks the nested fields views read: grants and their conditions, partner user roles, menu sections', async () => {
    nock(PERMISSIONS).get('/v1/permissions/roles/r1').reply(200, { id: 'r1', grants: 'x' });
    await expect(getRole(http(), 'r1')).rejects.toThrow('Unexpected response from GET /v1/permissions/roles/r1: expected an array of grants at grants, got a string');
    nock(PERMISSIONS).get('/v1/permissions/roles/r1').reply(200, { id: 'r1', grants: [{ action: 'a', conditions: [5] }] });
    await expect(getRole(http(), 'r1')).rejects.toThrow('expected a condition at grants[0].conditions[0], got a number');
    nock(PARTNERS).get('/v2/partners/456/users').reply(200, { results: [{ id: 'u1', roles: ['456:admin'] }] });
    await expect(getPartnerUsers(http(), '456')).rejects.toThrow('expected a role with "id" at results[0].roles[0], got a string');
    nock(USER).get('/v2/user/navigations/n1').reply(200, { id: 'n1', configuration: { main: ['home'] } });
    await expect(getNavigation(http(), 'n1')).rejects.toThrow('expected a menu item at configuration.main[0], got a string');
    nock(USER).get('/v2/user/navigations/n1').reply(200, { id: 'n1', configuration: { main: [{ name: 'More' }] } });
    await expect(getNavigation(http(), 'n1')).rejects.toThrow('expected a menu item with "key" or "subItems" at configuration.main[0], got an object with neither');
  });

  it('turns a body it cannot use into one ApiError naming the request, exit 1, with a --debug hint', async () => {
    nock(PERMISSIONS).get('/v1/permissions/assignments/456').reply(200, {});
    const error = await getAssignedRolesForUser(http(), '456').catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ApiError',
      message: 'Unexpected response from GET /v1/permissions/assignments/456: expected an array of role ids, got an object',
      exitCode: 1,
      status: 200,
      hint: expect.stringContaining('--debug'),
    });
  });

  it('under --dry-run, a change returns the plan it printed and sends nothing; a read is still sent', async () => {
    const printed: PlannedRequest[] = [];
    const client = http({ dryRun: (p) => printed.push(p) });
    const result = await updateGroup(client, 'g1', { name: 'Finance' });
    expect(isPlanned(result)).toBe(true);
    expect(isPlanned(result) && result.request).toEqual({
      method: 'PATCH',
      url: `${USER}/v1/groups/g1`,
      headers: { 'user-agent': 'epi-test', 'content-type': 'application/json', authorization: 'Bearer ***' },
      body: { name: 'Finance' },
    });
    expect(printed).toEqual([isPlanned(result) && result.request]);
    nock(USER).get('/v1/groups/g1').reply(200, { id: 'g1', name: 'Finance' });
    expect(isPlanned(await getGroup(client, 'g1'))).toBe(false);
  });
});
