import type { AccessTokenItem } from '../../api/access-token.js';
import { documentedFields, type View } from '../../output/printer.js';

/** A token as listed, with the expiry epi can read from a stored copy (the API does not report it). */
export type TokenRow = AccessTokenItem & { expires_at?: string };

export const TOKEN_VIEW: View<TokenRow> = {
  columns: [
    { header: 'ID', value: (t) => t.id },
    { header: 'Name', value: (t) => t.name },
    { header: 'Type', value: (t) => t.token_type },
    { header: 'Created', value: (t) => t.created_at },
    { header: 'Last used', value: (t) => t.last_used },
    { header: 'Expires', value: (t) => t.expires_at },
  ],
  detail: [
    { header: 'ID', value: (t) => t.id },
    { header: 'Name', value: (t) => t.name },
    { header: 'Type', value: (t) => t.token_type },
    { header: 'Roles', value: (t) => t.assignments },
    { header: 'Created', value: (t) => t.created_at },
    { header: 'Last used', value: (t) => t.last_used },
    { header: 'Expires', value: (t) => t.expires_at },
  ],
  fields: documentedFields<TokenRow>({
    id: true, name: true, token_type: true, assignments: true, created_at: true, last_used: true, journey_id: true, portal_id: true, expires_at: true,
  }),
};
