/**
 * 事業計画（次年度） on the demo database, as the 事務局 does it in 2–3月: next year's 事業計画 (today's
 * fiscal year + 1, the page's default) shows the draft with an item carried over from this year's
 * 工程表 (a 延期 or 未実施 the demo reported) badged 繰越; 「下書きを作る」 stores it; the carried item
 * is given a new wording, 担当 and 時期 and the plan saved; the page is printed to PDF by Chromium
 * (page.pdf, the CSS @page size) and read back: A4 portrait, the edited text in it. Screenshots at
 * 1280 × 800, with a check that the edit boxes of an item do not overlap.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { fiscalYearOf, formatFiscalYear } from '../src/domain/fiscal-calendar.js';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

interface Item {
  text: string;
  source: string;
  carriedOver: boolean;
  owner: string;
  timing: string;
}
interface View {
  fiscalYear: number;
  stored: boolean;
  measures: { number: number; items: Item[] }[];
}

test('next year’s 事業計画: a 繰越 item in the draft, the draft made, an item edited and saved, printed on A4 portrait', async () => {
  const today = new Date().toLocaleDateString('sv', { timeZone: 'Asia/Tokyo' });
  // The page's default: next year, within the plan's years and the one after (R4–R9).
  const year = Math.min(fiscalYearOf(today) + 1, 2027);
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/annual-plans`);
  await page.getByRole('heading', { name: '事業計画（次年度）' }).waitFor({ timeout: 15_000 });
  await page.getByTestId('draft-notice').waitFor();
  expect(await page.getByRole('combobox', { name: '年度' }).inputValue()).toBe(
    `${formatFiscalYear(year, 'short')}（${formatFiscalYear(year)}）`,
  );

  const api = `/api/v1/chambers/nikaho/annual-plans/${year}`;
  const before = await page.evaluate(async (url) => (await fetch(url)).json() as Promise<View>, api);
  expect(before).toMatchObject({ fiscalYear: year, stored: false });
  const withCarried = before.measures.find((m) => m.items.some((i) => i.source === 'carriedOver' || i.carriedOver));
  if (!withCarried) throw new Error(`the demo carries nothing over into ${formatFiscalYear(year, 'short')}`);
  const index = withCarried.items.findIndex((i) => i.source === 'carriedOver' || i.carriedOver);
  const carried = withCarried.items[index] as Item;
  console.log(
    `${formatFiscalYear(year, 'short')}: ${before.measures.reduce((n, m) => n + m.items.length, 0)} items in the draft, ` +
      `${before.measures.flatMap((m) => m.items).filter((i) => i.source === 'carriedOver' || i.carriedOver).length} carried over`,
  );

  // The draft shows the item with its 繰越 badge.
  const section = page.locator(`[data-measure="${withCarried.number}"]`);
  const row = section.getByTestId('plan-items').locator('tbody tr').nth(index);
  expect(await row.textContent()).toContain(carried.text);
  expect(await row.locator('[data-source="carriedOver"]').textContent()).toBe('繰越');
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}annual-plan-draft.png` });

  await page.getByRole('button', { name: '下書きを作る' }).click();
  await page.getByText('下書きを作りました').waitFor({ timeout: 10_000 });
  expect(await page.getByTestId('annual-plan-state').textContent()).toBe('編集中');

  const item = section.getByTestId('plan-edit').locator(`[data-index="${index}"]`);
  const n = index + 1;
  const edited = `${carried.text}（日程を見直して実施）`;
  await item.getByLabel(`${n}番目の事業内容`).fill(edited);
  await item.getByLabel(`${n}番目の担当`).fill('経営指導員');
  await item.getByLabel(`${n}番目の実施時期`).fill('上期');
  await item.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}annual-plan-edit.png` });
  // The item's boxes side by side, none over another.
  const boxes = await Promise.all(
    [`${n}番目の事業内容`, `${n}番目の事業の柱`, `${n}番目の担当`, `${n}番目の実施時期`].map((l) =>
      item.getByLabel(l).first().boundingBox(),
    ),
  );
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (!a || !b) throw new Error('a field is not shown');
      const x = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const y = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      expect(x > 1 && y > 1, `fields ${i} and ${j} overlap`).toBe(false);
    }

  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('保存しました').waitFor({ timeout: 10_000 });
  const after = await page.evaluate(async (url) => (await fetch(url)).json() as Promise<View>, api);
  expect(after.stored).toBe(true);
  expect(after.measures.find((m) => m.number === withCarried.number)?.items[index]).toMatchObject({
    text: edited,
    owner: '経営指導員',
    timing: '上期',
  });

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}annual-plan-saved.png`, fullPage: true });
  const pdf = `${SCREENSHOTS}annual-plan.pdf`;
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  console.log(`事業計画 PDF: ${info.match(/Pages:\s+(\d+)/)?.[1]} pages`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain(`${formatFiscalYear(year, 'short')} 事業計画`);
  expect(text.replace(/\s+/g, '')).toContain(edited.replace(/\s+/g, ''));
  expect(text).not.toContain('下書きを作る');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, `${SCREENSHOTS}annual-plan-pdf`]);
  await page.close();
}, 120_000);
