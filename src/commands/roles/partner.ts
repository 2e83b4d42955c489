import { UsageError } from '../../errors.js';

export const PARTNER_FLAG = ['--partner <partner-org-id>', "act on this partner organization's roles (Partner Directory API)"] as const;

/** The --partner organization id, undefined without --partner; an empty value is a usage error. */
export function partnerOrg(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.trim()) throw new UsageError('--partner needs a partner organization id.');
  return value.trim();
}

/** Flags that only the Permissions API knows; with --partner they would be silently dropped. */
export function rejectWithPartner(partner: string | undefined, flags: Record<string, unknown>): void {
  if (partner === undefined) return;
  for (const [flag, value] of Object.entries(flags)) {
    if (value !== undefined) {
      throw new UsageError(`${flag} does not apply to partner roles (--partner).`, { hint: `Leave out ${flag}, or leave out --partner to use the Permissions API.` });
    }
  }
}
