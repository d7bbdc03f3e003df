/**
 * 年度の数値 on the demo database: this year's 商工業者数 typed in its row and saved with Enter;
 * a closed year's figure names 組織率 before it changes, and changes it once confirmed.
 */
import { expect, test } from 'vitest';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

test('this year typed and saved with Enter; a closed year confirmed first', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/yearly`);
  const table = page.getByTestId('yearly-figures');
  await table.waitFor({ timeout: 15_000 });
  const thisYear = fiscalYearOf(new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' }));
  const row = (y: number) => table.locator(`[data-fiscal-year="${y}"]`);

  await row(thisYear).getByRole('button', { name: '入力' }).click();
  await page.keyboard.type('１２３４'); // 全角 digits, as an IME leaves them
  await page.keyboard.press('Enter');
  await expect.poll(() => row(thisYear).locator('td').nth(1).textContent(), { timeout: 10_000 }).toBe('1,234');

  await row(thisYear - 1)
    .getByRole('button', { name: '入力' })
    .click();
  await page.keyboard.type('950');
  await page.keyboard.press('Enter');
  const affected = page.getByTestId('affected-kpis');
  await affected.waitFor({ timeout: 10_000 });
  expect(await affected.textContent()).toContain('組織率');
  await page.waitForTimeout(400); // the modal's fade-in, for the screenshot
  await page.screenshot({ path: `${SCREENSHOTS}yearly-closed-year.png` });
  await page.getByRole('button', { name: '変更を確定する' }).click();
  await expect
    .poll(
      () =>
        row(thisYear - 1)
          .locator('td')
          .nth(1)
          .textContent(),
      { timeout: 10_000 },
    )
    .toBe('950');
  await page.screenshot({ path: `${SCREENSHOTS}yearly-figures.png`, fullPage: true });
  await page.close();
}, 120_000);
