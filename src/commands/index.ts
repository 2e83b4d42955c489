import type { CommandEntry } from './define.js';

const noun = (load: () => Promise<{ default: import('./define.js').NounBody }>) => async () => ({ noun: (await load()).default });
const verb = (load: () => Promise<{ default: import('./define.js').Verb<any, any> }>) => async () => ({ verb: (await load()).default });

/** Every top-level command, in the order `epi --help` lists them; each is loaded only when used. */
export const COMMANDS: CommandEntry[] = [
  { name: 'auth', summary: 'Log in, check who you are, log out', load: noun(() => import('./auth/index.js')) },
  { name: 'org', summary: 'Your organization: show, update, list, switch and create', aliases: ['organization'], load: noun(() => import('./org/index.js')) },
  { name: 'settings', summary: 'List, read, write and delete organization settings', load: noun(() => import('./settings/index.js')) },
  { name: 'users', summary: 'List, invite, update and remove users', load: noun(() => import('./users/index.js')) },
  { name: 'me', summary: 'Your own user: profile, settings, passkeys and roles', load: noun(() => import('./me/index.js')) },
  { name: 'groups', summary: 'Manage user groups and their members', load: noun(() => import('./groups/index.js')) },
  { name: 'roles', summary: 'Manage roles, grants and role assignments', load: noun(() => import('./roles/index.js')) },
  { name: 'partners', summary: 'Approve, invite and manage partner organizations and their users', load: noun(() => import('./partners/index.js')) },
  { name: 'invites', summary: 'Check, accept or reject a user invitation token (no login needed)', load: noun(() => import('./invites/index.js')) },
  { name: 'navigations', summary: 'Create and read saved navigations', load: noun(() => import('./navigations/index.js')) },
  { name: 'tokens', summary: 'Create, list, rotate and revoke API access tokens', load: noun(() => import('./tokens/index.js')) },
  { name: 'audit', summary: 'Read the audit log: who did what, when, with what outcome', load: noun(() => import('./audit/index.js')) },
  { name: 'config', summary: 'Read and write per-profile settings: env, org and API URLs', load: noun(() => import('./config/index.js')) },
  { name: 'batch', summary: 'Run an epi command once per row of a CSV/JSON/NDJSON file', load: verb(() => import('./batch.js')) },
  { name: 'export', summary: "Write the org's settings, roles and groups to files (configuration as code)", load: verb(() => import('./orgconfig/export.js')) },
  { name: 'diff', summary: 'Compare two orgs or exports: settings, roles, groups (exit 1 when they differ)', load: verb(() => import('./orgconfig/diff.js')) },
  { name: 'apply', summary: 'Make the current org match an export: plan, confirm, apply (sandbox to production)', load: verb(() => import('./orgconfig/apply.js')) },
  { name: 'emulator', summary: 'Reset or serve the local epilot emulator (invented data, no account needed)', load: noun(() => import('./emulator/index.js')) },
  { name: 'api', summary: 'Call any operation of the epilot APIs (raw escape hatch, like `gh api`)', load: verb(() => import('./api.js')) },
  { name: 'completion', summary: 'Print a shell completion script for bash, zsh or fish', load: verb(() => import('./completion.js')) },
];
