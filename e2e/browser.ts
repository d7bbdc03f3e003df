/**
 * Debian's Chromium driven by playwright-core. CI installs it (`apt-get install chromium
 * fonts-ipafont-gothic`); playwright's own browser download is neither possible nor needed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('../test-results/e2e/', import.meta.url).pathname;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium がありません（${CHROMIUM}）。apt-get install -y chromium fonts-ipafont-gothic で入れてください。`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
  });
}

export const VIEWPORT = { width: 1280, height: 800 };

/** A browser context signed in through the login page, as a person would. */
export async function signedInContext(browser: Browser, url: string, login: string, password: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.getByLabel(/^ログインID/).fill(login);
  await page.getByLabel(/^パスワード\s*\*?$/).fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
  await page.close();
  return context;
}
