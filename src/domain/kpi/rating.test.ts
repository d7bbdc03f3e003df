import { describe, expect, test } from 'vitest';
import type { Actual } from './evaluate.js';
import {
  AKITA_RATING_BANDS,
  bandFor,
  DEFAULT_RATING_BANDS,
  type Rating,
  type RatingBandSet,
  rate,
  rateActual,
  ratingBandSetSchema,
  summarizeRatings,
} from './rating.js';

/** A rating in one short word, so the tables read as the spec does. */
const show = (r: Rating): string => (r.kind === 'rated' ? r.band.code : r.kind === 'noTarget' ? r.label : `${r.label}: ${r.reason}`);

describe('rate with the default set (A ≥ 100, B ≥ 80, C ≥ 30, D below)', () => {
  test.each<[number | null, number | null, string]>([
    [100, 50, 'A'],
    [99.9, 50, 'B'],
    [80, 50, 'B'],
    [79.99, 50, 'C'],
    [30, 50, 'C'],
    [29.9, 50, 'D'],
    [0, 50, 'D'],
    [-20, 50, 'D'],
    [250, 50, 'A'],
    [null, 50, '未集計: 実績値なし'],
    [null, null, '設定なし'],
    [80, null, '設定なし'],
  ])('rate %s %% with target %s → %s', (r, target, expected) => {
    expect(show(rate(r, target, DEFAULT_RATING_BANDS))).toBe(expected);
  });

  test('over 100 % is kept as it is', () => {
    expect(rate(250, 50, DEFAULT_RATING_BANDS)).toEqual({ kind: 'rated', band: DEFAULT_RATING_BANDS[0], rate: 250, note: null });
  });

  test('the reason for a missing actual is passed through', () => {
    expect(rate(null, 10, DEFAULT_RATING_BANDS, { reason: '令和7年度はまだ始まっていません' })).toEqual({
      kind: 'noActual',
      label: '未集計',
      reason: '令和7年度はまだ始まっていません',
    });
  });
});

describe('target 0', () => {
  test.each<[number | null, number | null | undefined, string, string | null]>([
    [null, 0, 'A', '目標値が0のため、実績値が0以上で達成とみなします'],
    [null, 3, 'A', '目標値が0のため、実績値が0以上で達成とみなします'],
    [null, -1, 'D', '目標値が0に対し実績値が負のため、未達とみなします'],
    [null, null, '未集計: 実績値なし', null],
    [null, undefined, '未集計: 目標値が0のため達成率を計算できません', null],
    [85, undefined, 'B', null],
  ])('rate %s, actual %s → %s', (r, actual, expected, note) => {
    const rating = rate(r, 0, DEFAULT_RATING_BANDS, actual === undefined ? {} : { actual });
    expect(show(rating)).toBe(expected);
    if (rating.kind === 'rated') expect(rating.note).toBe(note);
  });
});

describe('rate with the 秋田県 set (順調 ○ ≥ 100, 概ね順調 △ ≥ 80, 一部未達成 × below)', () => {
  test.each<[number, string]>([
    [120, '順調 ○'],
    [100, '順調 ○'],
    [80, '概ね順調 △'],
    [79.9, '一部未達成 ×'],
    [0, '一部未達成 ×'],
  ])('%s %% → %s', (r, expected) => {
    const rating = rate(r, 10, AKITA_RATING_BANDS);
    expect(rating.kind === 'rated' ? `${rating.band.label} ${rating.band.mark}` : rating.kind).toBe(expected);
  });
});

describe('a last band with min 0 still holds everything below', () => {
  const bands: RatingBandSet = [
    { code: 'S', min: 120, label: '大きく上回る' },
    { code: 'A', min: 100, label: '達成' },
    { code: 'B', min: 0, label: '未達成' },
  ];
  test.each<[number, string]>([
    [120, 'S'],
    [119.9, 'A'],
    [100, 'A'],
    [0, 'B'],
    [-5, 'B'],
  ])('%s %% → %s', (r, expected) => {
    expect(bandFor(r, bands).code).toBe(expected);
  });
});

describe('rateActual from the evaluator', () => {
  const derived = (value: number): Actual => ({ status: 'derived', value, provisional: false, finalOn: null, terms: [], note: null });
  test.each<[Actual, number | null, string]>([
    [derived(40), 50, 'B'],
    [derived(39), 50, 'C'],
    [derived(0), 0, 'A'],
    [{ status: 'manual', value: 60, evidence: '総会資料', enteredBy: '佐藤', enteredAt: '2025-04-10T09:00:00+09:00' }, 50, 'A'],
    [{ status: 'missing', reason: '商工業者数（令和6年度）が未入力です', terms: [] }, 50, '未集計: 商工業者数（令和6年度）が未入力です'],
    [{ status: 'missing', reason: '未入力', terms: [] }, null, '設定なし'],
  ])('%o with target %s → %s', (actual, target, expected) => {
    expect(show(rateActual(actual, target, DEFAULT_RATING_BANDS))).toBe(expected);
  });

  test('the rate is achievementRate’s, rounded to 0.1 %', () => {
    expect(rateActual(derived(2), 3, DEFAULT_RATING_BANDS)).toMatchObject({ kind: 'rated', rate: 66.7 });
  });
});

