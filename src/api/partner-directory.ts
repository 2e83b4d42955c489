import type { Components } from '@epilot/partner-directory-client';

export type Assignable = Components.Schemas.Assignable;
