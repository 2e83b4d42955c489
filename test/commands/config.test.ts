import { describe, expect, it } from 'vitest';
import { runEpi, tempConfigDir } from '../helpers/run.js';

describe('epi config', () => {
  it('lists effective values with their source', async () => {
    const r = await runEpi('config list --json', { env: { EPILOT_PERMISSIONS_API_URL: 'http://127.0.0.1:9' } });
    expect(JSON.parse(r.stdout)).toEqual({
      profile: 'default',
      env: 'prod',
      org: '739224',
      organization_api_url: 'https://organization-v2.sls.epilot.io',
      user_api_url: 'https://user.sls.epilot.io',
      partner_directory_api_url: 'https://partner-directory-api.sls.epilot.io',
      permissions_api_url: 'http://127.0.0.1:9',
      access_token_api_url: 'https://access-token.sls.epilot.io',
      audit_logs_api_url: 'https://audit-logs.sls.epilot.io',
    });
    const piped = await runEpi('config list', { env: { EPILOT_PERMISSIONS_API_URL: 'http://127.0.0.1:9' } });
    expect(piped.stdout.split('\n')).toContain('permissions_api_url\thttp://127.0.0.1:9\tenv');
    expect(piped.stdout.split('\n')).toContain('org\t739224\ttoken');
  });

  it('maps staging and dev onto the service hosts', async () => {
    const staging = await runEpi('config get user_api_url --env staging');
    expect(staging.stdout).toBe('https://user.staging.sls.epilot.io\n');
    const dev = await runEpi('config get partner_directory_api_url', { env: { EPILOT_ENV: 'dev' } });
    expect(dev.stdout).toBe('https://partner-directory-api.dev.sls.epilot.io\n');
    expect((await runEpi('config get access_token_api_url --env staging')).stdout).toBe('https://access-token.staging.sls.epilot.io\n');
    expect((await runEpi('config get audit_logs_api_url', { env: { EPILOT_ENV: 'dev' } })).stdout).toBe('https://audit-logs.dev.sls.epilot.io\n');
  });

  it('stores the URLs of the Access Token and Audit Logs APIs per profile', async () => {
    const dir = tempConfigDir();
    expect((await runEpi('config set access_token_api_url https://tokens.example.test/', { configDir: dir })).code).toBe(0);
    expect((await runEpi('config get access_token_api_url', { configDir: dir })).stdout).toBe('https://tokens.example.test\n');
    const env = await runEpi('config get audit_logs_api_url', { configDir: dir, env: { EPILOT_AUDIT_LOGS_API_URL: 'http://127.0.0.1:9' } });
    expect(env.stdout).toBe('http://127.0.0.1:9\n');
  });

  it('sets and unsets per profile without touching other profiles', async () => {
    const dir = tempConfigDir();
    expect((await runEpi('config set org 42 --profile a', { configDir: dir })).code).toBe(0);
    expect((await runEpi('config get org --profile a', { configDir: dir, token: null })).stdout).toBe('42\n');
    expect((await runEpi('config get org', { configDir: dir, token: null })).stdout).toBe('');
    await runEpi('config unset org --profile a', { configDir: dir });
    // Its only setting gone, profile "a" is gone too: naming it now is a typo to report, not an empty profile.
    const gone = await runEpi('config get org --profile a', { configDir: dir, token: null });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('No profile named "a" (--profile). There are no profiles yet.');
  });

  it('rejects unknown keys and bad values with exit 2', async () => {
    const unknown = await runEpi('config set colour blue');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Known keys: env, org');
    const url = await runEpi('config set organization_api_url not-a-url');
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('not a valid URL');
    const env = await runEpi('config set env qa');
    expect(env.code).toBe(2);
  });

  it('uses the profile org for org-scoped commands', async () => {
    const dir = tempConfigDir();
    await runEpi('config set org 555', { configDir: dir });
    const r = await runEpi('settings put a 1 --dry-run', { configDir: dir });
    expect(JSON.parse(r.stdout).url).toBe('https://organization-v2.sls.epilot.io/v2/organization/555/settings/a');
  });

  it('an invalid env in EPILOT_ENV is a usage error naming it', async () => {
    const r = await runEpi('config list', { env: { EPILOT_ENV: 'prd' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('EPILOT_ENV');
  });
});
