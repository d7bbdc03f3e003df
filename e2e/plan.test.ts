/**
 * The journey of a newcomer: the app comes up on the embedded database with the にかほ plan
 * loaded; from the plan overview they open 施策6 and read the 組織率 targets.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, SCREENSHOTS, VIEWPORT } from './browser.js';
import { type RunningServer, startServer } from './server.js';

let server: RunningServer;
let browser: Browser;
/** Signed in as the administrator the first test makes. */
let context: BrowserContext;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('the first start asks for an administrator, then the plan overview leads to 施策6, whose 組織率 row reads 70 → 70, 70, 70, 70, 71', async () => {
  context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(server.url);
  // No account yet: the set-up page, which refuses a short password beside the field.
  await page.waitForURL(/\/setup$/, { timeout: 15_000 });
  await page.getByLabel(/^ログインID/).fill('jimukyoku');
  await page.getByLabel(/^氏名/).fill('事務局 管理者');
  await page.getByLabel(/^パスワード\s*\*?$/).fill('short');
  await page.getByLabel(/^パスワード（確認）/).fill('short');
  await page.getByRole('button', { name: '管理者を作成して始める' }).click();
  await expect.poll(() => page.getByText('パスワードは10文字以上にしてください').isVisible(), { timeout: 10_000 }).toBe(true);
  await page.screenshot({ path: `${SCREENSHOTS}setup-error.png`, fullPage: true });
  await page.getByLabel(/^パスワード\s*\*?$/).fill('にかほの海は青い2026');
  await page.getByLabel(/^パスワード（確認）/).fill('にかほの海は青い2026');
  await page.getByRole('button', { name: '管理者を作成して始める' }).click();
  await page.waitForURL((u) => u.pathname === '/', { timeout: 15_000 });
  await expect.poll(() => page.getByRole('button', { name: /アカウント: 事務局 管理者/ }).isVisible(), { timeout: 15_000 }).toBe(true);
  // The home page is the 進捗 dashboard; the plan itself is under 概要.
  await page.getByRole('heading', { level: 1, name: /^進捗/ }).waitFor({ timeout: 15_000 });
  await page.getByRole('link', { name: /^概要/ }).click();
  await page.waitForURL(/\/overview$/);
  await expect
    .poll(() => page.getByText('事業者とともに挑み続け、地域活力を創出する商工会').first().isVisible(), { timeout: 15_000 })
    .toBe(true);
  await page.screenshot({ path: `${SCREENSHOTS}overview.png`, fullPage: true });

  await page.getByRole('link', { name: /施策6/ }).first().click();
  await page.waitForURL(/\/measures\/6$/);
  const row = page.locator('[data-kpi-code="6-2"]');
  await row.waitFor();
  const cells = (await row.locator('th, td').allInnerTexts()).map((t) => t.trim());
  expect(cells[0]).toContain('組織率');
  expect(cells.slice(1, 7)).toEqual(['70', '70', '70', '70', '70', '71']);
  await expect.poll(() => page.getByText('会員組織率＝会員数÷商工業者数×100').first().isVisible()).toBe(true);
  expect(await page.getByTestId('indicator-labels').textContent()).toContain('会員の貯蓄共済・福祉共済への加入率');
  await page.screenshot({ path: `${SCREENSHOTS}measure-6.png`, fullPage: true });
  await page.close();
});

test('a roadmap entry continued with →→→ is one bar across the years it covers', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/c/nikaho/measures/1`);
  const first = page.locator('.roadmap-bar', { hasText: /^事業計画策定セミナーの開催$/ });
  await first.waitFor();
  expect(await first.evaluate((el) => getComputedStyle(el).gridColumn)).toBe('1 / 3'); // R4–R5
  const second = page.locator('.roadmap-bar', { hasText: '第二期経営発達支援計画に基づく事業計画策定セミナーの開催' });
  expect(await second.evaluate((el) => getComputedStyle(el).gridColumn)).toBe('3 / 6'); // R6–R8
  const width = async (l: typeof first) => (await l.boundingBox())?.width ?? 0;
  expect(await width(second)).toBeGreaterThan((await width(first)) * 1.3);
  await page.close();
});

test('an unknown measure shows a page that says so', async () => {
  const page = await context.newPage();
  await page.goto(`${server.url}/c/nikaho/measures/99`);
  await expect
    .poll(
      () =>
        page
          .getByText(/見つかりません/)
          .first()
          .isVisible(),
      { timeout: 15_000 },
    )
    .toBe(true);
  await page.close();
});
