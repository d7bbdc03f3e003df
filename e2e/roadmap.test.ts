/**
 * 工程表の進み具合 on the demo database, as a 事務局 does it: on 施策1's page, this year's entry of
 * the second seminar is set to 実施済 with a note and a support record as its evidence; the whole
 * plan's grid shows it, filters by year and 遅れ, and prints on A4 landscape; another entry of this
 * year set to 延期 appears in the dashboard's 遅れている取組. Screenshots at 1280 × 800.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { fiscalYearOf, formatFiscalYear } from '../src/domain/fiscal-calendar.js';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

const SECOND = '第二期経営発達支援計画に基づく事業計画策定セミナーの開催';
const TEAM = 'にかほ市商工会版チーム支援体制の運用';
// The plan runs to R8 (FY2026); its last year stands for "this year" after that.
const YEAR = Math.min(fiscalYearOf(new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' })), 2026);
const SHORT = formatFiscalYear(YEAR, 'short');

/** The entry button of an item (by its text) in this year, on a measure page. */
const entryOf = (page: Page, text: string) => page.getByRole('button', { name: new RegExp(`^${text} ${SHORT} `) });

/** No two of these boxes overlap (by more than a pixel). */
async function overlaps(locators: Locator[]): Promise<string[]> {
  const boxes = await Promise.all(
    locators.map(async (l) => ({ box: await l.boundingBox(), text: ((await l.textContent()) ?? '').slice(0, 20) })),
  );
  const found: string[] = [];
  boxes.forEach((a, i) => {
    boxes.slice(i + 1).forEach((b) => {
      if (!a.box || !b.box) return;
      const x = Math.min(a.box.x + a.box.width, b.box.x + b.box.width) - Math.max(a.box.x, b.box.x);
      const y = Math.min(a.box.y + a.box.height, b.box.y + b.box.height) - Math.max(a.box.y, b.box.y);
      if (x > 1 && y > 1) found.push(`${a.text} × ${b.text}`);
    });
  });
  return found;
}

