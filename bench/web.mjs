/* global window, performance, PerformanceObserver */
// Page speed of the web app (issue 16): first contentful paint and largest contentful paint of the sign-in,
// dashboard and timetable pages (issue 17 adds the nutrition dashboard, the patient's programme and the segment
// list) in Debian's headless Chromium on an emulated mid-range phone — 412×915 px,
// the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate) and the network at 1.6 Mbps down, 750 kbps up and
// 150 ms round trip (CDP Network.emulateNetworkConditions, the figures of Lighthouse's "slow 4G"). Every load is
// cold: a new browser context each time, so no HTTP cache and no service worker. A repeat view (the same page
// reloaded in that context: HTTP cache and service worker warm) is measured too.
//
// A baseline is measured in the same run under the same emulation: a one-heading HTML page from a bare Node
// server, the floor the emulated network and CPU alone impose. Its ratio survives a loaded machine better than
// the absolute figures do.
//
// Targets: median FCP < 1800 ms and median LCP < 2500 ms for each page (cold). A measurement, not a test: it
// exits 0 whether or not they are met (non-zero only when it could not run). Needs the build (`npm run build`).
// Env: BENCH_WEB_RUNS (default 5), CHROMIUM (default /usr/bin/chromium), BENCH_WEB_CPU (default 4),
// BENCH_WEB_PAGES (comma-separated page names, default all; the baseline always runs), WEB_DIR (another build of the
// web app to serve, for before/after comparisons).
// BENCH_WEB_TIMELINE=1 prints, for each cold load, the LCP element and when each file and API call ended.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../packages/web/e2e/server.mjs';
import { num, OUT_DIR, STAMP } from './lib.mjs';

const RUNS = num('BENCH_WEB_RUNS', 5);
const ONLY = process.env.BENCH_WEB_PAGES?.split(',').map((x) => x.trim());
const CPU = num('BENCH_WEB_CPU', 4);
const TARGET = { fcp: 1800, lcp: 2500 };
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
// Demo people (the server seeds the Demo Gym, packages/api/src/cli/demo.ts): member1 is the runner whose gym has a
// timetable and segments; member2 follows the demo meal plan and is the knee patient of the demo clinic
// (modules/nutrition/demo.ts, modules/rehab/demo.ts), so those pages show real content.
const PASSWORD = 'pulso-demo-2026';
const RUNNER = 'member1@demo.pulso.example';
const PATIENT = 'member2@demo.pulso.example';

// Each page: its path, whether it needs a session, and what shows that it has rendered its content.
const PAGES = [
  { name: 'baseline', baseline: true },
  { name: 'sign-in', path: '/sign-in', auth: false, ready: 'h1' },
  { name: 'dashboard', path: '/', auth: RUNNER, ready: '[data-testid="readiness-score"]' },
  // The timetable's title is its card's heading.
  { name: 'timetable', path: '/timetable', auth: RUNNER, ready: 'main h1, main h2' },
  // Issue 17's pages: today's meals, the patient's programme (due today or the rest of the week), the segments.
  { name: 'nutrition', path: '/nutrition', auth: PATIENT, ready: '[data-testid="today-meals"] > li' },
  { name: 'rehab', path: '/rehab', auth: PATIENT, ready: 'main ul > li' },
  { name: 'segments', path: '/segments', auth: RUNNER, ready: '[data-testid="segment-list"] > li' },
].filter((p) => p.baseline || !ONLY || ONLY.includes(p.name));

// Collects the paint entries from the first moment of the document (buffered: entries before the observer too).
const OBSERVE = () => {
  window.__perf = { fcp: null, lcp: null, lcpElement: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.name === 'first-contentful-paint') window.__perf.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    const all = list.getEntries();
    const last = all[all.length - 1];
    window.__perf.lcp = last.startTime;
    // Which element it is (tag, test id or class, start of its text), to check that it is the page's own content.
    const el = last.element;
    window.__perf.lcpElement = el
      ? `${el.tagName.toLowerCase()}${el.dataset?.testid ? `[${el.dataset.testid}]` : el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${(el.textContent || '').trim().slice(0, 30)}"`
      : null;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
};

