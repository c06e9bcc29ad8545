import { defineConfig } from 'vitest/config';
import base, { apiTest } from '../../../../vitest.config.js';

// `npm run test:remote`: tests that need root (a network namespace) and Chromium; kept out of `npm test`.
export default defineConfig({
  resolve: base.resolve,
  test: {
    ...apiTest,
    isolate: true,
    maxWorkers: base.test!.maxWorkers,
    include: ['packages/api/test/remote/**/*.remote.ts'],
    testTimeout: 180_000,
  },
});
