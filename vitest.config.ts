import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const resolve = {
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
};

/** Files that replace a module with vi.mock, which cannot work once a worker has loaded the real one. */
const OWN_MODULES = ['packages/api/test/platform/tenancy.test.ts'];

/**
 * What every API test file runs with. Files share a worker's loaded modules (`isolate: false`): each file loading
 * the whole app afresh cost about 3 s of import per file, most of the suite's time on two cores. The price is
 * that module state outlives a file: test/setup.ts restarts the test clock before each one, and a file that
 * mocks a module runs isolated (OWN_MODULES).
 */
export const apiTest = {
  // Migrates a PGlite database once per run; each test file's database starts from its dump.
  globalSetup: ['packages/api/test/global-setup.ts'],
  setupFiles: ['packages/api/test/setup.ts'],
  // PGlite costs ~4.5 s and ~0.5 GB to start: one instance per worker file, two workers on two cores.
  pool: 'forks' as const,
  isolate: false,
  // Bounds on a hung test, not speed targets: generous, since CI machines can be loaded (a 22 s test at load 11).
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  resolve,
  test: {
    maxWorkers: 2,
    projects: [
      {
        resolve,
        test: {
          ...apiTest,
          name: 'api',
          include: ['packages/api/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...OWN_MODULES],
        },
      },
      {
        resolve,
        // No setup file either: its imports would load the real modules before the file's mocks apply.
        test: { ...apiTest, name: 'api-isolated', include: OWN_MODULES, isolate: true, setupFiles: [] },
      },
      {
        resolve,
        test: {
          name: 'web',
          include: ['packages/web/test/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 30_000,
        },
      },
    ],
  },
});
