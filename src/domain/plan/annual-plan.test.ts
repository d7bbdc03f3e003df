import { describe, expect, test } from 'vitest';
import {
  type AnnualPlanInput,
  type AnnualPlanItem,
  checkAnnualPlan,
  type DraftAnnualPlanInput,
  draftAnnualPlan,
  improvementLines,
  type PreviousYearEvaluation,
  type PreviousYearStatus,
} from './annual-plan.js';
import { type Kpi, type Measure, roadmapBars } from './plan.js';

// A plan of R4–R8 (2022–2026) with one measure and two 取組:
//   取組1 row 0: セミナー R4–R5, then 新セミナー R6–R8 (a bar that ends in R5, another that goes on)
//   取組1 row 1: 調査 R4–R8 (one bar all along)
//   取組2 row 0: 勉強会 R4 only, then nothing
const kpi = (code: string, name: string, targets: Record<number, number | null>, breakdown: Kpi[] = []): Kpi => ({
  code,
  name,
  label: null,
  unit: '件',
  baseline: 0,
  baselineYear: 2021,
  targets,
  definition: null,
  definitionNote: null,
  cumulative: false,
  counting: null,
  actual: null,
  breakdown,
});
const MEASURE: Measure = {
  number: 5,
  title: 'サポート体制の強化',
  page: null,
  direction: null,
  goals: [
    {
      number: 1,
      title: '目標',
      description: null,
      kpis: [kpi('5-1', '課題解決実行件数', { 2024: 100, 2025: 110 }, [kpi('5-1-1', 'うち専門家派遣', { 2025: 10 })])],
    },
  ],
  initiatives: [
    {
      number: 1,
      title: '支援能力の強化',
      description: null,
      actions: [],
      roadmap: [
        { items: roadmapBars(['セミナー', '→', '新セミナー', '→', '→'], 2022) },
        { items: roadmapBars(['調査', '→', '→', '→', '→'], 2022) },
      ],
    },
    {
      number: 2,
      title: '事務局機能',
      description: null,
      actions: [],
      roadmap: [{ items: roadmapBars(['勉強会', null, null, null, null], 2022) }],
    },
  ],
};
const TARGETS = new Map<string, number | null>([
  ['5-1', 110],
  ['5-1-1', 10],
]);

const draft = (o: Partial<DraftAnnualPlanInput> & { fiscalYear: number }) =>
  draftAnnualPlan({
    period: { from: 2022, to: 2026 },
    measures: [MEASURE],
    roadmapStatusesOfPreviousYear: [],
    evaluationsOfPreviousYear: [],
    targets: TARGETS,
    ...o,
  })[0];
const brief = (items: readonly AnnualPlanItem[] | undefined) =>
  (items ?? []).map((i) => [i.initiative, i.source, i.text, i.carriedOver, i.sourceNote]);
const status = (initiative: number, row: number, s: PreviousYearStatus['status'], note: string | null = null): PreviousYearStatus => ({
  measure: 5,
  initiative,
  row,
  status: s,
  note,
});

