import type { RoleChangeResponse } from '../../../api/partner-directory.js';
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
export async function reportRoleChanges(ctx: Context, response: RoleChangeResponse | undefined, done: string): Promise<void> {
  if (ctx.dryRun) return;
  await reportOutcomes(ctx, response?.results ?? [], roleChangeView(done), (r) => !r.success, 'roles');
}
