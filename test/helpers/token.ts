/** Builds an unsigned JWT with the given claims; epi decodes claims without verifying signatures. */
export function makeToken(claims: Record<string, unknown> = {}): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const payload = {
    'custom:ivy_org_id': '739224',
    'custom:ivy_user_id': '10001',
    email: 'admin@acme.example',
    'cognito:username': 'admin',
    exp: Math.floor(Date.now() / 1000) + 3600,
    ...claims,
  };
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;
}

export const TOKEN = makeToken();
