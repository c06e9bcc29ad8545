import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './packages/api/src/modules/*/tables.ts',
    // A part of a module with tables of its own (nutrition/ai).
    './packages/api/src/modules/*/*/tables.ts',
    './packages/api/src/platform/*/tables.ts',
  ],
  out: './packages/api/migrations',
});
