/**
 * The emulator's demo organizations and the tokens of their admins. Small on purpose: Context
 * imports it to imply a token under `--env local`, without loading the emulator itself.
 */
export const DEMO = {
  prodOrg: '728000',
  sandboxOrg: '728001',
  partnerOrg: '728500',
  /** The admin of each org: the demo tokens act as these users. */
  prodAdmin: '20001',
  sandboxAdmin: '21001',
} as const;


/** An unsigned token with the claims epi and the emulator read; valid for ten years. */
export function demoToken(orgId: string, userId: string, email: string): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const exp = Math.floor(Date.UTC(2036, 0, 1) / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ 'custom:ivy_org_id': orgId, 'custom:ivy_user_id': userId, email, token_use: 'id', exp, iss: 'epi-local-emulator' })}.emulator`;
}

export const DEMO_TOKENS = {
  prod: demoToken(DEMO.prodOrg, DEMO.prodAdmin, 'ada.admin@solar-demo.example'),
  sandbox: demoToken(DEMO.sandboxOrg, DEMO.sandboxAdmin, 'sam.sandbox@solar-demo.example'),
};

export const SEEDS = ['demo', 'empty'] as const;
export type Seed = (typeof SEEDS)[number];

/** The demo token for a profile: the sandbox admin's when the profile's org is the demo sandbox. */
export function impliedToken(org: string | undefined): string {
  return org === DEMO.sandboxOrg ? DEMO_TOKENS.sandbox : DEMO_TOKENS.prod;
}
