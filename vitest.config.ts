import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { viteKyFetchClasses } from './scripts/ky-fetch-classes.mjs';
import { vitePartnerSchemas } from './scripts/partner-body-schemas.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  plugins: [vitePartnerSchemas, viteKyFetchClasses],
  define: { __EPI_VERSION__: JSON.stringify(pkg.version) },
  test: {
    // ky runs through vite, so it gets epi's fetch classes as in the bundle (scripts/ky-fetch-classes.mjs).
    server: { deps: { inline: ['ky'] } },
    // Two cores on CI: in-process command tests are quick; e2e tests spawn the binary.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          setupFiles: ['test/helpers/setup-nock.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
