import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run the contracts' TypeScript source; the build uses their compiled output.
    // A module's own contracts are a sub-path (`@pulso/contracts/<module>`), so it need not edit the index.
    alias: [
      {
        find: /^@pulso\/contracts$/,
        replacement: fileURLToPath(new URL('./packages/contracts/src/index.ts', import.meta.url)),
      },
      {
        find: /^@pulso\/contracts\/(.+)$/,
        replacement: fileURLToPath(new URL('./packages/contracts/src/', import.meta.url)) + '$1.ts',
      },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    // Migrates a PGlite database once per run; each test file's database starts from its dump.
    globalSetup: ['packages/api/test/global-setup.ts'],
    // PGlite costs ~4.5 s and ~0.5 GB to start: one instance per worker file, two workers on two cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