describe('draftAnnualPlan: what each measure of next year is drafted from', () => {
  test.each<[string, Partial<DraftAnnualPlanInput> & { fiscalYear: number }, unknown[]]>([
    [
      'nothing recorded → only the plan entries of the year (継続 where the bar began before)',
      { fiscalYear: 2025 },
      [
        [1, 'roadmap', '新セミナー', false, '工程表 R6年度から継続'],
        [1, 'roadmap', '調査', false, '工程表 R4年度から継続'],
      ],
    ],
    [
      'a 延期 entry whose bar ends → carried over as its own item, after the 取組 entries',
      { fiscalYear: 2024, roadmapStatusesOfPreviousYear: [status(1, 0, 'postponed', '講師の都合'), status(1, 1, 'done')] },
      [
        [1, 'roadmap', '新セミナー', false, '工程表 R6年度'],
        [1, 'roadmap', '調査', false, '工程表 R4年度から継続'],
        [1, 'carriedOver', 'セミナー', false, 'R5年度 延期: 講師の都合'],
      ],
    ],
    [
      'a 未実施 entry whose bar continues → one item, marked 前年度から繰越',
      { fiscalYear: 2025, roadmapStatusesOfPreviousYear: [status(1, 1, 'notDone', '中止')] },
      [
        [1, 'roadmap', '新セミナー', false, '工程表 R6年度から継続'],
        [1, 'roadmap', '調査', true, '工程表 R4年度から継続・前年度から繰越（R6年度 未実施: 中止）'],
      ],
    ],
    [
      '実施中, 実施済 and 予定 are not carried over; nor a status of another year',
      {
        fiscalYear: 2023,
        roadmapStatusesOfPreviousYear: [status(1, 0, 'inProgress'), status(1, 1, 'done'), status(2, 0, 'planned')],
      },
      [
        [1, 'roadmap', 'セミナー', false, '工程表 R4年度から継続'],
        [1, 'roadmap', '調査', false, '工程表 R4年度から継続'],
      ],
    ],
    [
      'a 取組 with nothing planned this year still takes its carried-over entry',
      { fiscalYear: 2023, roadmapStatusesOfPreviousYear: [status(2, 0, 'notDone')] },
      [
        [1, 'roadmap', 'セミナー', false, '工程表 R4年度から継続'],
        [1, 'roadmap', '調査', false, '工程表 R4年度から継続'],
        [2, 'carriedOver', '勉強会', false, 'R4年度 未実施'],
      ],
    ],
    [
      'first year of the plan (no previous year) → plan entries only, whatever is passed',
      {
        fiscalYear: 2022,
        roadmapStatusesOfPreviousYear: [status(1, 0, 'postponed')],
        evaluationsOfPreviousYear: [{ measure: 5, state: 'submitted', improvements: '改善', kpiActions: {} }],
      },
      [
        [1, 'roadmap', 'セミナー', false, '工程表 R4年度'],
        [1, 'roadmap', '調査', false, '工程表 R4年度'],
        [2, 'roadmap', '勉強会', false, '工程表 R4年度'],
      ],
    ],
    [
      'the year after the plan: no 工程表 entries; the last year’s 延期 carried over (every bar has ended)',
      { fiscalYear: 2027, roadmapStatusesOfPreviousYear: [status(1, 1, 'postponed')] },
      [[1, 'carriedOver', '調査', false, 'R8年度 延期']],
    ],
  ])('%s', (_, input, expected) => {
    expect(brief(draft(input)?.items)).toEqual(expected);
  });

  const EVALUATION: PreviousYearEvaluation = {
    measure: 5,
    state: 'submitted',
    improvements: '・専門家派遣と組み合わせる\n\n2. 記録を徹底する',
    kpiActions: {
      '5-1': { cause: '人手不足', action: '県連の専門家派遣を活用', who: '事務局長', byWhen: 'R7年9月末' },
      '5-1-1': { cause: '', action: ' ', who: '', byWhen: '' },
    },
  };

  test('a submitted sheet’s 改善策 (one item a line) and the KPI actions with 担当 and 時期, after the 工程表', () => {
    const m = draft({ fiscalYear: 2025, evaluationsOfPreviousYear: [EVALUATION] });
    expect(m?.items.slice(2)).toEqual([
      {
        initiative: null,
        text: '専門家派遣と組み合わせる',
        source: 'improvement',
        sourceNote: 'R6年度 評価シート 改善策',
        carriedOver: false,
        owner: '',
        timing: '',
      },
      {
        initiative: null,
        text: '記録を徹底する',
        source: 'improvement',
        sourceNote: 'R6年度 評価シート 改善策',
        carriedOver: false,
        owner: '',
        timing: '',
      },
      {
        initiative: null,
        text: '県連の専門家派遣を活用',
        source: 'kpiAction',
        sourceNote: 'R6年度 評価シート KPI「課題解決実行件数」の改善策: 原因 人手不足',
        carriedOver: false,
        owner: '事務局長',
        timing: 'R7年9月末',
      },
    ]);
  });

  test('a draft sheet counts too (the plan is drafted before the year ends), and says so', () => {
    const m = draft({ fiscalYear: 2025, evaluationsOfPreviousYear: [{ ...EVALUATION, state: 'draft', kpiActions: {} }] });
    expect(m?.items.filter((i) => i.source === 'improvement').map((i) => i.sourceNote)).toEqual([
      'R6年度 評価シート（下書き） 改善策',
      'R6年度 評価シート（下書き） 改善策',
    ]);
  });

  test('a measure without an evaluation → no 改善策 items (another measure’s sheet is not taken)', () => {
    const m = draft({ fiscalYear: 2025, evaluationsOfPreviousYear: [{ ...EVALUATION, measure: 6 }] });
    expect(m?.items.map((i) => i.source)).toEqual(['roadmap', 'roadmap']);
  });

  test('the KPIs with the target in force for the year; none beyond the plan', () => {
    expect(draft({ fiscalYear: 2025 })?.kpis).toEqual([
      { code: '5-1', name: '課題解決実行件数', unit: '件', parentCode: null, target: 110 },
      { code: '5-1-1', name: 'うち専門家派遣', unit: '件', parentCode: '5-1', target: 10 },
    ]);
    expect(draft({ fiscalYear: 2027 })?.kpis.map((k) => k.target)).toEqual([null, null]);
  });
});

describe('improvementLines', () => {
  test.each([
    ['一つ目\n二つ目', ['一つ目', '二つ目']],
    ['・点A\r\n● 点B\n- 点C', ['点A', '点B', '点C']],
    ['①まず\n（２）次に\n3. 最後に\n10）十番目', ['まず', '次に', '最後に', '十番目']],
    ['  \n\n', []],
    ['2025年度に実施', ['2025年度に実施']],
  ])('%j → %j', (text, lines) => {
    expect(improvementLines(text)).toEqual(lines);
  });
});

describe('checkAnnualPlan', () => {
  const measures = [{ number: 5, initiatives: [{ number: 1 }, { number: 2 }] }];
  const it = (o: Partial<AnnualPlanItem> = {}): AnnualPlanItem => ({
    initiative: 1,
    text: 'セミナー',
    source: 'added',
    sourceNote: '',
    carriedOver: false,
    owner: '',
    timing: '',
    ...o,
  });
  test.each<[string, AnnualPlanInput, [string, string][]]>([
    ['a good plan', { preface: '前文', measures: [{ number: 5, items: [it(), it({ initiative: null })] }] }, []],
    [
      'an empty 内容, a 取組 the measure lacks, a long 担当',
      { preface: '', measures: [{ number: 5, items: [it(), it({ text: '  ' }), it({ initiative: 9, owner: 'あ'.repeat(101) })] }] },
      [
        ['measures.5.items.1.text', '内容を入力してください（要らない項目は削除してください）'],
        ['measures.5.items.2.owner', '担当は100文字以内で入力してください'],
        ['measures.5.items.2.initiative', '施策5に取組9はありません'],
      ],
    ],
    [
      'a measure the plan lacks, a measure twice',
      {
        preface: '',
        measures: [
          { number: 7, items: [] },
          { number: 5, items: [] },
          { number: 5, items: [] },
        ],
      },
      [
        ['measures.7', '施策7は計画にありません'],
        ['measures.5', '施策5が2回あります'],
      ],
    ],
  ])('%s', (_, input, problems) => {
    expect(checkAnnualPlan(input, measures).map((p) => [p.field, p.message])).toEqual(problems);
  });
});
