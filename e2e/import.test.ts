/**
 * Importing from the screen, on the demo database: a Shift_JIS CSV as Japanese Excel saves it
 * (全角 digits, 和暦 dates, 半角カナ), with a mistake. The check names the line and column and
 * writes nothing; the fixed file checks clean, shows what it adds, and is imported.
 */
import iconv from 'iconv-lite';
import { expect, test } from 'vitest';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

const sjis = (lines: string[]) => iconv.encode(`${lines.join('\r\n')}\r\n`, 'cp932');
const HEADER = '記録ID,日付,事業者コード,種別,区分,件数,担当者,備考';
const BAD = sjis([
  HEADER,
  'E2E-1,Ｒ６．５．１,B0001,課題解決,,１,経営指導員 ｻﾄｳ,売上の相談',
  'E2E-2,令和6年5月2日,B0002,よもやま話,,1,経営指導員 佐藤,',
  'E2E-3,2024/5/3,B0004,補助金申請,IT導入補助金,1,経営指導員 佐藤,"IT導入補助金の申請書を作成。\r\n次回は実績報告"',
]);
const GOOD = sjis([
  HEADER,
  'E2E-1,Ｒ６．５．１,B0001,課題解決,,１,経営指導員 ｻﾄｳ,売上の相談',
  'E2E-2,令和6年5月2日,B0002,実行支援,,1,経営指導員 佐藤,',
  'E2E-3,2024/5/3,B0004,補助金申請,IT導入補助金,1,経営指導員 佐藤,"IT導入補助金の申請書を作成。\r\n次回は実績報告"',
]);

test('a Shift_JIS CSV with a mistake: the check names line and column and writes nothing; fixed, it imports', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/import`);
  await page.getByRole('heading', { name: '記録の取り込み' }).waitFor({ timeout: 15_000 });
  expect(await page.getByRole('radio', { name: '支援記録' }).isChecked()).toBe(true);
  const file = page.locator('input[type="file"]');
  const check = page.getByRole('button', { name: /内容を確認する/ });

  await file.setInputFiles({ name: '支援記録_R6.csv', mimeType: 'text/csv', buffer: BAD });
  await check.click();
  const errors = page.getByTestId('import-errors');
  await errors.waitFor({ timeout: 15_000 });
  expect(await errors.textContent()).toContain('支援記録_R6.csv 3行目 種別');
  expect(await errors.textContent()).toContain('よもやま話');
  await page.screenshot({ path: `${SCREENSHOTS}import-error.png`, fullPage: true });
  const stored = () =>
    page.evaluate(async () => {
      const res = await fetch(
        '/api/v1/chambers/nikaho/support-records?text=%E7%B5%8C%E5%96%B6%E6%8C%87%E5%B0%8E%E5%93%A1%20%E4%BD%90%E8%97%A4&fiscalYear=2024',
      );
      return ((await res.json()) as { total: number }).total;
    });
  const before = await stored();

  await file.setInputFiles({ name: '支援記録_R6.csv', mimeType: 'text/csv', buffer: GOOD });
  await check.click();
  const preview = page.getByTestId('import-preview');
  await preview.waitFor({ timeout: 15_000 });
  expect(await preview.textContent()).toMatch(/3行（Shift_JIS）: 追加 3件・変更 0件・変更なし 0件/);
  expect(await stored()).toBe(before);
  await page.screenshot({ path: `${SCREENSHOTS}import-preview.png`, fullPage: true });

  await page.getByRole('button', { name: '取り込む' }).click();
  const done = page.getByTestId('import-done');
  await done.waitFor({ timeout: 15_000 });
  expect(await done.textContent()).toContain('追加 3件');
  expect(await stored()).toBe(before + 2);

  // The same file again adds nothing.
  await page.getByRole('button', { name: '別のファイルを取り込む' }).click();
  await file.setInputFiles({ name: '支援記録_R6.csv', mimeType: 'text/csv', buffer: GOOD });
  await check.click();
  await preview.waitFor();
  expect(await preview.textContent()).toContain('取り込んでも何も変わりません');
  await page.close();
}, 120_000);

test('export and re-import: 支援記録 written as Shift_JIS from the page reads back as the same records (nothing to add or change)', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/support`);
  await page.getByTestId('support-record-list').waitFor({ timeout: 15_000 });
  await page.getByRole('combobox', { name: '年度' }).selectOption({ label: '令和6年度' });
  await page.getByRole('button', { name: 'CSV出力' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'CSV（Shift_JIS）' }).click()]);
  expect(download.suggestedFilename()).toBe('支援記録_R6年度.csv');
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(await download.path());
  const text = iconv.decode(bytes, 'cp932');
  expect(text.split('\r\n')[0]).toContain('日付');
  const rows = text.trimEnd().split('\r\n').length - 1;
  expect(rows).toBeGreaterThan(100);

  await page.goto(`${demo.server.url}/c/nikaho/import`);
  await page.getByRole('heading', { name: '記録の取り込み' }).waitFor({ timeout: 15_000 });
  await page.locator('input[type="file"]').setInputFiles({ name: download.suggestedFilename(), mimeType: 'text/csv', buffer: bytes });
  await page.getByRole('button', { name: /内容を確認する/ }).click();
  const preview = page.getByTestId('import-preview');
  await preview.waitFor({ timeout: 30_000 });
  expect(await preview.textContent()).toContain(`（Shift_JIS）: 追加 0件・変更 0件・変更なし ${rows.toLocaleString('ja-JP')}件`);
  expect(await preview.textContent()).toContain('取り込んでも何も変わりません');
  await page.screenshot({ path: `${SCREENSHOTS}import-roundtrip.png`, fullPage: true });
  await page.close();
}, 120_000);
