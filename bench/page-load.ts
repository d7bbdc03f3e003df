/**
 * Page load of the 進捗 dashboard, measured (not asserted): run with `npm run bench:page`.
 *
 * Starts the demo server as the browser tests do (e2e/server.ts: a fresh demo database), signs in with
 * Debian's Chromium, and loads the dashboard: the time from navigation start to the moment
 * every KPI row is on the page with its trend chart drawn, read as performance.now() in the
 * page by a MutationObserver. The first load is in a
 * fresh browser context (nothing cached); then PAGE_RUNS (5) loads in new tabs of the same
 * context (the hashed assets cached, as on a second visit), with their median.
 *
 * Before the loads the server answers WARM_UP (30) rounds of the dashboard's API requests, as
 * a server that has run for a while has; WARM_UP=0 measures a server just started.
 *
 * It also prints the size of the built JavaScript and CSS, raw and gzip-compressed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../e2e/browser.js';
import { startServer } from '../e2e/server.js';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../src/usecases/load-demo.js';

const RUNS = Number(process.env.PAGE_RUNS ?? 5);
const ROOT = new URL('..', import.meta.url).pathname;

// The demo server as the browser tests start it: a fresh demo database in a temporary folder.
const server = await startServer({ command: 'demo' });
const BASE = server.url;
try {
  const assets = join(ROOT, 'dist/web/assets');
  console.log('\nbuilt files (dist/web/assets):');
  for (const name of readdirSync(assets).sort()) {
    const bytes = readFileSync(join(assets, name));
    console.log(`  ${name.padEnd(32)} ${kb(bytes.length).padStart(9)}  gzip ${kb(gzipSync(bytes).length).padStart(8)}`);
  }

  const browser = await launchBrowser();

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  const login = await context.newPage();
  await login.goto(`${BASE}/login`);
  await login.getByLabel(/^ログインID/).fill(DEMO_LOGIN);
  await login.getByLabel(/^パスワード\s*\*?$/).fill(DEMO_PASSWORD);
  await login.getByRole('button', { name: 'ログイン' }).click();
  await login.waitForURL((u) => !u.pathname.startsWith('/login'));
  const cookies = await context.cookies();
  await login.close();

  // A server runs for days: its code is compiled by then. Warm it up as a morning of use would
  // (WARM_UP requests of each of the dashboard's), or the first loads measure V8's JIT.
  const warmUp = Number(process.env.WARM_UP ?? 30);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  for (let i = 0; i < warmUp; i++)
    for (const path of ['/api/v1/session', '/api/v1/chambers/nikaho/plan', '/api/v1/chambers/nikaho/progress'])
      await (await fetch(`${BASE}${path}`, { headers: { cookie } })).arrayBuffer();

  // The page records the moments itself (a MutationObserver, checked at each change), so that
  // the measuring costs the page nothing between them; the bench reads them afterwards.
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  const recorder = `{
    const check = () => {
      const rows = document.querySelectorAll('[data-progress-code]');
      if (rows.length === 0) return;
      window.__shown ??= performance.now();
      if (document.querySelectorAll('[data-progress-code] svg.sparkline').length === rows.length) {
        window.__drawn ??= performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
  }`;
  await context.addInitScript({ content: recorder });

  const load = async (ctx: typeof context) => {
    const page = await ctx.newPage();
    await page.goto(`${BASE}/c/nikaho`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __drawn?: number }).__drawn !== undefined, null, {
      polling: 200,
      timeout: 30_000,
    });
    const { shown, drawn } = await page.evaluate(() => {
      const w = window as unknown as { __shown: number; __drawn: number };
      return { shown: w.__shown, drawn: w.__drawn };
    });
    const value = drawn;
    const tableAt = shown;
    const charts = await page.locator('[data-progress-code] svg.sparkline').count();
    if (process.env.PAGE_DETAIL === '1') {
      const entries = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map(
            (e) =>
              `${(e as PerformanceResourceTiming).name.replace(/^https?:\/\/[^/]+/, '')} ${e.startTime.toFixed(0)}→${(e as PerformanceResourceTiming).responseEnd.toFixed(0)}`,
          ),
      );
      const nav = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return `document ${n.responseEnd.toFixed(0)}, DOMContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)}`;
      });
      const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`));
      console.log(`  ${nav}\n  ${entries.join('\n  ')}\n  ${marks.join('\n  ')}`);
    }
    await page.close();
    return { value, charts, tableAt };
  };

  // Cold: a new context with only the session cookie, nothing cached.
  const cold = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
  await cold.addCookies(cookies);
  await cold.addInitScript({ content: recorder });
  const first = await load(cold);
  await cold.close();
  const warm: number[] = [];
  const tables: number[] = [];
  let charts = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await load(context);
    warm.push(r.value);
    tables.push(r.tableAt);
    charts = r.charts;
  }
  await browser.close();
  const median = [...warm].sort((a, b) => a - b)[Math.floor(warm.length / 2)] ?? NaN;
  console.log(`\ndashboard (${first.charts} charts): navigation start → every chart drawn`);
  console.log(`  first load, nothing cached: ${first.value.toFixed(0)} ms (the table shown at ${first.tableAt.toFixed(0)} ms)`);
  console.log(
    `  ${RUNS} loads, assets cached: ${warm.map((v) => v.toFixed(0)).join(', ')} ms; median ${median.toFixed(0)} ms (${charts} charts)`,
  );
} finally {
  await server.stop();
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}
