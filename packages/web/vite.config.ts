import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const contracts = fileURLToPath(new URL('../contracts/src/', import.meta.url));

export default defineConfig({
  // The router plugin must run before React's: it splits each route's component into its own lazy chunk.
  plugins: [tanstackRouter({ target: 'react', autoCodeSplitting: true }), react(), tailwindcss()],
  resolve: {
    // The contracts' TypeScript source, as in the tests: the web build needs no prior build of the contracts.
    alias: [
      { find: /^@pulso\/contracts$/, replacement: contracts + 'index.ts' },
      { find: /^@pulso\/contracts\/(.+)$/, replacement: contracts + '$1.ts' },
    ],
  },
  build: {
    // The budgets check (scripts/budgets.mjs) reads which chunks the entry loads from here.
    manifest: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
});
