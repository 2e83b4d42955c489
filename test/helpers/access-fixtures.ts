/** Users, roles and groups of one organization, as the User and Permissions APIs answer them (access review, offboarding). */
export const USER_API = 'https://user.sls.epilot.io';
export const PERMISSIONS_API = 'https://permissions.sls.epilot.io';

export const user = (id: string, email: string, display_name: string, status: string) => ({ id, organization_id: '739224', email, display_name, status });

export const role = (slug: string, name: string, type = 'user_role') => ({ id: `739224:${slug}`, slug, name, type, grants: [] });

/** A group as GET /v1/groups answers it without hydrate: members as `{id}`. */
export const group = (id: string, name: string, users: string[] = [], extra: Record<string, unknown> = {}) => ({
  id,
  org_id: '739224',
  name,
  created_at: '2024-02-08T04:44:32.246Z',
  updated_at: '2024-02-08T04:44:32.246Z',
  users: users.map((u) => ({ id: u })),
  ...extra,
});
