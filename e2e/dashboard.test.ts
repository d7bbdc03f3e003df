/**
 * The 進捗 dashboard on the demo database, as a 事務局長 opens it: today's fiscal year by
 * default with a count of KPIs per rating; a past year chosen from the list shows, for a KPI,
 * the rating its actual and target give under the default bands; from there its measure
 * page with the chart, and the records behind the actual. Screenshots at 1280 × 800 and as
 * printed on A4 landscape.
 */
import ExcelJS from 'exceljs';
import { expect, test } from 'vitest';
import { DEFAULT_RATING_BANDS } from '../src/domain/kpi/rating.js';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

const everyTrendDrawn = () => {
  const rows = document.querySelectorAll('[data-progress-code]');
  return rows.length > 0 && document.querySelectorAll('[data-progress-code] svg.sparkline').length === rows.length;
};

/** The band the default set gives a rate: A ≥ 100, B ≥ 80, C ≥ 30, D below. */
const bandOf = (rate: number) => DEFAULT_RATING_BANDS.find((b, i) => i === DEFAULT_RATING_BANDS.length - 1 || rate >= b.min);

test('the home page is today’s year: a count of KPIs per rating, and every KPI with its rating and trend', async () => {
  const page = await demo.context.newPage();
  await page.goto(demo.server.url);
  await page.getByRole('heading', { level: 1, name: /^進捗（令和\d+年度）$/ }).waitFor({ timeout: 15_000 });
  await page.waitForFunction(everyTrendDrawn, null, { timeout: 20_000 });
  const counts = await page.locator('.rating-count-value').allInnerTexts();
  const total = counts.reduce((n, t) => n + Number.parseInt(t, 10), 0);
  expect(await page.getByText(`KPI ${total} 件`).count()).toBe(1);
  expect(await page.locator('[data-progress-code]').count()).toBe(total);
  expect(await page.locator('[data-progress-code] svg').count()).toBe(total);
  await page.screenshot({ path: `${SCREENSHOTS}dashboard.png` });
  await page.screenshot({ path: `${SCREENSHOTS}dashboard-full.png`, fullPage: true });
  await page.close();
});

test('R6年度: 課題解決実行件数 is rated by its actual against its target; its measure page and records follow', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho`);
  await page.getByRole('combobox', { name: '年度' }).selectOption({ label: '令和6年度' });
  await page.waitForURL(/\?year=2024$/);
  await page.getByRole('heading', { level: 1, name: '進捗（令和6年度）' }).waitFor();
  const row = page.locator('[data-progress-code="5-1"]');
  await row.waitFor();
  const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
  const target = Number(cells[1]?.replace(/,/g, ''));
  const actual = Number(cells[2]?.replace(/,/g, ''));
  expect(target).toBe(1620); // the plan's R6年度 target
  expect(actual).toBeGreaterThan(0);
  const band = bandOf(Math.round((actual / target) * 1000) / 10);
  expect(cells[6]).toBe(`${band?.code} ${band?.label}`);
  // A year that is over: its projection is its actual.
  expect(cells[5]?.replace(/,/g, '')).toBe(String(actual));

  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${SCREENSHOTS}dashboard-print.png`, fullPage: true });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  await page.emulateMedia({ media: 'screen' });

  await row.getByRole('link').first().click();
  await page.waitForURL(/\/kpis\/5-1\/2024$/);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goBack();
  await page.waitForURL(/\?year=2024$/);
  await page.locator('.progress-measure a', { hasText: '施策5' }).click();
  await page.waitForURL(/\/measures\/5$/);
  const chart = page.locator('[data-kpi-chart="5-1"] [data-chart="drawn"]');
  await chart.waitFor({ timeout: 15_000 });
  expect(await chart.locator('svg').count()).toBe(1);
  await page.locator('[data-kpi-chart="5-1"]').screenshot({ path: `${SCREENSHOTS}measure-5-chart.png` });
  await page.close();
});

test('Excel出力 downloads the KPI table with a Japanese name; its R6 figures are the dashboard’s', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho?year=2024`);
  const row = page.locator('[data-progress-code="5-1"]');
  await row.waitFor();
  const cells = (await row.locator('td').allInnerTexts()).map((t) => Number(t.trim().replace(/,/g, '')));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel出力' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^KPI一覧_にかほ市商工会_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const sheet = wb.getWorksheet('KPI一覧');
  let r6: unknown[] = [];
  sheet?.eachRow((r) => {
    // R6年度's 目標値 and 実績値: after コード, 指標, 単位, 基準値 and two years of four columns.
    if (r.getCell(1).value === '5-1') r6 = [r.getCell(13).value, r.getCell(14).value];
  });
  expect(r6).toEqual([cells[1], cells[2]]);
  await page.close();
});

test('担当者と未入力: a KPI given an owner is listed under that owner', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/owners`);
  await page.getByRole('heading', { level: 1, name: '担当者と未入力のデータ' }).waitFor();
  await page.getByLabel('組織率の担当者').and(page.locator('input')).fill('経営指導員 佐藤');
  await page.locator('[data-owned-kpi="6-2"]').getByRole('button', { name: '保存' }).click();
  const group = page.locator('[data-owner="経営指導員 佐藤"]');
  await group.waitFor();
  expect(await group.locator('[data-owned-kpi]').count()).toBe(1);
  expect(await group.locator('[data-owned-kpi="6-2"]').count()).toBe(1);
  await page.screenshot({ path: `${SCREENSHOTS}owners.png` });
  await page.close();
});

test('評価の段階: a bad set is refused beside its band; the 秋田 wording then rates the dashboard ○ △ ×', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/rating-bands`);
  await page.getByRole('heading', { level: 1, name: '評価の段階' }).waitFor();
  await page.getByLabel('1段目の下限').fill('70');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/2段目の下限.*大きい順/);
  await page.getByRole('button', { name: /秋田県/ }).click();
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
  await page.screenshot({ path: `${SCREENSHOTS}rating-bands.png` });
  await page.getByRole('link', { name: /^進捗/ }).click();
  await page.locator('.rating-summary').waitFor();
  const titles = await page.locator('.rating-count').allInnerTexts();
  expect(titles.map((t) => t.split('\n')[0])).toEqual(['○ 順調', '△ 概ね順調', '× 一部未達成', '未集計', '設定なし']);
  expect(await page.locator('[data-progress-code] .rating-badge').first().textContent()).toMatch(/^[○△×] /);
  // Back to the standard set for the other journeys on this server.
  await page.goto(`${demo.server.url}/c/nikaho/rating-bands`);
  await page.getByRole('button', { name: '標準に戻す' }).click();
  await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor();
  await page.close();
});
