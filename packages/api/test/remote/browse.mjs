// Runs INSIDE the test's network namespace (`ip netns exec … node browse.mjs BASE PAGES_JSON [SHOT_DIR]`): opens
// each page of the server in headless Chromium as a browser on another machine would, and prints one JSON line
// with what happened. Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM), driven by playwright-core.
import { chromium } from 'playwright-core';

const [base, pagesJson, shotDir] = process.argv.slice(2);
const pages = JSON.parse(pagesJson);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  timeout: 60_000,
});
const results = [];
try {
  for (const { path, ready } of pages) {
    const page = await browser.newPage();
    const requests = [];
    const failed = [];
    const badStatus = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failed.push({ url: r.url(), error: r.failure()?.errorText ?? 'failed' }));
    page.on('response', (r) => {
      if (r.status() >= 400) badStatus.push({ url: r.url(), status: r.status() });
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    let status = null;
    let rendered = false;
    let text = '';
    try {
      const res = await page.goto(base + path, { waitUntil: 'load', timeout: 30_000 });
      status = res?.status() ?? null;
      await page.waitForSelector(ready, { state: 'visible', timeout: 30_000 });
      rendered = true;
      await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
      text = ((await page.locator(ready).first().textContent()) ?? '').trim().slice(0, 200);
    } catch (err) {
      errors.push(`browse: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    if (shotDir) await page.screenshot({ path: `${shotDir}/${path.replace(/\W+/g, '_') || 'root'}.png` });
    results.push({ path, status, rendered, text, requests, failed, badStatus, errors });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
