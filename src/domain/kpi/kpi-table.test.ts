import { describe, expect, test } from 'vitest';
import {
  buildKpiSheet,
  cellValue,
  formatFigure,
  type KpiTableInput,
  type KpiTableKpi,
  type KpiTableYear,
  kpiTableFileName,
  numberFormat,
  numberSpecFor,
  type TableCell,
  textWidth,
} from './kpi-table.js';
import { AKITA_RATING_BANDS, DEFAULT_RATING_BANDS, rate } from './rating.js';

describe('number formats per unit', () => {
  test.each<[string, (number | null)[], string, number, number, string]>([
    // unit, values of the KPI, format, a value, what the cell holds, what it shows
    ['件', [1440, 1740, null], '#,##0"件"', 1740, 1740, '1,740件'],
    ['社', [0, 12], '#,##0"社"', 12, 12, '12社'],
    ['人', [540, 578.5], '#,##0.0"人"', 578.5, 578.5, '578.5人'],
    ['千円', [0, 12500], '#,##0', 12500, 12500, '12,500'],
    ['千円', [2474.5], '#,##0.0', 2474.5, 2474.5, '2,474.5'],
    ['%', [70, 70.6], '0.0%', 70.6, 0.706, '70.6%'],
    ['％', [31], '0.0%', 31, 0.31, '31.0%'],
    ['%', [101.3], '0.0%', 101.3, 1.013, '101.3%'],
    ['ポイント', [1.5], '0.0"ポイント"', 1.5, 1.5, '1.5ポイント'],
    ['回"', [3], '#,##0"回"', 3, 3, '3回'],
  ])('%s %j → %s: %d is held as %d and shown %s', (unit, values, format, value, held, shown) => {
    const spec = numberSpecFor(unit, values);
    expect(numberFormat(spec)).toBe(format);
    expect(cellValue(value, spec)).toBe(held);
    expect(formatFigure(value, spec)).toBe(shown);
  });
});

describe('display width', () => {
  test.each([
    ['1,740件', 7],
    ['R4年度', 6],
    ['ｶﾅ', 2],
    ['', 0],
  ])('%s is %i wide', (text, width) => {
    expect(textWidth(text)).toBe(width);
  });
});

// ---------------------------------------------------------------- one KPI, one year at a time

const TODAY = '2026-12-03'; // FY2026 (R8) under way

function year(fiscalYear: number, target: number | null, actual: number | null, extra: Partial<KpiTableYear> = {}): KpiTableYear {
  const achievement = target === null || actual === null || target === 0 ? null : Math.round((actual / target) * 1000) / 10;
  const reason = extra.reason ?? (actual === null ? '実績値なし' : null);
  return {
    fiscalYear,
    target,
    original: target,
    actual,
    reason,
    achievementRate: achievement,
    achievementNote: target === 0 && actual !== null ? (actual >= 0 ? '目標値が0（達成）' : '目標値が0') : null,
    manualEvidence: null,
    rating: rate(achievement, target, DEFAULT_RATING_BANDS, { actual, ...(reason ? { reason } : {}) }),
    projected: null,
    revisions: [],
    ...extra,
  };
}

function kpi(overrides: Partial<KpiTableKpi> = {}): KpiTableKpi {
  return {
    code: '5-1',
    name: '課題解決実行件数',
    unit: '件',
    cumulative: false,
    parentCode: null,
    strategy: { label: '共通戦略3', title: '成果を創出し続ける組織・運営体制の構築' },
    measure: { number: 5, title: '多様化する会員ニーズに応えるためのサポート体制の強化' },
    baseline: 1440,
    baselineYear: 2021,
    years: [year(2022, 1500, 1455)],
    ...overrides,
  };
}

function input(kpis: KpiTableKpi[], overrides: Partial<KpiTableInput> = {}): KpiTableInput {
  return {
    chamber: { code: 'nikaho', name: 'にかほ市商工会' },
    plan: { title: 'にかほ市商工会アクションプログラム（第2期）', period: { from: 2022, to: 2026 }, baselineYear: 2021 },
    today: TODAY,
    bands: DEFAULT_RATING_BANDS,
    kpis,
    ...overrides,
  };
}

