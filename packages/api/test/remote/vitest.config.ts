import { defineConfig } from 'vitest/config';
import base from '../../../../vitest.config.js';

// `npm run test:remote`: tests that need root (a network namespace) and Chromium; kept out of `npm test`.
// (Not mergeConfig: it would append to the base's `include` and run every suite.)
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['packages/api/test/remote/**/*.remote.ts'], testTimeout: 180_000 },
});
