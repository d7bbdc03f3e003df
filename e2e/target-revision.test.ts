/**
 * Target revision on the demo database, as the 事務局長 (管理者) records what the 評価委員会 asked:
 * on 施策5's page, 目標値を改訂 for 課題解決実行件数 (5-1). 理由 left empty is refused beside the
 * field; a decision dated after R7 ended is refused by the server beside 決定日; then this year's
 * target is revised with a reason and a decision day typed in 和暦. The measure page shows the new
 * target with 当初 under it and the decision in the history, and so does the page of the records
 * behind the actual; the dashboard shows the new target, 当初, and the rating the year-end
 * projection earns against the new target.
 * Screenshots: target-revision-modal.png, target-revision-measure.png, target-revision-dashboard.png.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { fiscalYearBounds, fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { achievementRate } from '../src/domain/kpi/evaluate.js';
import { DEFAULT_RATING_BANDS } from '../src/domain/kpi/rating.js';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();
const today = () => new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' });

interface Row {
  code: string;
  target: number | null;
  originalTarget: number | null;
  actual: number | null;
  projected: number | null;
  ratedOn: 'actual' | 'projection' | 'actualSoFar';
  rating: { kind: string; code: string | null; label: string; rate: number | null };
}

/** The dashboard's row of a KPI for today's year, as the API gives it to the page. */
const progressRow = (page: Page, code: string): Promise<Row | undefined> =>
  page.evaluate(async (code) => {
    const body = (await (await fetch('/api/v1/chambers/nikaho/progress')).json()) as { rows: Row[] };
    return body.rows.find((r) => r.code === code);
  }, code);

const bandOf = (rate: number) => DEFAULT_RATING_BANDS.find((b, i) => i === DEFAULT_RATING_BANDS.length - 1 || rate >= b.min);
const grouped = (n: number) => n.toLocaleString('ja-JP');

test('5-1: this year’s target revised on the measure page, with 当初 there and on the dashboard, rated against the new one', {
  timeout: 90_000,
}, async () => {
  const year = fiscalYearOf(today());
  // A decision of the 評価委員会 in July of this fiscal year (or its first day, early in the year).
  const july = `${year}-07-15`;
  const decidedOn = july <= today() ? july : fiscalYearBounds(year).start;
  const [, month, day] = decidedOn.split('-').map(Number);
  const typed = `R${year - 2018}.${month}.${day}`;

  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho`);
  await page.locator('[data-progress-code="5-1"]').waitFor({ timeout: 20_000 });
  const before = await progressRow(page, '5-1');
  if (!before || before.target === null) throw new Error('5-1 has no target this year in the demo');
  const base = before.ratedOn === 'projection' && before.projected !== null ? before.projected : (before.actual ?? 0);
  // A target that moves the rating: one that proved too low (rated A) is raised to about 90 % (B);
  // one that proved out of reach is lowered to what the year will reach (A).
  const revised = before.rating.code === 'A' ? Math.ceil(base / 0.9) : Math.max(1, Math.floor(base));
  const expectedRate = achievementRate(base, revised).rate ?? 0;
  expect(bandOf(expectedRate)?.code).not.toBe(before.rating.code);

  await page.goto(`${demo.server.url}/c/nikaho/measures/5`);
  const block = page.locator('[data-target-revisions="5-1"]');
  await block.getByRole('button', { name: '目標値を改訂' }).click();
  const dialog = page.getByRole('dialog', { name: /目標値の改訂/ });
  await dialog.waitFor();

  // 理由 left empty: refused beside the field, nothing sent.
  await dialog.getByLabel(/^新しい目標値/).fill(String(revised));
  await dialog.getByRole('button', { name: '改訂を記録する' }).click();
  const reasonWrapper = dialog.locator('.mantine-InputWrapper-root', { has: page.getByLabel(/^理由/) });
  await expect.poll(() => reasonWrapper.textContent()).toContain('理由を入力してください');
  await dialog.getByLabel(/^理由/).fill('評価委員会から、実態に合わない目標として見直しを求められたため');

  // Last year, decided this year: the server refuses it beside 決定日.
  const date = dialog.getByLabel(/^決定日/);
  await dialog.getByLabel(/^年度/).selectOption(String(year - 1));
  await date.fill(typed);
  await date.press('Escape');
  await dialog.getByRole('button', { name: '改訂を記録する' }).click();
  const dateWrapper = dialog.locator('.mantine-InputWrapper-root', { has: page.getByLabel(/^決定日/) });
  await expect
    .poll(() => dateWrapper.textContent(), { timeout: 10_000 })
    .toContain('年度が終わった後の決定で、その年度の目標値は変えられません');
  await page.waitForTimeout(300); // the modal's fade-in, for the screenshot
  await page.screenshot({ path: `${SCREENSHOTS}target-revision-modal.png` });

  // This year: recorded.
  await dialog.getByLabel(/^年度/).selectOption(String(year));
  await dialog.getByRole('button', { name: '改訂を記録する' }).click();
  await block
    .getByRole('status')
    .filter({ hasText: `目標値を ${grouped(revised)} に改訂しました` })
    .waitFor({ timeout: 10_000 });
  await expect.poll(() => dialog.count()).toBe(0);

  // The measure page: the new target with 当初 under it, and the decision in the history.
  const cell = page.locator(`[data-kpi-code="5-1"] td[data-target-year="${year}"]`);
  await expect.poll(() => cell.textContent()).toBe(`${grouped(revised)}（当初 ${grouped(before.target)}）`);
  expect(await cell.getAttribute('title')).toContain('評価委員会: ');
  const history = block.locator(`[data-revision="5-1/${year}"]`);
  expect((await history.locator('td').allInnerTexts()).slice(0, 4)).toEqual([
    `R${year - 2018}年度`,
    `${grouped(before.target)} → ${grouped(revised)}`,
    `令和${year - 2018}年${month}月${day}日`,
    '評価委員会',
  ]);
  await page.locator('.goal', { has: block }).screenshot({ path: `${SCREENSHOTS}target-revision-measure.png` });

  // The records behind this year's actual: the target they are measured against, 当初 beside it.
  await page
    .locator(`[data-kpi-actual-code="5-1"] td`)
    .nth(year - 2022 + 1)
    .getByRole('link')
    .click();
  await page.waitForURL(new RegExp(`/kpis/5-1/${year}$`));
  const summary = page.getByLabel('実績の概要');
  await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toContain(`（当初 ${grouped(before.target)}）`);

  // The dashboard: the new target, 当初, and the rating against the new target.
  await page.getByRole('link', { name: /^進捗/ }).click();
  const row = page.locator('[data-progress-code="5-1"]');
  await row.waitFor();
  await expect.poll(() => row.locator('td').nth(1).textContent()).toBe(`${grouped(revised)}（当初 ${grouped(before.target)}）`);
  const after = await progressRow(page, '5-1');
  expect(after).toMatchObject({ target: revised, originalTarget: before.target, rating: { rate: expectedRate } });
  const band = bandOf(expectedRate);
  expect((await row.locator('td').nth(6).textContent())?.trim()).toBe(`${band?.code} ${band?.label}`);
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}target-revision-dashboard.png` });
  await page.close();
});
