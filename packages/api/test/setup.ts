/**
 * Runs before every test file. The files of a worker share their modules (vitest.config.ts, `isolate: false`),
 * so what a fresh process would give each file is given here.
 */
import { restartTestClock } from './harness.js';

restartTestClock();
