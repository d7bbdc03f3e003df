/**
 * From a figure to the records behind it, on the demo database: 施策5's KPI table shows the
 * actuals under the targets; clicking 5-1's R4年度 actual opens its drill-down, which lists
 * the 課題解決 and 実行支援 records counted, and switches years. 組織率's drill-down lists as
 * many members as the 会員数 it counts.
 */
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

const newPage = () => demo.context.newPage();

/** 1,455 → 1455; 70.6 → 70.6 */
const toNumber = (text: string) => Number(text.replace(/[,\s]/g, ''));
const NUMBER = /^\d{1,3}(,\d{3})*(\.\d)?$/;
const text = async (l: Locator) => ((await l.textContent()) ?? '').trim();

/** The cells of an actual row: the label (実績値), then one per fiscal year of the plan (R4…R8). */
function actualCell(page: Page, code: string, yearIndex: number): Locator {
  return page.locator(`[data-kpi-actual-code="${code}"] > td`).nth(1 + yearIndex);
}

async function summaryActual(page: Page): Promise<string> {
  const figure = page.getByTestId('summary-actual').locator('.summary-value');
  await figure.waitFor();
  return (await text(figure)).replace(/件$/, '').trim();
}

test('施策5 shows 5-1 actuals; R4年度 opens the records behind it, which switch to R6年度', async () => {
  const page = await newPage();
  await page.goto(`${demo.server.url}/c/nikaho/measures/5`);

  const r4 = actualCell(page, '5-1', 0).getByRole('link');
  await r4.waitFor({ timeout: 15_000 });
  const r4Text = await text(r4);
  expect(r4Text).toMatch(NUMBER);
  expect(toNumber(r4Text)).toBeGreaterThan(0);
  const r6Text = await text(actualCell(page, '5-1', 2).getByRole('link'));
  expect(r6Text).toMatch(NUMBER);
  // The 達成率 row has one figure per year with a value.
  expect(await text(page.locator('[data-kpi-rate-code="5-1"] .rate-badge').first())).toMatch(/^\d+\.\d%$/);
  // The existing target row is unchanged: name, baseline, five targets.
  const targets = (await page.locator('[data-kpi-code="5-1"] > td').allInnerTexts()).map((t) => t.trim());
  expect(targets).toHaveLength(7);
  await page.screenshot({ path: `${SCREENSHOTS}measure-5-actuals.png`, fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${SCREENSHOTS}measure-5-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  await r4.click();
  await page.waitForURL(/\/c\/nikaho\/kpis\/5-1\/2022$/);
  await expect.poll(() => text(page.getByRole('heading', { level: 1 }))).toContain('課題解決実行件数 — R4年度の実績');
  expect(await summaryActual(page)).toBe(r4Text);

  const term = page.locator('.term[data-row-type="support"]').first();
  const kinds = await term.locator('.records-table tbody tr > td:nth-child(3)').allInnerTexts();
  expect(kinds.length).toBeGreaterThan(0);
  for (const kind of new Set(kinds.map((k) => k.trim()))) expect(['課題解決', '実行支援']).toContain(kind);
  expect(await term.locator('.records-table thead th').allInnerTexts()).toEqual([
    '日付',
    '事業者',
    '種別',
    '区分',
    '件数',
    '金額（千円）',
    '担当者',
    '備考',
  ]);
  const count = await text(term.locator('.term-count'));
  const total = Number(await term.locator('.term-count').getAttribute('data-total'));
  expect(count).toContain(`全 ${total.toLocaleString('ja-JP')} 件`);
  if (total > kinds.length) expect(count).toContain(`中 ${kinds.length.toLocaleString('ja-JP')} 件を表示`);
  await page.screenshot({ path: `${SCREENSHOTS}drilldown-5-1.png`, fullPage: true });

  await page.locator('.year-switcher').getByText('R6年度', { exact: true }).click();
  await page.waitForURL(/\/c\/nikaho\/kpis\/5-1\/2024$/);
  await expect.poll(() => text(page.getByRole('heading', { level: 1 }))).toContain('R6年度の実績');
  await expect.poll(() => summaryActual(page)).toBe(r6Text);
  await page.close();
});

test('組織率 (6-2) for 2024 lists as many members as its 会員数 term counts', async () => {
  const page = await newPage();
  await page.goto(`${demo.server.url}/c/nikaho/kpis/6-2/2024`);
  const members = page.locator('.term[data-row-type="member"]');
  await members.waitFor({ timeout: 15_000 });
  expect(await text(members.locator('.term-label'))).toContain('会員数');
  const value = toNumber(await text(members.getByTestId('term-value')));
  expect(value).toBeGreaterThan(0);
  expect(await text(members.locator('.term-count'))).toContain(`全 ${value.toLocaleString('ja-JP')} 件`);
  expect(await members.locator('.records-table tbody tr').count()).toBe(Math.min(value, 1000));
  expect(await members.locator('.records-table thead th').allInnerTexts()).toEqual(['事業者コード', '事業者名', '入会日', '退会日']);
  // The ratio is shown to one decimal, with its unit.
  expect(await summaryActual(page)).toMatch(/^\d+\.\d\s*%$/);
  await page.screenshot({ path: `${SCREENSHOTS}drilldown-6-2.png`, fullPage: true });
  await page.close();
});

test('an unknown KPI shows the 404 page', async () => {
  const page = await newPage();
  await page.goto(`${demo.server.url}/c/nikaho/kpis/99-9/2024`);
  await expect.poll(() => page.getByText('ページが見つかりません').first().isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await page.getByText('KPI「99-9」はこの計画にありません。').isVisible()).toBe(true);
  await page.close();
});
