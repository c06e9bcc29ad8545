import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./packages/api/src/modules/*/tables.ts', './packages/api/src/platform/*/tables.ts'],
  out: './packages/api/migrations',
});