const BASELINE_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" ' +
  'content="width=device-width, initial-scale=1"><title>Baseline</title></head><body><h1>Baseline</h1>' +
  '<p>One heading and one paragraph: the floor of the emulated network and CPU.</p></body></html>';

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  const baseline = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(BASELINE_HTML);
  });
  await new Promise((r) => baseline.listen(0, '127.0.0.1', r));
  const baselineUrl = `http://127.0.0.1:${baseline.address().port}/`;

  console.log('starting the built server (production mode, demo data)…');
  const server = await startServer({
    // The demo data takes minutes to seed on a loaded shared machine; the default 3 min was not always enough.
    timeoutMs: 600_000,
    env: {
      NODE_ENV: 'production',
      PULSO_DEMO_DATA: 'true',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      RATE_LIMIT_MAX: '1000000000',
      ...(process.env.WEB_DIR ? { WEB_DIR: process.env.WEB_DIR } : {}),
    },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
  });
  const loadBefore = loadavg()[0];
  console.log(`load average (1 min) before: ${loadBefore.toFixed(2)}`);
  const samples = Object.fromEntries(PAGES.map((p) => [p.name, { cold: [], repeat: [] }]));

  /** One measured load of `url` in `page`: throttled, until the ready element shows and paints settle. */
  async function measure(page, url, ready, reload = false) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    if (reload) await page.reload({ waitUntil: 'load' });
    else await page.goto(url, { waitUntil: 'load' });
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    // LCP may still move to a later, larger element; give it a moment (throttled) before reading.
    await page.waitForTimeout(1500);
    const perf = await page.evaluate(() => ({
      ...window.__perf,
      // The critical chain: when the document, each script and stylesheet, and each API call ended (ms since
      // navigation start), from Resource Timing.
      timeline: [
        { what: 'html', end: performance.getEntriesByType('navigation')[0]?.responseEnd },
        ...performance.getEntriesByType('resource').map((r) => ({
          what: new URL(r.name).pathname.replace(/^\/(assets|api\/v1)\//, '') + new URL(r.name).search,
          start: r.startTime,
          end: r.responseEnd,
        })),
      ].map((e) => ({ ...e, start: e.start && Math.round(e.start), end: Math.round(e.end) })),
    }));
    await cdp.detach();
    return perf;
  }

  try {
    for (let run = 1; run <= RUNS; run++) {
      // Pages in turn within each run, so noise from the shared machine spreads over all of them.
      for (const p of PAGES) {
        const context = await browser.newContext({
          viewport: { width: 412, height: 915 },
          deviceScaleFactor: 2.625,
          isMobile: true,
          hasTouch: true,
          locale: 'en-GB',
          serviceWorkers: 'allow',
        });
        await context.addInitScript(OBSERVE);
        try {
          if (p.auth) {
            // The browser's own session: the refresh token lands in the context's httpOnly cookie, and the app
            // resumes from it on load, as after closing and reopening the tab.
            const res = await context.request.post(`${server.base}/api/v1/auth/login`, {
              data: { email: p.auth, password: PASSWORD },
              headers: { 'x-pulso-session': 'cookie', origin: server.base },
            });
            if (!res.ok()) throw new Error(`login ${res.status()}: ${await res.text()}`);
          }
          const url = p.baseline ? baselineUrl : `${server.base}${p.path}`;
          const ready = p.baseline ? 'h1' : p.ready;
          const page = await context.newPage();
          const cold = await measure(page, url, ready);
          samples[p.name].cold.push(cold);
          // Repeat view: HTTP cache and (for the app) the service worker from the first load.
          const repeat = await measure(page, url, ready, true);
          samples[p.name].repeat.push(repeat);
          if (process.env.BENCH_WEB_TIMELINE && !p.baseline)
            console.log(
              `  LCP element ${cold.lcpElement}\n` +
                cold.timeline
                  .map(
                    (e) => `    ${String(e.start ?? 0).padStart(5)}→${String(e.end).padStart(5)} ${e.what}`,
                  )
                  .join('\n'),
            );
          console.log(
            `run ${run} ${p.name.padEnd(9)} cold FCP ${Math.round(cold.fcp)} LCP ${Math.round(cold.lcp)} ms · ` +
              `repeat FCP ${Math.round(repeat.fcp)} LCP ${Math.round(repeat.lcp)} ms`,
          );
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
    baseline.close();
  }

  const loadAfter = loadavg()[0];
  const base = {
    fcp: median(samples.baseline.cold.map((s) => s.fcp)),
    lcp: median(samples.baseline.cold.map((s) => s.lcp)),
  };
  const rows = PAGES.map((p) => {
    const s = samples[p.name];
    const r = {
      page: p.name,
      fcp: median(s.cold.map((x) => x.fcp)),
      lcp: median(s.cold.map((x) => x.lcp)),
      repeat_fcp: median(s.repeat.map((x) => x.fcp)),
      repeat_lcp: median(s.repeat.map((x) => x.lcp)),
    };
    return {
      ...r,
      fcp_x_baseline: r.fcp / base.fcp,
      lcp_x_baseline: r.lcp / base.lcp,
      pass: p.baseline ? null : r.fcp < TARGET.fcp && r.lcp < TARGET.lcp,
    };
  });

  console.log(
    `\nload average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after` +
      `\nmedians of ${RUNS} cold loads (${CPU}× CPU slowdown, 1.6 Mbps / 150 ms RTT, 412×915):\n` +
      'page       FCP ms  LCP ms  FCP×base  LCP×base  repeat FCP/LCP ms  target',
  );
  for (const r of rows)
    console.log(
      `${r.page.padEnd(10)} ${String(Math.round(r.fcp)).padStart(6)}  ${String(Math.round(r.lcp)).padStart(6)}  ` +
        `${r.fcp_x_baseline.toFixed(2).padStart(8)}  ${r.lcp_x_baseline.toFixed(2).padStart(8)}  ` +
        `${`${Math.round(r.repeat_fcp)}/${Math.round(r.repeat_lcp)}`.padStart(17)}  ` +
        (r.pass == null ? '' : r.pass ? 'PASS' : 'FAIL'),
    );
  await mkdir(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `web-${STAMP}.json`);
  await writeFile(
    file,
    JSON.stringify(
      {
        runs: RUNS,
        cpu: CPU,
        load: [loadBefore, loadAfter],
        network: NETWORK,
        target: TARGET,
        rows,
        samples,
      },
      null,
      2,
    ),
  );
  console.log(`raw samples in ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
