import type { RoleChangeResult } from '../../../api/partner-directory.js';
import { isPlanned, type Planned } from '../../../api/types.js';
import type { CommonFlags, Context } from '../../../context.js';
import { distinct } from '../../../input.js';
import { collect } from '../../define.js';
import { reportOutcomes } from '../../roles/outcomes.js';
import { roleChangeView } from '../views.js';

export interface PartnerUserRolesOptions extends CommonFlags {
  role?: string[];
}

export const ROLE_FLAG = ['--role <role-id>', 'role id (repeatable, or comma-separated)', collect] as const;

/** The --role values, each once; none is a usage error. */
export function rolesOf(o: PartnerUserRolesOptions): string[] {
  return distinct(o.role, '--role', 'Name each role with --role <role-id> (repeatable, or comma-separated).');
}

/** Prints the API's per-role results; exit 1 when any role failed. */
export async function reportRoleChanges(ctx: Context, response: RoleChangeResult[] | Planned, done: string): Promise<void> {
  if (isPlanned(response)) return;
  await reportOutcomes(ctx, response, roleChangeView(done), (r) => !r.success, 'roles');
}
