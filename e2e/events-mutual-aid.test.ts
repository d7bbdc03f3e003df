/**
 * イベント and 共済 on the demo database, as a 経営指導員 enters them: a コミュニティビジネス event
 * with two participants found by 半角カナ (the same business a second time refused beside the
 * field), seen at the top of the list and counted in 10-1's 来場者数; then a 貯蓄共済 whose 加入日
 * is first typed wrong and refused beside the field, then saved and seen in the list as 加入中,
 * counted in 6-3's numerator unless the business already held one. The event is then moved into
 * last fiscal year (closed): the change names 10-1 first, and so does deleting it.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();
const today = () => new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' });

/** The KPI's actual in a fiscal year (this one unless given) and the value of its first term (a ratio's numerator). */
async function kpi(page: Page, code: string, year = fiscalYearOf(today())): Promise<{ actual: number | null; first: number | null }> {
  return page.evaluate(
    async ({ code, year }) => {
      const res = await fetch(`/api/v1/chambers/nikaho/kpis?fiscalYear=${year}`);
      const body = (await res.json()) as { results: { code: string; actual: number | null; terms: { value: number | null }[] }[] };
      const r = body.results.find((x) => x.code === code);
      return { actual: r?.actual ?? null, first: r?.terms[0]?.value ?? null };
    },
    { code, year },
  );
}

async function pick(page: Page, typed: string, name: string) {
  await page.keyboard.type(typed);
  const option = page.locator('[data-combobox-option]').filter({ visible: true }).first();
  await expect.poll(() => option.textContent(), { timeout: 10_000 }).toContain(name);
  await page.keyboard.press('Enter');
}

