/**
 * The annual evaluation on the demo database, as the 事務局 does it after the year: the R6
 * (FY2024) 評価シート of a measure whose KPI fell short is filled in; submission is refused,
 * beside the fields, until the KPI's cause and corrective action (何を・誰が・いつまでに) are
 * written; then it is submitted and locked. The 総括表 (様式1) and the sheet are printed to PDF
 * by Chromium from the app's own print pages (page.pdf, the CSS @page sizes), read back with
 * pdftotext (a KPI's figures) and pdfinfo (one A4 landscape page), and turned into PNGs with
 * pdftoppm for looking at.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { SCREENSHOTS } from './browser.js';
import { demoJourney } from './demo.js';

const demo = demoJourney();

interface Kpi {
  code: string;
  name: string;
  target: number | null;
  actual: number | null;
  achievementRate: number | null;
}
interface Overview {
  strategies: { measures: { number: number; title: string; state: string; kpis: Kpi[] }[] }[];
}

const formatted = (n: number) => new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 3 }).format(n);

test('R6 評価シート: refused until the missed KPI has its cause and action, then submitted and locked; 総括表 printed to one A4 landscape PDF page', async () => {
  const page = await demo.context.newPage();
  await page.goto(`${demo.server.url}/c/nikaho/evaluations?year=2024`);
  await page.getByRole('heading', { name: '年度の評価' }).waitFor({ timeout: 15_000 });
  await page.locator('[data-measure="1"]').waitFor();
  await page.screenshot({ path: `${SCREENSHOTS}evaluation-list.png`, fullPage: true });

  // A measure of the demo with a count KPI below its R6 target.
  const overview = await page.evaluate(async () => (await fetch('/api/v1/chambers/nikaho/evaluations/2024')).json() as Promise<Overview>);
  const measures = overview.strategies.flatMap((s) => s.measures);
  const measure = measures.find((m) => m.kpis.some((k) => k.target !== null && k.actual !== null && k.actual < k.target && k.target > 0));
  if (!measure) throw new Error('the demo has no KPI below its R6 target');
  const missed = measure.kpis.filter((k) => k.target !== null && k.actual !== null && k.actual < k.target);

  await page.locator(`[data-measure="${measure.number}"] a`).click();
  await page.getByRole('heading', { name: /（様式2）アクションプログラム評価シート/ }).waitFor();
  await page.getByTestId('evaluation-kpis').waitFor();
  // Pre-filled: the missed KPI's target and actual as the API gives them.
  const first = missed[0] as Kpi;
  const row = page.locator(`[data-testid="evaluation-kpis"] tr[data-kpi="${first.code}"]`);
  expect(await row.textContent()).toContain(formatted(first.target ?? 0));

  await page.getByLabel('成果').fill('巡回・窓口相談で事業計画の策定を支援した。');
  await page.getByLabel('課題', { exact: true }).fill('相談から計画策定までに時間がかかる。');
  await page.getByLabel('改善策（次年度の方向性）').fill('専門家派遣と組み合わせ、策定までの期間を短くする。');
  for (const [field, choice] of [
    ['必要性', '高い'],
    ['有効性', '普通'],
    ['効率性', '普通'],
    ['総合評価', 'C 一部未達成'],
  ] as const)
    await page.locator(`.choice[data-field="${field}"]`).getByText(choice, { exact: true }).click();
  await page.waitForTimeout(300); // the indicator's slide, for the screenshot
  await page
    .locator('.choice')
    .first()
    .locator('..')
    .screenshot({ path: `${SCREENSHOTS}evaluation-ratings.png` });
  await page.getByRole('button', { name: '保存（下書き）' }).click();
  await page.getByText('下書きを保存しました').waitFor();

  // Submitting without the cause and action of the missed KPI: refused, beside the fields.
  await page.getByRole('button', { name: '提出', exact: true }).click();
  const problem = `「${first.name}」は目標に届いていません。未達成の原因を入力してください`;
  await page.getByText(problem).waitFor({ timeout: 10_000 });
  expect(await page.getByTestId('sheet-error').textContent()).toContain('提出できません');
  expect(await page.getByTestId('sheet-state').textContent()).toBe('下書き');
  const box = page.locator(`[data-missed-kpi="${first.code}"]`);
  await box.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}evaluation-refused.png` });

  for (const k of missed) {
    const b = page.locator(`[data-missed-kpi="${k.code}"]`);
    await b.getByLabel('未達成の原因').fill('相談件数に対して経営指導員の人数が足りなかった。');
    await b.getByLabel('改善策（何を）').fill('専門家派遣を増やし、策定支援を分担する。');
    await b.getByLabel('誰が').fill('経営指導員');
    await b.getByLabel('いつまでに').fill('R7年9月末');
  }
  await page.getByRole('button', { name: '提出', exact: true }).click();
  await page.getByTestId('locked-notice').waitFor({ timeout: 10_000 });
  expect(await page.getByTestId('sheet-state').textContent()).toBe('提出済み（ロック中）');
  // Locked: the form is gone, the sheet reads as a document, the administrator may unlock.
  expect(await page.getByRole('button', { name: '保存（下書き）' }).count()).toBe(0);
  expect(await page.getByTestId('sheet-document').textContent()).toContain('R7年9月末');
  expect(await page.getByRole('button', { name: 'ロック解除' }).count()).toBe(1);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}evaluation-locked.png`, fullPage: true });

  // The sheet on A4 portrait.
  const sheetPdf = `${SCREENSHOTS}evaluation-sheet.pdf`;
  await page.pdf({ path: sheetPdf, preferCSSPageSize: true, printBackground: true });
  const sheetText = execFileSync('pdftotext', ['-layout', sheetPdf, '-'], { encoding: 'utf8' });
  expect(sheetText).toContain('評価シート');
  expect(sheetText).toContain('R7年9月末');
  expect(execFileSync('pdfinfo', [sheetPdf], { encoding: 'utf8' })).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  execFileSync('pdftoppm', ['-png', '-r', '60', sheetPdf, `${SCREENSHOTS}evaluation-sheet-pdf`]);

  // The 総括表 on one A4 landscape page, with the measure's 総合評価 and the KPI's figures.
  await page.goto(`${demo.server.url}/c/nikaho/evaluations/2024/summary`);
  await page.getByTestId('summary-table').waitFor({ timeout: 15_000 });
  expect(await page.locator('[data-testid="summary-table"] tr[data-kpi]').count()).toBe(21);
  await page.screenshot({ path: `${SCREENSHOTS}evaluation-summary.png`, fullPage: true });
  const summaryPdf = `${SCREENSHOTS}evaluation-summary.pdf`;
  const started = performance.now();
  await page.pdf({ path: summaryPdf, preferCSSPageSize: true, printBackground: true });
  console.log(`総括表 page.pdf: ${Math.round(performance.now() - started)} ms`);
  const info = execFileSync('pdfinfo', [summaryPdf], { encoding: 'utf8' });
  expect(info).toMatch(/Pages:\s+1\n/);
  expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
  const text = execFileSync('pdftotext', ['-layout', summaryPdf, '-'], { encoding: 'utf8' });
  // The name wraps beside its figures: the row's figures stand together on one line of the text.
  expect(text.replace(/\s+/g, '')).toContain(first.name);
  const rate = `${(first.achievementRate ?? 0).toFixed(1)}%`;
  const figures = new RegExp(`\\s${formatted(first.target ?? 0)}\\s+${formatted(first.actual ?? 0)}\\s+${rate.replace('.', '\\.')}`);
  expect(text, text).toMatch(figures);
  console.log(
    `総括表 PDF: ${first.name} ${text
      .split('\n')
      .find((l) => figures.test(l))
      ?.trim()}`,
  );
  expect(text).toContain('C 一部未達成');
  execFileSync('pdftoppm', ['-png', '-r', '60', summaryPdf, `${SCREENSHOTS}evaluation-summary-pdf`]);
  await page.close();
}, 120_000);
