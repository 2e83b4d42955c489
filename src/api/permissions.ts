import type { Components } from '@epilot/permissions-client';

export type Role = Components.Schemas.Role;
