/**
 * Daily entry on the demo database, as a 経営指導員 does it: ten support records by keyboard
 * alone (businesses found by フリガナ in 半角カナ and ひらがな), seen at the top of the list and
 * counted in 5-1's actual; a record missing its 種別 refused beside the field; a record moved
 * into the closed year asks for a confirmation naming the KPIs, and so does its deletion.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

/** What is typed into 事業者, and the name of the business it must find (the demo's, deterministic). */
const ENTRIES: { search: string; name: string; kind: string; subKind?: string }[] = [
  { search: 'ｵｵﾀｹﾋﾞﾖｳｼﾂ', name: '大竹美容室', kind: '課題' },
  { search: 'ｽｶﾞﾜﾗｼｮｸﾄﾞｳ', name: '菅原食堂', kind: '課題' },
  { search: 'すがわら じどうしゃ', name: '菅原自動車整備', kind: '課題' },
  { search: 'ｲﾝﾅｲｼｮｳﾃﾝ', name: '院内商店', kind: '実行' },
  { search: 'いとうごふく', name: '伊藤呉服店', kind: '実行' },
  { search: 'ｶﾌﾞｼｷｶﾞｲｼｬﾀｶﾊｼｺｳﾑﾃﾝ', name: '株式会社高橋工務店', kind: '補助金', subKind: 'IT' },
  { search: 'ｶﾌﾞｼｷｶﾞｲｼｬﾄｳｼﾋﾞﾖｳ', name: '株式会社冬師美容室', kind: '課題' },
  { search: 'ｶﾌﾞｼｷｶﾞｲｼｬｺﾉｳﾗｼｮｳｼﾞ', name: '株式会社金浦商事', kind: '課題' },
  { search: 'かぶしきがいしゃおおたけこうむ', name: '株式会社大竹工務店', kind: '課題' },
  { search: 'ｵｵﾀｹﾋﾞﾖｳｼﾂ', name: '大竹美容室', kind: '実行' },
];

const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const id = el?.getAttribute('id');
    return id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? '') : '';
  });

/** The focused field's label and whether its list is open: `種別 true`. */
const focusedExpanded = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const id = el?.getAttribute('id');
    const label = id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? '') : '';
    return `${label.replace(/\s*\*$/, '')} ${el?.getAttribute('aria-expanded')}`;
  });

