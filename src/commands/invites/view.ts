import type { InviteInfo } from '../../api/user-public.js';
import type { View } from '../../output/printer.js';

export const INVITE_VIEW: View<InviteInfo> = {
  columns: [
    { header: 'Organization', value: (i) => i.invitation_org_name },
    { header: 'Organization ID', value: (i) => i.invitation_org_id },
    { header: 'Invited user ID', value: (i) => i.invitee_user_id },
    { header: 'Primary organization', value: (i) => i.invitee_primary_org_id },
    { header: 'Logo', value: (i) => i.invitation_org_logo_url },
  ],
  fields: ['invitation_org_id', 'invitation_org_name', 'invitation_org_logo_url', 'invitation_org_logo_thumbnail_url', 'invitee_user_id', 'invitee_primary_org_id'],
};

export const TOKEN_ARG_HELP = 'The token is the `token` parameter of the link in the invitation email; `-` reads it from stdin (argv is visible in `ps`). No login is needed.';
