/**
 * Accounts as a chamber's administrator meets them, on the demo database: a wrong password is
 * refused in Japanese; the administrator adds a 閲覧 account (a too-short password first,
 * refused beside the field); the new account signs in and sees the plan but neither the 管理
 * menu nor the members page; the audit log shows the account's creation, the failed and the
 * successful sign-ins, and exports CSV.
 */
import { expect, test } from 'vitest';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../src/usecases/load-demo.js';
import { SCREENSHOTS, signedInContext, VIEWPORT } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

test('a wrong password is refused, and the right one signs in', async () => {
  const context = await demo.browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/members`);
  // Not signed in: the login page, which will come back here.
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByLabel(/^ログインID/).fill(DEMO_LOGIN);
  await page.getByLabel(/^パスワード\s*\*?$/).fill('wrong-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/ログインIDまたはパスワード/);
  await page.screenshot({ path: `${SCREENSHOTS}login-error.png` });
  await page.getByLabel(/^パスワード\s*\*?$/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((u) => u.pathname === '/c/nikaho/members');
  await context.close();
});

test('the administrator adds a 閲覧 account; it reads the plan and nothing of the 管理 pages', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/members`);
  await page.getByRole('heading', { name: 'アカウントを追加' }).waitFor();
  await page.getByLabel(/^氏名/).fill('評価委員 佐藤');
  await page.getByLabel(/^ログインID/).fill('hyoka-sato');
  await page.getByLabel(/^初期パスワード/).fill('short');
  await page.getByLabel('役割', { exact: true }).and(page.locator('input')).click();
  await page.getByRole('option', { name: /閲覧/ }).click();
  await page.getByRole('button', { name: '追加する' }).click();
  // Refused beside the field, and nothing made.
  await expect.poll(() => page.getByText(/10文字以上/).count()).toBeGreaterThan(1);
  await page.screenshot({ path: `${SCREENSHOTS}members-error.png`, fullPage: true });
  await page.getByLabel(/^初期パスワード/).fill('chokai-san-2026');
  await page.getByRole('button', { name: '追加する' }).click();
  await page.getByRole('status').filter({ hasText: 'アカウントを作りました' }).waitFor();
  await page.getByRole('cell', { name: 'hyoka-sato' }).waitFor();
  await page.screenshot({ path: `${SCREENSHOTS}members.png`, fullPage: true });

  const viewer = await signedInContext(demo.browser, demo.server.url, 'hyoka-sato', 'chokai-san-2026');
  const vp = await viewer.newPage();
  await vp.goto(`${demo.server.url}/c/nikaho/measures/5`);
  await vp.getByRole('heading', { level: 1 }).waitFor();
  expect(await vp.getByRole('link', { name: 'アカウント管理' }).count()).toBe(0);
  expect(await vp.getByRole('link', { name: '監査ログ' }).count()).toBe(0);
  // The page itself says no; the server refuses regardless (src/http/access.test.ts).
  await vp.goto(`${demo.server.url}/c/nikaho/members`);
  await expect.poll(() => vp.locator('main').textContent()).toMatch(/権限がありません/);
  await vp.screenshot({ path: `${SCREENSHOTS}viewer-forbidden.png` });
  await viewer.close();
});

test('the audit log shows who made the account and who signed in, and exports CSV', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/audit`);
  const table = page.getByRole('table');
  await table.waitFor();
  await expect.poll(() => table.textContent()).toMatch(/hyoka-sato/);
  const text = (await table.textContent()) ?? '';
  expect(text).toMatch(/アカウント作成|アカウントの作成/);
  expect(text).toMatch(/ログイン/);
  await page.screenshot({ path: `${SCREENSHOTS}audit.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV（UTF-8）' }).click()]);
  const path = await download.path();
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(path, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain('hyoka-sato');
});
