import type { Passkey } from '../../../api/user-me.js';
import { documentedFields, type View } from '../../../output/printer.js';

export const PASSKEY_VIEW: View<Passkey> = {
  columns: [
    { header: 'Credential ID', value: (p) => p.credential_id },
    { header: 'Name', value: (p) => p.friendly_name },
    { header: 'Created', value: (p) => p.created_at },
    { header: 'Transports', value: (p) => p.transports },
  ],
  fields: documentedFields<Passkey>({
    credential_id: true, friendly_name: true, created_at: true, transports: true, aaguid: true,
  }),
};