test('an entry set to 実施済 with a note and a support record on the measure page, then seen on the whole plan’s grid', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/measures/1`);
  const entry = entryOf(page, SECOND);
  await entry.waitFor({ timeout: 20_000 });
  // The bars and the entries under them do not overlap.
  const block = page.locator('.roadmap-block').first();
  expect(await overlaps([...(await block.locator('.roadmap-bar').all()), ...(await block.locator('.roadmap-entry').all())])).toEqual([]);
  const itemId = await entry.getAttribute('data-item');
  await entry.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}roadmap-measure-before.png` });

  await entry.click();
  const form = page.getByRole('form', { name: '工程の状況の記録' });
  await form.waitFor();
  expect(await form.getByTestId('roadmap-entry-text').textContent()).toBe(SECOND);
  await form.getByText('実施済', { exact: true }).click();
  await form.getByLabel('備考').fill('第2回セミナーを開催（参加 21事業者）');
  const results = form.getByTestId('evidence-results');
  await results.waitFor({ timeout: 10_000 });
  const picked = results.locator('tr').first();
  const pickedText = ((await picked.locator('td').nth(1).textContent()) ?? '').split('　')[0] ?? '';
  await picked.getByRole('button', { name: '追加' }).click();
  await expect.poll(() => form.getByTestId('roadmap-evidence').locator('tr').count()).toBe(1);
  await page.waitForTimeout(300); // the modal's fade-in, for the screenshot
  await page.screenshot({ path: `${SCREENSHOTS}roadmap-entry-modal.png` });
  await form.getByRole('button', { name: '保存する' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  const saved = page.locator(`.roadmap-entry[data-item="${itemId}"][data-year="${YEAR}"]`);
  await expect.poll(() => saved.getAttribute('data-state')).toBe('done');
  expect(await saved.textContent()).toMatch(/実施済\s*備考\s*根拠1/);
  await page.screenshot({ path: `${SCREENSHOTS}roadmap-measure-after.png` });

  // Opened again, it holds what was saved.
  await saved.click();
  await form.waitFor();
  expect(await form.getByLabel('備考').inputValue()).toBe('第2回セミナーを開催（参加 21事業者）');
  expect(await form.getByTestId('roadmap-evidence').textContent()).toContain(pickedText);
  await form.getByRole('button', { name: 'やめる' }).click();

  // The whole plan's grid, from the navigation.
  await page.getByRole('link', { name: /^工程表の進み具合/ }).click();
  await page.getByRole('heading', { level: 1, name: '工程表の進み具合' }).waitFor();
  const cell = page.locator(`td[data-item="${itemId}"][data-year="${YEAR}"]`);
  await cell.waitFor();
  expect(await cell.getAttribute('data-state')).toBe('done');
  expect(await cell.textContent()).toContain('根拠1');
  const gantt = page.getByTestId('roadmap-gantt');
  // Every roadmap row of the plan: 10 measures × 2 initiatives × 2 rows.
  expect(await gantt.locator('tr.gantt-row').count()).toBe(40);
  expect(await overlaps(await gantt.locator('tr.gantt-row').nth(0).locator('td, th').all())).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}roadmap-grid.png` });
  await page.screenshot({ path: `${SCREENSHOTS}roadmap-grid-full.png`, fullPage: true });

  // Printed: A4 landscape.
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  writeFileSync(`${SCREENSHOTS}roadmap-grid.pdf`, pdf);
  // A4 landscape: 297 × 210 mm, 842 × 595 pt.
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  expect([Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))]).toEqual([842, 595]);
  if (existsSync('/usr/bin/pdftoppm')) {
    execFileSync('/usr/bin/pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      '1',
      '-l',
      '2',
      `${SCREENSHOTS}roadmap-grid.pdf`,
      `${SCREENSHOTS}roadmap-grid-print`,
    ]);
  }
  await page.emulateMedia({ media: 'screen' });

  // This year's late entries only.
  await page.getByLabel('年度', { exact: true }).selectOption(String(YEAR));
  await page.getByLabel('状況', { exact: true }).selectOption('late');
  await page.waitForURL(new RegExp(`year=${YEAR}&state=late$`));
  const cells = gantt.locator('td.gantt-cell:not(.gantt-dim)');
  await expect.poll(() => cells.count()).toBeGreaterThan(0);
  expect(new Set(await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-year'))))).toEqual(new Set([String(YEAR)]));
  expect(await gantt.locator('td.gantt-cell:not(.gantt-late)').count()).toBe(0);
  await page.screenshot({ path: `${SCREENSHOTS}roadmap-grid-late.png` });
  await page.close();
});

test('an entry of this year set to 延期 is listed among the dashboard’s 遅れている取組', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/measures/1`);
  const entry = entryOf(page, TEAM);
  await entry.waitFor({ timeout: 20_000 });
  const itemId = await entry.getAttribute('data-item');
  await entry.click();
  const form = page.getByRole('form', { name: '工程の状況の記録' });
  await form.getByText('延期', { exact: true }).click();
  // 延期 without its reason is refused beside 備考.
  await form.getByLabel('備考').fill('');
  await form.getByRole('button', { name: '保存する' }).click();
  await form.getByText('延期の理由といつまで延ばすかを備考に書いてください').waitFor();
  await form.getByLabel('備考').fill('体制の見直しのため翌年度上期に延期');
  await form.getByRole('button', { name: '保存する' }).click();
  await form.waitFor({ state: 'detached' });
  await expect
    .poll(() => page.locator(`.roadmap-entry[data-item="${itemId}"][data-year="${YEAR}"]`).getAttribute('data-state'))
    .toBe('postponed');

  await page.getByRole('link', { name: /^進捗/ }).click();
  const late = page.getByRole('region', { name: '遅れている取組' });
  await late.waitFor({ timeout: 20_000 });
  const row = late.locator(`[data-late-item="${itemId}"]`);
  await row.waitFor();
  expect(await row.textContent()).toMatch(new RegExp(`延期\\s*施策1（1）${TEAM}\\s*体制の見直しのため翌年度上期に延期`));
  // 未実施 and 延期 come first.
  expect(await late.locator('[data-late-item]').first().locator('[data-state]').getAttribute('data-state')).toMatch(
    /^(notDone|postponed)$/,
  );
  expect(await overlaps(await late.locator('[data-late-item]').first().locator(':scope > *').all())).toEqual([]);
  await late.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}roadmap-dashboard-late.png` });
  await row.getByRole('link').click();
  await page.waitForURL(/\/measures\/1$/);
  await page.close();
});
