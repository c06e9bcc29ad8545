/* global window, document */
// End-to-end run of the web app: the real built server (fresh embedded database) on a free loopback port,
// driven in Debian's headless Chromium with playwright-core. Each page visited is checked with axe-core (no
// serious or critical violation) and screenshotted into $E2E_ARTIFACTS (default packages/web/e2e/artifacts).
// Usage: node packages/web/e2e/run.mjs [scenario-name-filter]   (after `npm run build`)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { scenarios } from './scenarios.mjs';

const artifacts = process.env.E2E_ARTIFACTS || new URL('./artifacts', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });
const filter = process.argv[2];

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  timeout: 60_000,
});
const results = [];
try {
  for (const s of scenarios) {
    if (filter && !s.name.includes(filter)) continue;
    const context = await browser.newContext({
      locale: s.locale ?? 'en-GB',
      viewport: { width: 412, height: 915 }, // a mid-range phone: mobile first
      // axe-core is injected as a script; the app's CSP allows only its own files.
      bypassCSP: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const started = Date.now();
    const shots = [];
    const ctx = {
      base: server.base,
      page,
      async check(name) {
        const file = path.join(
          artifacts,
          `${s.name}-${String(shots.length + 1).padStart(2, '0')}-${name}.png`,
        );
        await page.screenshot({ path: file, fullPage: true });
        shots.push(file);
        await page
          .addScriptTag({ path: new URL('../node_modules/axe-core/axe.min.js', import.meta.url).pathname })
          .catch(() =>
            page.addScriptTag({
              path: new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url).pathname,
            }),
          );
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        if (violations.length) throw new Error(`axe on ${name}:\n  ${violations.join('\n  ')}`);
      },
    };
    try {
      await s.run(ctx);
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      results.push({ name: s.name, ok: true, ms: Date.now() - started, shots: shots.length });
    } catch (err) {
      await page
        .screenshot({ path: path.join(artifacts, `${s.name}-FAILED.png`), fullPage: true })
        .catch(() => {});
      results.push({ name: s.name, ok: false, error: err instanceof Error ? err.message : String(err) });
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
for (const r of results)
  console.log(
    r.ok ? `ok   ${r.name} (${r.ms} ms, ${r.shots} screenshots)` : `FAIL ${r.name}\n     ${r.error}`,
  );
console.log(`screenshots in ${artifacts}`);
if (!results.length || results.some((r) => !r.ok)) process.exit(1);