describe('ratingBandSetSchema', () => {
  test.each([
    ['the default set', DEFAULT_RATING_BANDS],
    ['the 秋田県 set', AKITA_RATING_BANDS],
    [
      'a last band of 0',
      [
        { code: 'A', min: 90, label: '達成' },
        { code: 'B', min: 0, label: '未達成' },
      ],
    ],
  ])('accepts %s', (_name, bands) => {
    expect(ratingBandSetSchema.safeParse(bands).success).toBe(true);
  });

  test.each<[string, unknown, string]>([
    ['one band', [{ code: 'A', min: 0, label: '達成' }], '評価の段階は2つ以上必要です'],
    [
      'mins not descending',
      [
        { code: 'A', min: 80, label: '達成' },
        { code: 'B', min: 100, label: '概ね達成' },
        { code: 'C', min: 0, label: '未達成' },
      ],
      '評価の段階は下限（min）の大きい順に並べてください: B（100%）が A（80%）以上です',
    ],
    [
      'two equal mins',
      [
        { code: 'A', min: 80, label: '達成' },
        { code: 'B', min: 80, label: '概ね達成' },
        { code: 'C', min: 0, label: '未達成' },
      ],
      '評価の段階は下限（min）の大きい順に並べてください: B（80%）が A（80%）以上です',
    ],
    [
      'a last band that does not hold everything below',
      [
        { code: 'A', min: 100, label: '達成' },
        { code: 'B', min: 50, label: '概ね達成' },
      ],
      '最後の段階（B）は「それ未満すべて」を表すので、下限（min）は -Infinity か 0 にしてください',
    ],
    [
      'a code twice',
      [
        { code: 'A', min: 100, label: '達成' },
        { code: 'A', min: 0, label: '未達成' },
      ],
      '評価のコード A が重複しています',
    ],
    [
      'an empty label',
      [
        { code: 'A', min: 100, label: ' ' },
        { code: 'B', min: 0, label: '未達成' },
      ],
      '空にはできません',
    ],
    [
      'a min that is not a number',
      [
        { code: 'A', min: '100', label: '達成' },
        { code: 'B', min: 0, label: '未達成' },
      ],
      '下限（min）は数値で書いてください（%）',
    ],
    [
      'an unknown key',
      [
        { code: 'A', min: 100, label: '達成', colour: 'green' },
        { code: 'B', min: 0, label: '未達成' },
      ],
      'Unrecognized key: "colour"',
    ],
  ])('refuses %s', (_name, bands, message) => {
    const result = ratingBandSetSchema.safeParse(bands);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });
});

describe('summarizeRatings', () => {
  const r = (code: string | null, rateValue: number | null, target: number | null = 10) => {
    if (code === null) return rate(null, target, DEFAULT_RATING_BANDS);
    const band = DEFAULT_RATING_BANDS.find((b) => b.code === code);
    if (!band) throw new Error(code);
    return { kind: 'rated', band, rate: rateValue, note: null } satisfies Rating;
  };
  const items = [
    { code: '1-1', rating: r('A', 120) },
    { code: '2-1', rating: r(null, null, null) },
    { code: '3-1', rating: r('C', 45) },
    { code: '4-1', rating: r('D', 10) },
    { code: '5-1', rating: r(null, null) },
    { code: '6-1', rating: r('C', 31) },
    { code: '7-1', rating: r('A', null) },
    { code: '8-1', rating: r('A', 100) },
    { code: '9-1', rating: r('D', 10) },
  ];

  test('counts every band, 設定なし and 未集計', () => {
    const { counts } = summarizeRatings(items, DEFAULT_RATING_BANDS);
    expect(counts.bands.map((b) => [b.band.code, b.count])).toEqual([
      ['A', 3],
      ['B', 0],
      ['C', 2],
      ['D', 2],
    ]);
    expect([counts.noTarget, counts.noActual, counts.total]).toEqual([1, 1, 9]);
  });

  test('those falling behind come first: lowest band, then lowest rate, then 未集計, then 設定なし', () => {
    const { behindFirst } = summarizeRatings(items, DEFAULT_RATING_BANDS);
    expect(behindFirst.map((i) => i.code)).toEqual(['4-1', '9-1', '6-1', '3-1', '8-1', '1-1', '7-1', '5-1', '2-1']);
  });

  test.each<[string, Rating[], string]>([
    ['an empty list', [], '0/0/0'],
    ['only 設定なし', [r(null, null, null), r(null, null, null)], '2/0/2'],
  ])('%s', (_name, ratings, expected) => {
    const { counts, behindFirst } = summarizeRatings(
      ratings.map((rating) => ({ rating })),
      DEFAULT_RATING_BANDS,
    );
    expect(`${counts.noTarget}/${counts.noActual}/${counts.total}`).toBe(expected);
    expect(behindFirst).toHaveLength(ratings.length);
  });

  test('a rating from another band set is refused', () => {
    expect(() => summarizeRatings([{ rating: rate(100, 10, AKITA_RATING_BANDS) }], [{ code: 'X', min: 0, label: 'x' }])).toThrow(
      '評価 A はこの評価の段階にありません',
    );
  });
});
