import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { firstRoutePreload } from './vite/first-route';

const contracts = fileURLToPath(new URL('../contracts/src/', import.meta.url));

export default defineConfig({
  // The router plugin must run before React's: it splits each route's component into its own lazy chunk.
  plugins: [
    tanstackRouter({ target: 'react', autoCodeSplitting: true }),
    react(),
    tailwindcss(),
    firstRoutePreload(),
  ],
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
    rolldownOptions: {
      output: {
        // Form validation (Zod and the contracts' schemas) is used by many lazy pages; left alone, the bundler
        // may hoist it into the entry chunk, which every first visit pays for. One shared lazy chunk instead.
        advancedChunks: {
          groups: [
            // Everything the entry loads, in one file (with React's modules first, so the form group cannot take them
            // along into a lazy chunk: a group takes its modules' dependencies too, unless a group of higher
            // priority already holds them). Left to automatic splitting, the entry's libraries and the app modules
            // it shares with lazy pages came as a dozen files, and the small components every first page uses
            // (card, field, input, the problem message) as one file each: over HTTP/1.1 (six connections) each
            // costs a round trip of its own, which the emulated phone of bench/web.mjs pays at 150 ms apiece
            // (ARCHITECTURE.md, "Web app: first load"). These small components cost ~4 KB gz in the entry.
            {
              name: 'boot',
              test: new RegExp(
                [
                  /node_modules[\\/](react|react-dom|scheduler|@tanstack|i18next|react-i18next|openapi-fetch)[\\/]/,
                  /node_modules[\\/]@radix-ui[\\/]react-(label|primitive|slot|compose-refs)[\\/]/,
                  /[\\/]src[\\/](api|app)[\\/]/,
                  /[\\/]src[\\/]lib[\\/](member|shape|week|cn|form)\.ts$/,
                  /[\\/]src[\\/]components[\\/](problem|guide-link|ui[\\/](button|card|field|input|label))\.tsx$/,
                  /vite[\\/]preload-helper/,
                ]
                  .map((r) => r.source)
                  .join('|'),
              ),
              priority: 3,
            },
            // The contracts' Zod-free modules (allergens, road quality, the GTIN check digit) apart, and above the
            // forms group: it takes its modules' dependencies too, and screens that only use these would otherwise
            // download the whole group (~40 KB gz) before their first paint.
            {
              name: 'contract-lists',
              test: /contracts[\\/]src[\\/](allergens|road-quality|gtin)\.ts$/,
              priority: 4,
            },
            {
              name: 'forms',
              test: /[\\/](zod|@hookform|contracts[\\/]src)[\\/]/,
              priority: 1,
            },
            // The form state alone (~10 KB gz) apart from the schemas, so the sign-in page can show its form
            // and load the schemas after its first paint (lib/form.ts, lazyResolver).
            { name: 'form-state', test: /node_modules[\\/]react-hook-form[\\/]/, priority: 2 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
});
