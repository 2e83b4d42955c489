import type { Components } from '@epilot/user-client';
import type { Http } from './types.js';

export type User = Components.Schemas.UserV2;

export const getMeV2 = (http: Http) => http.request<User>('user', 'GET', '/v2/users/me');
