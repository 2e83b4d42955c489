import type { Router } from './server.js';

export function registerUser(router: Router): void {
  router.on('GET', '/v2/users/me', (req, state) => {
    const me = state.users.find((u) => u.id === req.userId);
    return me ? { body: me } : { status: 404, body: { message: 'User not found' } };
  });
}