test('an event with two participants found by 半角カナ, and a 共済 subscription after a bad 加入日', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/events`);
  const form = page.getByRole('form', { name: 'イベントの入力' });
  await form.waitFor({ timeout: 15_000 });
  const visitors = (await kpi(page, '10-1')).actual ?? 0;

  await form.getByLabel(/^名称/).fill('にかほ冬のマルシェ');
  await form.getByLabel('区分', { exact: true }).fill('コミュニティビジネス');
  await page.keyboard.press('Escape');
  await form.getByLabel('来場者数', { exact: true }).fill('150');
  await form.getByLabel('参加事業者を追加').click();
  await pick(page, 'ｵｵﾀｹﾋﾞﾖｳｼﾂ', '大竹美容室');
  await pick(page, 'ｽｶﾞﾜﾗｼｮｸﾄﾞｳ', '菅原食堂');
  const participants = page.getByTestId('participants');
  await expect.poll(() => participants.textContent()).toMatch(/大竹美容室.*菅原食堂/);
  // The same business again: refused beside the field, the list unchanged.
  await pick(page, 'ｵｵﾀｹﾋﾞﾖｳｼﾂ', '大竹美容室');
  await expect.poll(() => form.getByText('はすでに参加事業者に入っています').count()).toBe(1);
  expect(await participants.locator('.mantine-Pill-root').count()).toBe(2);
  await page.screenshot({ path: `${SCREENSHOTS}events-entry.png` });

  await form.getByRole('button', { name: 'イベントを保存' }).click();
  await expect
    .poll(() => page.getByTestId('saved-message').textContent(), { timeout: 10_000 })
    .toContain('にかほ冬のマルシェ（参加事業者2件）');
  // The form is empty again, ready for the next event.
  expect(await form.getByText('はすでに参加事業者に入っています').count()).toBe(0);
  expect(await form.getByText('まだありません').count()).toBe(1);
  const top = page.getByTestId('event-list').locator('tbody tr').first();
  await expect
    .poll(() => top.textContent())
    .toMatch(/にかほ冬のマルシェ[\s\S]*W-[0-9A-F]{10}[\s\S]*コミュニティビジネス[\s\S]*150人[\s\S]*2件/);
  expect((await kpi(page, '10-1')).actual).toBe(visitors + 150);
  await page.screenshot({ path: `${SCREENSHOTS}events-list.png`, fullPage: true });

  // Moved into last fiscal year, which is closed: 10-1 is named before anything changes.
  const lastYear = fiscalYearOf(today()) - 1;
  const lastYearVisitors = (await kpi(page, '10-1', lastYear)).actual ?? 0;
  await top.getByRole('button', { name: '変更' }).click();
  const edit = page.getByRole('form', { name: /^イベントの変更/ });
  await edit.waitFor();
  expect(await edit.getByTestId('participants').locator('.mantine-Pill-root').count()).toBe(2);
  const date = edit.getByLabel(/^日付/);
  await date.fill(`${lastYear}/6/1`);
  await date.press('Escape');
  await edit.getByRole('button', { name: '変更を保存' }).click();
  const affected = page.getByTestId('affected-kpis');
  await affected.waitFor({ timeout: 10_000 });
  expect(await affected.textContent()).toMatch(/^10-1 コミュティビジネスの取組による来場者数（令和\d+年度）$/);
  await page.waitForTimeout(400); // the modal's fade-in, for the screenshot
  await page.screenshot({ path: `${SCREENSHOTS}events-closed-year.png` });
  await page.getByRole('button', { name: '変更を確定する' }).click();
  await expect.poll(() => kpi(page, '10-1', lastYear).then((k) => k.actual)).toBe(lastYearVisitors + 150);
  expect((await kpi(page, '10-1')).actual).toBe(visitors);
  // Deleting it asks twice: 削除しますか, then the closed year's KPIs.
  const moved = page.getByTestId('event-list').locator('tbody tr', { hasText: 'にかほ冬のマルシェ' });
  await moved.getByRole('button', { name: '削除' }).click();
  await page.getByRole('button', { name: '削除する' }).click();
  await affected.waitFor();
  await page.getByRole('button', { name: '変更を確定する' }).click();
  await expect.poll(() => moved.count()).toBe(0);
  expect((await kpi(page, '10-1', lastYear)).actual).toBe(lastYearVisitors);

  // 共済: 院内商店's 貯蓄共済 from today.
  await page.getByRole('link', { name: /^共済/ }).click();
  const aid = page.getByRole('form', { name: '共済の入力' });
  await aid.waitFor({ timeout: 15_000 });
  const [y, m, d] = today().split('-').map(Number);
  // The business the picker's first match is, and whether it holds a 貯蓄共済 today (then it is counted once already).
  const heldAlready = await page.evaluate(async (day) => {
    const found = (await (await fetch(`/api/v1/chambers/nikaho/businesses?q=${encodeURIComponent('ｲﾝﾅｲｼｮｳﾃﾝ')}&limit=1`)).json()) as {
      businesses: { code: string }[];
    };
    const code = found.businesses[0]?.code ?? '';
    const q = new URLSearchParams({ text: code, type: '貯蓄共済', activeOn: day, limit: '500' });
    const held = (await (await fetch(`/api/v1/chambers/nikaho/mutual-aid?${q}`)).json()) as { rows: { businessCode: string }[] };
    return held.rows.some((r) => r.businessCode === code);
  }, today());
  const subscribers = (await kpi(page, '6-3')).first ?? 0;
  await pick(page, 'ｲﾝﾅｲｼｮｳﾃﾝ', '院内商店');
  const joined = aid.getByLabel(/^加入日/);
  await joined.fill(`${y}/13/${d}`);
  await joined.press('Tab');
  await page.keyboard.press('Escape'); // 解約日's calendar, opened by the Tab
  await expect.poll(() => aid.getByText(`「${y}/13/${d}」は日付として読めません`).count()).toBe(1);
  // Beside 加入日: in the same field wrapper.
  const wrapper = aid.locator('.mantine-InputWrapper-root', { has: page.getByLabel(/^加入日/) });
  expect(await wrapper.textContent()).toContain('は日付として読めません');
  await page.waitForTimeout(300); // the calendar's fade-out, for the screenshot
  await page.screenshot({ path: `${SCREENSHOTS}mutual-aid-bad-date.png` });
  await aid.getByRole('button', { name: /保存して次へ/ }).click();
  await page.waitForTimeout(300);
  expect(await page.getByTestId('saved-message').count()).toBe(0);

  await joined.fill(`${y}/${m}/${d}`);
  await joined.press('Escape');
  await expect.poll(() => aid.getByText('は日付として読めません').count()).toBe(0);
  await aid.getByRole('button', { name: /保存して次へ/ }).click();
  await expect.poll(() => page.getByTestId('saved-message').textContent(), { timeout: 10_000 }).toContain('院内商店 貯蓄共済');
  const first = page.getByTestId('mutual-aid-list').locator('tbody tr').first();
  await expect.poll(() => first.textContent()).toMatch(/院内商店[\s\S]*貯蓄共済[\s\S]*加入中/);
  expect((await kpi(page, '6-3')).first).toBe(subscribers + (heldAlready ? 0 : 1));
  await page.screenshot({ path: `${SCREENSHOTS}mutual-aid-list.png` });
  await page.close();
}, 180_000);
