/**
 * The date-sensitive test files (.ci/date-suites) at every instant of .ci/date-instants, in one vitest run: one
 * project per instant with its PULSO_TEST_NOW (test/harness.ts reads it). One run instead of one per instant
 * spares the start of vitest and keeps both workers busy to the end. `npx vitest run --config
 * vitest.dates.config.ts`; `--project <instant>` runs one instant.
 */
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import base, { apiTest } from './vitest.config.js';

const listed = (file: string): string[] =>
  readFileSync(new URL(file, import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);

const instants = listed('./.ci/date-instants');
const suites = listed('./.ci/date-suites');

export default defineConfig({
  resolve: base.resolve,
  test: {
    maxWorkers: base.test!.maxWorkers,
    projects: instants.map((instant) => ({
      resolve: base.resolve,
      test: { ...apiTest, name: instant, include: suites, env: { PULSO_TEST_NOW: instant } },
    })),
  },
});
