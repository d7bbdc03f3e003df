/**
 * Keeping the business register on the demo database, as the office does when a member leaves
 * and comes back: a business found by its フリガナ typed in 半角カナ, opened, a second membership
 * period added; the overlap with the open first period refused beside the new 入会日; the first
 * period given its 退会日, which changes R4's 組織率 and so asks for a confirmation naming the
 * KPIs; saved, and counted. Then a new business: its 事業者コード already in use is refused beside
 * the field, then it is added with フリガナ typed in ひらがな and 半角カナ, stored in カタカナ.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { formatJapaneseDate } from '../src/domain/fiscal-calendar.js';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

/** Members counted on 2022-04-01 (R4's as-of day): the first term of 組織率 (6-2). */
async function membersR4(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const res = await fetch('/api/v1/chambers/nikaho/kpis?fiscalYear=2022');
    const body = (await res.json()) as { results: { code: string; terms: { value: number | null }[] }[] };
    return body.results.find((r) => r.code === '6-2')?.terms[0]?.value ?? Number.NaN;
  });
}

test('a member who left and came back: found by 半角カナ, a period added, the overlap refused, confirmed for R4, saved; a new business added', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/businesses`);
  await page.getByRole('heading', { name: '事業者', exact: true }).waitFor({ timeout: 15_000 });
  const list = page.getByTestId('business-list');
  await list.waitFor({ timeout: 15_000 });
  const before = await membersR4(page);
  await page.screenshot({ path: `${SCREENSHOTS}businesses-list.png` });

  // 渡辺食品 (B0047 in the demo), a member since 1970, found by its フリガナ in 半角カナ.
  await page.getByLabel('検索').fill('ﾜﾀﾅﾍﾞｼｮｸﾋﾝ');
  const row = list.locator('tbody tr', { hasText: 'B0047' });
  await expect.poll(() => list.locator('tbody tr').first().textContent(), { timeout: 10_000 }).toContain('渡辺食品');
  expect(await row.textContent()).toMatch(/ワタナベショクヒン.*会員.*昭和45年4月1日 入会/);
  await page.screenshot({ path: `${SCREENSHOTS}businesses-search.png` });

  await row.getByRole('button', { name: '渡辺食品' }).click();
  const form = page.getByRole('form', { name: '事業者の変更' });
  await form.waitFor();
  expect(await form.getByLabel(/^事業者コード/).inputValue()).toBe('B0047');
  expect(
    await form
      .getByTestId('membership-1')
      .getByLabel(/^入会日/)
      .inputValue(),
  ).toBe('昭和45年4月1日');

  // It came back on 2022-05-01: a second period, while the first is still open.
  await form.getByRole('button', { name: '会員期間を追加' }).click();
  const second = form.getByTestId('membership-2');
  await second.getByLabel(/^入会日/).fill('2022/5/1');
  await second.getByLabel(/^入会日/).press('Escape');
  await form.getByRole('button', { name: '変更を保存' }).click();
  await expect
    .poll(() => second.textContent())
    .toContain('ほかの会員期間（昭和45年4月1日〜）と重なっています。退会日か入会日を直してください');
  await page.screenshot({ path: `${SCREENSHOTS}businesses-overlap.png` });

  // The first period ended on 2020-03-31: no longer a member on 2022-04-01, so R4's 組織率 changes.
  const first = form.getByTestId('membership-1');
  await first.getByLabel(/^退会日/).fill('2020/3/31');
  await first.getByLabel(/^退会日/).press('Escape');
  await form.getByRole('button', { name: '変更を保存' }).click();
  const affected = page.getByTestId('affected-kpis');
  await affected.waitFor({ timeout: 10_000 });
  expect(await affected.textContent()).toContain('6-2 組織率（令和4年度）');
  expect(await affected.textContent()).toContain('6-3 自家共済の会員加入率（令和4年度）');
  await page.waitForTimeout(400); // the modal's fade-in, for the screenshot
  await page.screenshot({ path: `${SCREENSHOTS}businesses-confirm.png` });
  await page.getByRole('button', { name: '変更を確定する' }).click();
  await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toContain('保存しました: 渡辺食品（B0047）');
  await expect.poll(() => row.textContent()).toMatch(/会員.*令和4年5月1日 入会/);
  expect(await membersR4(page)).toBe(before - 1);

  // A new business: B0047 is taken, said beside the code; then added.
  await page.getByRole('button', { name: '事業者を追加' }).click();
  const add = page.getByRole('form', { name: '事業者の追加' });
  await add.waitFor();
  await add.getByLabel(/^事業者コード/).fill('B0047');
  await add.getByLabel(/^事業者名/).fill('鳥海ベーカリー');
  await add.getByLabel(/^フリガナ/).fill('ちょうかい ﾍﾞｰｶﾘｰ');
  await add.getByLabel(/^業種/).fill('飲食業');
  await add.getByLabel(/^業種/).press('Escape');
  await add.getByLabel(/^地区/).fill('象潟');
  await add.getByLabel(/^地区/).press('Escape');
  await add.getByRole('button', { name: '会員期間を追加' }).click();
  const joined = add.getByTestId('membership-1').getByLabel(/^入会日/);
  // Joined today: no as-of day of a closed year moves, so no confirmation.
  const today = new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' });
  await joined.fill(today.replaceAll('-', '/'));
  await joined.press('Escape');
  await add.getByRole('button', { name: '追加する' }).click();
  await expect.poll(() => add.textContent(), { timeout: 10_000 }).toContain('事業者コード「B0047」はすでに使われています（渡辺食品）');
  await page.screenshot({ path: `${SCREENSHOTS}businesses-add-error.png` });
  await add.getByLabel(/^事業者コード/).fill('N-0001');
  await add.getByRole('button', { name: '追加する' }).click();
  await expect
    .poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 })
    .toContain('追加しました: 鳥海ベーカリー（N-0001）');

  await page.getByLabel('検索').fill('ﾁｮｳｶｲﾍﾞｰｶﾘｰ');
  const added = list.locator('tbody tr', { hasText: 'N-0001' });
  await expect
    .poll(() => added.textContent(), { timeout: 10_000 })
    .toMatch(new RegExp(`鳥海ベーカリー.*チョウカイ ベーカリー.*飲食業.*象潟.*会員.*${formatJapaneseDate(today)} 入会`));
  await page.screenshot({ path: `${SCREENSHOTS}businesses-added.png` });

  // Deleting: refused for 渡辺食品, which support records refer to, with the counts; done for the new one.
  const remove = async (name: string) => {
    await list.locator('tbody tr', { hasText: name }).getByRole('button', { name }).click();
    await page.getByRole('form', { name: '事業者の変更' }).getByRole('button', { name: 'この事業者を削除' }).click();
    await page.getByRole('button', { name: '削除する' }).click();
  };
  await remove('鳥海ベーカリー');
  await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toContain('事業者を削除しました');
  await expect.poll(() => page.getByTestId('business-total').textContent()).toBe('0件');
  await page.getByLabel('検索').fill('ﾜﾀﾅﾍﾞｼｮｸﾋﾝ');
  await expect.poll(() => list.locator('tbody tr').first().textContent(), { timeout: 10_000 }).toContain('渡辺食品');
  await remove('渡辺食品');
  const refused = page.getByRole('alert').filter({ hasText: '削除できませんでした' });
  await expect
    .poll(() => refused.textContent(), { timeout: 10_000 })
    .toMatch(/「渡辺食品」は 支援記録 \d+件.*から参照されているため削除できません/);
  await page.waitForTimeout(400); // the confirmation's fade-out, for the screenshot
  await page.screenshot({ path: `${SCREENSHOTS}businesses-delete-refused.png` });
  await page.close();
}, 180_000);