/** The four cells of one year of the first KPI: 目標値, 実績値, 達成率, 評価. */
function yearCells(y: KpiTableYear, k: Partial<KpiTableKpi> = {}): TableCell[] {
  const sheet = buildKpiSheet(input([kpi({ ...k, years: [y] })]));
  const row = sheet.rows.find((r) => r.kind === 'kpi');
  if (row?.kind !== 'kpi') throw new Error('no KPI row');
  const start = 4 + (y.fiscalYear - 2022) * 4;
  return row.cells.slice(start, start + 4);
}

const shown = (cells: TableCell[]) => cells.map((c) => c.shown);

describe('one year of a KPI: 目標値, 実績値, 達成率, 評価', () => {
  test.each<[string, KpiTableYear, string[]]>([
    ['met partly', year(2022, 1500, 1455), ['1,500件', '1,455件', '97.0%', 'B']],
    ['over 100 % kept as it is', year(2023, 10, 25), ['10件', '25件', '250.0%', 'A']],
    ['no target: 設定なし, never 0 %', year(2023, null, 5), ['設定なし', '5件', '—', '—']],
    ['no target and no actual', year(2023, null, null), ['設定なし', '未集計', '—', '—']],
    ['no actual yet: 未集計', year(2024, 10, null, { reason: '商工業者数（2024-04-01時点）が未入力です' }), ['10件', '未集計', '—', '—']],
    ['target 0 met', year(2022, 0, 0), ['0件', '0件', '—', 'A']],
    ['target 0, actual below', year(2022, 0, -1), ['0件', '-1件', '—', 'D']],
    ['the year under way', year(2026, 1740, 1580), ['1,740件', '1,580件', '90.8%', 'B']],
  ])('%s', (_, y, expected) => {
    expect(shown(yearCells(y))).toEqual(expected);
  });

  test('a year after today shows its target and nothing else', () => {
    const sheet = buildKpiSheet(
      input([kpi({ years: [year(2025, 1680, 1547), year(2026, 1740, null, { reason: '令和8年度はまだ始まっていません' })] })], {
        today: '2025-06-01',
      }),
    );
    const row = sheet.rows.find((r) => r.kind === 'kpi');
    expect(row?.kind === 'kpi' && shown(row.cells.slice(-8))).toEqual(['1,680件', '1,547件', '92.1%', 'B', '1,740件', '', '', '']);
  });

  test('figures are numbers with their format; what has none is text', () => {
    const [target, actual, rate, rating] = yearCells(year(2022, 1500, 1455));
    expect(target).toMatchObject({ value: 1500, format: '#,##0"件"', role: 'figure' });
    expect(actual).toMatchObject({ value: 1455, format: '#,##0"件"' });
    expect(rate).toMatchObject({ value: 0.97, format: '0.0%' });
    expect(rating).toMatchObject({ value: 'B', role: 'rating' });
    const [none] = yearCells(year(2023, null, 5));
    expect(none).toMatchObject({ value: '設定なし', role: 'empty' });
    expect(none?.format).toBeUndefined();
  });

  test('a percent KPI holds ratios under 0.0%', () => {
    const cells = yearCells(year(2022, 70, 70.6), { unit: '%', baseline: 70 });
    expect(cells.map((c) => [c.value, c.format])).toEqual([
      [0.7, '0.0%'],
      [0.706, '0.0%'],
      [1.009, '0.0%'],
      ['A', undefined],
    ]);
  });

  test('notes: the reason for 未集計, the evidence of a hand-entered actual, target 0, the projection, revisions', () => {
    const [, missing] = yearCells(year(2024, 10, null, { reason: '商工業者数（2024-04-01時点）が未入力です' }));
    expect(missing?.note).toBe('商工業者数（2024-04-01時点）が未入力です');
    const [, manual] = yearCells(year(2024, 10, 12, { manualEvidence: '決算書（事務局）' }));
    expect(manual?.note).toBe('手入力: 決算書（事務局）');
    const [, , zeroRate, zeroRating] = yearCells(year(2022, 0, 0));
    expect(zeroRate?.note).toBe('目標値が0（達成）');
    expect(zeroRating?.note).toBe('目標値が0のため、実績値が0以上で達成とみなします');
    const projected = year(2026, 1740, 1580, {
      rating: rate(103.4, 1740, DEFAULT_RATING_BANDS),
      projected: 1800,
    });
    expect(yearCells(projected)[3]).toMatchObject({ shown: 'A', note: '年度末の見込み 1,800件（達成率 103.4%）で評価' });
    const revised = year(2024, 1650, 1539, {
      original: 1620,
      revisions: [
        { previous: 1620, value: null, decidedOn: '2024-06-10', decidedBy: '理事会', reason: '中間見直し', afterYearEnd: false },
        { previous: null, value: 1650, decidedOn: '2024-07-15', decidedBy: '評価委員会', reason: '評価委員会の指摘', afterYearEnd: false },
        { previous: 1650, value: 1500, decidedOn: '2025-06-01', decidedBy: '計画ファイルの取り込み', reason: null, afterYearEnd: true },
      ],
    });
    // The cell keeps the number rated against; the note tells 当初 and every decision.
    expect(yearCells(revised)[0]).toMatchObject({
      value: 1650,
      shown: '1,650件',
      note: [
        '目標値の改訂（当初 1,620件）',
        '令和6年6月10日 理事会: 1,620件 → 設定なし（中間見直し）',
        '令和6年7月15日 評価委員会: 設定なし → 1,650件（評価委員会の指摘）',
        '令和7年6月1日 計画ファイルの取り込み: 1,650件 → 1,500件　※年度終了後の決定のため評価には使いません',
      ].join('\n'),
    });
    expect(yearCells(year(2022, 1500, 1455))[1]?.note).toBeUndefined();
  });

  test('marks stand for the rating where the chamber uses them', () => {
    const y = year(2022, 100, 85);
    const marked = { ...y, rating: rate(85, 100, AKITA_RATING_BANDS) };
    expect(yearCells(marked)[3]?.shown).toBe('△');
  });
});

