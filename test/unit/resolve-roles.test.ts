import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { looksLikeRoleId, roleIndex, resolveWithIndex } from '../../src/resolve/roles.js';

const ROLES = [
  { id: '739224:owner', slug: 'owner', name: 'Owner' },
  { id: '739224:sales', slug: 'sales', name: 'Sales Team' },
  { id: '739224:sales_eu', slug: 'sales_eu', name: 'Sales EU' },
  { id: '739224:viewer', slug: 'viewer', name: 'Owner' },
];
const index = roleIndex(ROLES, distance);

describe('roleIndex', () => {
  it('resolves an id, a slug or a name in any case', () => {
    expect(index.resolve('739224:SALES')).toBe('739224:sales');
    expect(index.resolve(' Sales_EU ')).toBe('739224:sales_eu');
    expect(index.resolve('sales team')).toBe('739224:sales');
  });

  it('prefers an id over a slug over a name, and refuses a name two roles share', () => {
    expect(index.resolve('owner')).toBe('739224:owner');
    expect(index.resolve('Owner')).toBe('739224:owner');
    const shared = roleIndex([{ id: '1:a', slug: 'a', name: 'Same' }, { id: '1:b', slug: 'b', name: 'same' }], distance);
    expect(shared.resolve('SAME')).toBeUndefined();
    expect(shared.problem('SAME')).toBe('"SAME" names 2 roles (1:a, 1:b); use the id');
  });

  it('names the closest roles for a typo, and none for something far off', () => {
    expect(index.closest('sals')).toEqual(['739224:sales']);
    expect(index.closest('sales-eu')).toEqual(['739224:sales_eu']);
    expect(index.problem('viewr')).toBe('no role "viewr" (closest: 739224:viewer)');
    expect(index.problem('accounting')).toBe('no role "accounting"');
  });

  it('ignores records without an id instead of crashing on them', () => {
    const odd = roleIndex([null, { slug: 'x' }, { id: '', name: 'y' }, ...ROLES] as never, distance);
    expect(odd.roles).toHaveLength(4);
  });

  it('resolveWithIndex lists every unknown reference at once, and gives each id once', () => {
    expect(resolveWithIndex(index, ['sales', 'Sales Team', 'owner'], '--role', 'epi roles list')).toEqual(['739224:sales', '739224:owner']);
    expect(() => resolveWithIndex(index, ['slaes', 'owner', 'nope'], '--role', 'epi roles list')).toThrow(
      '--role: no role "slaes" (closest: 739224:sales); no role "nope". Nothing was sent.',
    );
  });

  it('looksLikeRoleId: <org-id>:<slug> only', () => {
    expect(looksLikeRoleId('123:sales')).toBe(true);
    expect(looksLikeRoleId('sales')).toBe(false);
    expect(looksLikeRoleId('Sales: EU')).toBe(false);
  });
});
