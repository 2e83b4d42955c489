import { describe, expect, it } from 'vitest';
import { columnName } from '../../src/bulk/input.js';

const INVITE = ['email', 'roles', 'language'];
const OFFBOARD = ['user', 'email', 'id'];

describe('columnName: the names admins give the columns epi reads', () => {
  it.each([
    ['role', 'roles', INVITE],
    ['rollen', 'roles', INVITE],
    ['e-mail', 'email', INVITE],
    ['email address', 'email', INVITE],
    ['e_mail', 'email', INVITE],
    ['lang', 'language', INVITE],
    ['sprache', 'language', INVITE],
    ['user_id', 'id', OFFBOARD],
    ['user id', 'id', OFFBOARD],
    ['e-mail', 'email', OFFBOARD],
  ])('"%s" is %s where the command reads %s', (written, name, known) => {
    expect(columnName(written, known)).toBe(name);
  });

  it('keeps a name the command does not read, and every name when it reads any (epi batch)', () => {
    expect(columnName('user_id', INVITE)).toBe('user_id');
    expect(columnName('role', OFFBOARD)).toBe('role');
    expect(columnName('department', INVITE)).toBe('department');
    expect(columnName('role', undefined)).toBe('role');
    expect(columnName('e-mail', undefined)).toBe('e-mail');
  });
});