async function actual51(page: Page): Promise<number> {
  const fy = fiscalYearOf(new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' }));
  return page.evaluate(async (year) => {
    const res = await fetch(`/api/v1/chambers/nikaho/kpis?fiscalYear=${year}`);
    const body = (await res.json()) as { results: { code: string; actual: number | null }[] };
    return body.results.find((r) => r.code === '5-1')?.actual ?? Number.NaN;
  }, fy);
}

test('ten support records by keyboard alone, counted in 5-1, then changed into the closed year and deleted with a confirmation', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/support`);
  await page.getByRole('heading', { name: '支援記録の入力' }).waitFor({ timeout: 15_000 });
  const before = await actual51(page);
  const counted = ENTRIES.filter((e) => e.kind === '課題' || e.kind === '実行').length;

  // The cursor starts in 事業者; nothing but the keyboard from here.
  await expect.poll(() => focusedLabel(page)).toBe('事業者');
  let kind = '';
  for (const [i, entry] of ENTRIES.entries()) {
    await page.keyboard.type(entry.search, { delay: 20 });
    // Half the time Enter follows the typing at once, before the matches arrive: the first match is
    // picked when they come, and the form is not sent without its business meanwhile.
    if (i % 2 === 0) await page.locator('[data-combobox-option]', { hasText: entry.name }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('事業者').inputValue(), { timeout: 10_000 }).toContain(entry.name);
    // The same 種別 as the last record: Enter saves straight from 事業者.
    if (entry.kind !== kind) {
      await page.keyboard.press('Tab');
      await expect.poll(() => focusedExpanded(page)).toBe('種別 true');
      await page.keyboard.type(entry.kind, { delay: 20 });
      await page.keyboard.press('Enter');
      kind = entry.kind;
    }
    if (entry.subKind) {
      await page.keyboard.press('Tab');
      await expect.poll(() => focusedExpanded(page)).toBe('区分 true');
      await page.keyboard.type(entry.subKind, { delay: 20 });
      await page.keyboard.press('Enter');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('saved-message').textContent(), { timeout: 10_000 }).toContain(entry.name);
    // Back in 事業者, ready for the next one.
    await expect.poll(() => focusedLabel(page)).toBe('事業者');
    if (i === 5) await page.screenshot({ path: `${SCREENSHOTS}support-entry.png` });
  }

  // The last entered are on top of the list, newest first.
  const list = page.getByTestId('support-record-list');
  await expect
    .poll(async () => (await list.locator('tbody tr td:nth-child(2)').allInnerTexts()).slice(0, 10).map((t) => t.split('\n')[0]))
    .toEqual(ENTRIES.map((e) => e.name).reverse());
  const KIND_NAMES: Record<string, string> = { 課題: '課題解決', 実行: '実行支援', 補助金: '補助金申請' };
  expect(
    (await list.locator('tbody tr td:nth-child(3)').allTextContents()).slice(0, 10).map((t) => t.replace(/IT導入補助金$/, '')),
  ).toEqual(ENTRIES.map((e) => KIND_NAMES[e.kind]).reverse());
  const subsidy = list.locator('tbody tr').nth(4);
  expect(await subsidy.locator('td').nth(2).textContent()).toMatch(/補助金申請\s*IT導入補助金/);
  // 課題解決 and 実行支援 count toward 5-1 at once; the 補助金申請 does not.
  expect(await actual51(page)).toBe(before + counted);
  await page.screenshot({ path: `${SCREENSHOTS}support-list.png`, fullPage: true });

  // 補助金申請 without its 区分: the server refuses it beside 区分, and nothing is saved.
  const total = await page
    .getByText(/^\d[\d,]*件$/)
    .first()
    .textContent();
  await page.keyboard.type('ｲﾝﾅｲｼｮｳﾃﾝ');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByLabel('事業者').inputValue()).toContain('院内商店');
  await page.keyboard.press('Tab');
  await page.keyboard.type('補助金');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByText('種別「補助金申請」は区分を選んでください').count()).toBe(1);
  expect(
    await page
      .getByText(/^\d[\d,]*件$/)
      .first()
      .textContent(),
  ).toBe(total);
  await page.screenshot({ path: `${SCREENSHOTS}support-error.png` });

  // Move the newest record into last fiscal year (closed): the KPIs it changes are named first.
  const newest = list.locator('tbody tr').first();
  await newest.getByRole('button', { name: '変更' }).click();
  const edit = page.getByRole('form', { name: '支援記録の変更' });
  await edit.waitFor();
  const lastYear = fiscalYearOf(new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' })) - 1;
  const date = edit.getByLabel(/^日付/);
  await date.fill(`${lastYear}/6/1`);
  await date.press('Escape');
  await page.getByRole('button', { name: /変更を保存/ }).click();
  const affected = page.getByTestId('affected-kpis');
  await affected.waitFor({ timeout: 10_000 });
  expect(await affected.textContent()).toContain('5-1 課題解決実行件数');
  await page.waitForTimeout(400); // the modal's fade-in, for the screenshot
  await page.screenshot({ path: `${SCREENSHOTS}support-closed-year.png` });
  await page.getByRole('button', { name: '変更を確定する' }).click();
  await expect.poll(() => actual51(page)).toBe(before + counted - 1);

  // Deleting it asks twice: 削除しますか, then the closed year's KPIs.
  const moved = list.locator('tbody tr').first();
  await expect.poll(() => moved.locator('td').first().textContent()).toContain('6月1日');
  await moved.getByRole('button', { name: '削除' }).click();
  await page.getByRole('button', { name: '削除する' }).click();
  await affected.waitFor();
  await page.getByRole('button', { name: '変更を確定する' }).click();
  await expect.poll(() => moved.locator('td').first().textContent()).not.toContain('6月1日');
  await page.close();
}, 180_000);