describe('the sheet', () => {
  const fiveYears = [
    year(2022, 1500, 1455),
    year(2023, 1560, 1511),
    year(2024, 1620, 1539),
    year(2025, 1680, 1547),
    year(2026, 1740, 1580),
  ];
  const sheet = buildKpiSheet(
    input([
      kpi({ years: fiveYears }),
      kpi({ code: '5-2', name: 'チーム支援による課題解決件数', baseline: 30, years: [year(2022, 33, 33)] }),
      kpi({ code: '5-2-1', name: '専門家派遣', parentCode: '5-2', baseline: null, years: [year(2022, 10, 12)] }),
      kpi({ code: '5-2-2', name: 'うち巡回', parentCode: '5-2', baseline: 3, years: [year(2022, 10, 12)] }),
      kpi({
        code: '6-1',
        name: '自己財源比率',
        unit: '%',
        baseline: 31,
        baselineYear: 2020,
        measure: { number: 6, title: '持続的な商工会運営に向けた財政・組織基盤の強化' },
        years: [year(2022, 31, 31.2)],
      }),
    ]),
  );

  test('two header rows: コード, 指標, 単位 over both; 基準値 over its year; each year over its four columns; R4年度… from the calendar', () => {
    expect(sheet.columns.slice(0, 8).map((c) => [c.group, c.header])).toEqual([
      ['', 'コード'],
      ['', '指標'],
      ['', '単位'],
      ['基準値', 'R3年度'],
      ['R4年度', '目標値'],
      ['R4年度', '実績値'],
      ['R4年度', '達成率'],
      ['R4年度', '評価'],
    ]);
    expect([...new Set(sheet.columns.slice(4).map((c) => c.group))]).toEqual(['R4年度', 'R5年度', 'R6年度', 'R7年度', 'R8年度（途中）']);
    expect(sheet.columns).toHaveLength(4 + 5 * 4);
    expect(sheet.columns.find((c) => c.note)?.note).toMatch(/^令和8年12月3日時点の途中の値です/);
    expect(sheet.frozenColumns).toBe(3);
  });

  test('rows grouped by 戦略 and 施策; a sub-KPI reads うち, indented', () => {
    expect(sheet.rows.map((r) => (r.kind === 'kpi' ? r.code : r.text))).toEqual([
      '共通戦略3　成果を創出し続ける組織・運営体制の構築',
      '施策5　多様化する会員ニーズに応えるためのサポート体制の強化',
      '5-1',
      '5-2',
      '5-2-1',
      '5-2-2',
      '施策6　持続的な商工会運営に向けた財政・組織基盤の強化',
      '6-1',
    ]);
    const sub = sheet.rows[4];
    expect(sub?.kind === 'kpi' && sub.cells[1]).toMatchObject({ value: 'うち 専門家派遣', indent: 1 });
    const named = sheet.rows[5];
    expect(named?.kind === 'kpi' && named.cells[1]?.value).toBe('うち巡回');
    const noBaseline = sheet.rows[4];
    expect(noBaseline?.kind === 'kpi' && noBaseline.cells[3]?.shown).toBe('設定なし');
    const otherBaseline = sheet.rows[7];
    expect(otherBaseline?.kind === 'kpi' && otherBaseline.cells[3]).toMatchObject({ shown: '31.0%', note: '基準値は令和2年度の値です' });
  });

  test('column widths fit what they show; each kind of year column has one width', () => {
    const width = (header: string) => sheet.columns.filter((c) => c.header === header).map((c) => c.width);
    expect(new Set(width('目標値')).size).toBe(1);
    expect(width('目標値')[0]).toBe(textWidth('1,740件') + 2);
    expect(width('評価')[0]).toBe(textWidth('評価') + 2);
    // The name column: the longest name, at least 20.
    expect(sheet.columns[1]?.width).toBe(Math.max(20, textWidth('チーム支援による課題解決件数') + 2));
    const long = buildKpiSheet(input([kpi({ name: 'と'.repeat(40) }), kpi({ code: '5-2', name: 'と'.repeat(19) })]));
    expect(long.columns[1]?.width).toBe(40);
    // 80 wide in 40: three lines (a line holds 39, and a cell needs one more); 38 fits one.
    expect(long.rows.flatMap((r) => (r.kind === 'kpi' ? [r.lines] : []))).toEqual([3, 1]);
  });

  test('title, subtitle with the bands, print header and footer', () => {
    expect(sheet.title).toBe('にかほ市商工会アクションプログラム（第2期）　KPI一覧（令和4年度〜令和8年度）');
    expect(sheet.subtitle).toContain('令和8年12月3日時点');
    expect(sheet.subtitle).toContain('A 達成（100%以上）・B 概ね達成（80%以上）・C 一部達成（30%以上）・D 未達成');
    expect(sheet.printHeader).toBe('&Lにかほ市商工会アクションプログラム（第2期）&RKPI一覧');
    expect(sheet.printFooter).toBe('&L令和8年12月3日時点&C&P / &N');
    const other = buildKpiSheet(input([], { chamber: { code: 'x', name: 'A&B商工会' }, plan: { ...input([]).plan, title: '第1期計画' } }));
    expect(other.title).toBe('A&B商工会　第1期計画　KPI一覧（令和4年度〜令和8年度）');
    expect(other.printHeader).toBe('&LA&&B商工会　第1期計画&RKPI一覧');
    expect(other.rows).toEqual([]);
  });
});

test.each([
  [{ code: 'nikaho', name: 'にかほ市商工会' }, 'KPI一覧_にかほ市商工会_2026-12-03.xlsx', 'kpi-table_nikaho_2026-12-03.xlsx'],
  [{ code: 'a/b"c', name: '秋田 "県" / 商工会' }, 'KPI一覧_秋田_県_商工会_2026-12-03.xlsx', 'kpi-table_a_b_c_2026-12-03.xlsx'],
])('file name of %j', (chamber, name, ascii) => {
  expect(kpiTableFileName(chamber, TODAY)).toEqual({ name, ascii });
});
