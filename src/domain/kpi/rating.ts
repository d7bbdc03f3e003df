/**
 * 評価 (rating): a KPI's 達成率 placed in one of a chamber's configurable bands.
 *
 * A band set lists bands from the best down; a band holds every rate ≥ its `min` (percent,
 * inclusive) that no band above it holds. The last band holds everything below the one before
 * it, whatever its `min` (-Infinity or 0: `0` exists because JSON cannot write -Infinity),
 * so negative rates land there too.
 *
 * Edge cases:
 * - no target (null) is 設定なし: never 0 %, never a crash;
 * - no actual (null rate) is 未集計, with the reason;
 * - target 0: a rate cannot be computed. With the actual passed in, actual ≥ 0 counts as met
 *   (the top band, like `achievementRate`'s 「目標値が0（達成）」) and actual < 0 as not met
 *   (the bottom band); both carry `rate: null` and a note saying why. Without the actual,
 *   a rate given by the caller is used, or else there is no rating (the reason says so);
 * - over 100 % is kept as it is (no capping) and gets the top band;
 * - boundaries are exact: with the default set 80.0 is B and 79.99 is C. The rate is compared
 *   as given; `achievementRate` has already rounded it to 0.1 %.
 */
import { z } from 'zod';
import { type Actual, achievementRate } from './evaluate.js';

export interface RatingBand {
  code: string;
  /** Inclusive lower bound in percent; ignored for the last band (everything below). */
  min: number;
  label: string;
  /** ○ △ × where a prefecture's form uses marks. */
  mark?: string;
}

/** Best band first. Validate a chamber's own set with `ratingBandSetSchema`. */
export type RatingBandSet = readonly RatingBand[];

/** 商工会の評価報告書の形: A ≥ 100 %, B ≥ 80 %, C ≥ 30 %, D below. */
export const DEFAULT_RATING_BANDS: RatingBandSet = [
  { code: 'A', min: 100, label: '達成' },
  { code: 'B', min: 80, label: '概ね達成' },
  { code: 'C', min: 30, label: '一部達成' },
  { code: 'D', min: Number.NEGATIVE_INFINITY, label: '未達成' },
];

/**
 * 秋田県の評価シート（様式2）: 順調 ○ / 概ね順調 △ / 一部未達成 ×. The form names the grades
 * without thresholds; ours follow the default set (順調 ≥ 100 %, 概ね順調 ≥ 80 %, 一部未達成
 * below), so the same 達成率 reads the same in both. A chamber that judges otherwise
 * changes the mins in its settings.
 */
export const AKITA_RATING_BANDS: RatingBandSet = [
  { code: 'A', min: 100, label: '順調', mark: '○' },
  { code: 'B', min: 80, label: '概ね順調', mark: '△' },
  { code: 'C', min: Number.NEGATIVE_INFINITY, label: '一部未達成', mark: '×' },
];

const text = z.string().trim().min(1, { error: '空にはできません' });

const bandSchema = z.strictObject({
  code: text,
  min: z.union([z.number(), z.literal(Number.NEGATIVE_INFINITY)], { error: '下限（min）は数値で書いてください（%）' }),
  label: text,
  mark: text.optional(),
});

/**
 * A chamber's band set: at least two bands, codes unique, mins strictly descending, and the
 * last band's min -Infinity or 0 (everything below the band before it).
 */
export const ratingBandSetSchema = z
  .array(bandSchema, { error: '評価の段階は配列で書いてください' })
  .min(2, { error: '評価の段階は2つ以上必要です' })
  .superRefine((bands, ctx) => {
    const seen = new Set<string>();
    bands.forEach((band, i) => {
      if (seen.has(band.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `評価のコード ${band.code} が重複しています` });
      seen.add(band.code);
      const above = bands[i - 1];
      if (above && !(band.min < above.min)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'min'],
          message: `評価の段階は下限（min）の大きい順に並べてください: ${band.code}（${band.min}%）が ${above.code}（${above.min}%）以上です`,
        });
      }
    });
    const last = bands.at(-1);
    if (last && last.min !== Number.NEGATIVE_INFINITY && last.min !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: [bands.length - 1, 'min'],
        message: `最後の段階（${last.code}）は「それ未満すべて」を表すので、下限（min）は -Infinity か 0 にしてください`,
      });
    }
  });

export const NO_TARGET_LABEL = '設定なし';
export const NO_ACTUAL_LABEL = '未集計';

export type Rating =
  /** `rate` is null only for a target of 0 (see `note`). */
  | { kind: 'rated'; band: RatingBand; rate: number | null; note: string | null }
  | { kind: 'noTarget'; label: typeof NO_TARGET_LABEL }
  | { kind: 'noActual'; label: typeof NO_ACTUAL_LABEL; reason: string };

export interface RateOptions {
  /** The actual itself: needed to judge a target of 0, where there is no rate. */
  actual?: number | null;
  /** Why there is no actual, shown for 未集計 (e.g. 「令和7年度はまだ始まっていません」). */
  reason?: string;
}

/** The band a rate falls in: the first whose min it reaches, else the last. */
export function bandFor(rate: number, bands: RatingBandSet): RatingBand {
  if (Number.isNaN(rate)) throw new RangeError('達成率が数値ではありません（NaN）');
  const last = bands.at(-1);
  if (!last) throw new RangeError('評価の段階がありません');
  return bands.find((b) => b !== last && rate >= b.min) ?? last;
}

/** 評価 of one KPI for one year, from its 達成率 (percent) and target. */
export function rate(achievementRate: number | null, target: number | null, bands: RatingBandSet, options: RateOptions = {}): Rating {
  if (target === null) return { kind: 'noTarget', label: NO_TARGET_LABEL };
  const top = bands[0];
  const bottom = bands.at(-1);
  if (!top || !bottom) throw new RangeError('評価の段階がありません');
  if (target === 0 && options.actual !== undefined) {
    const { actual } = options;
    if (actual === null) return noActual(options.reason);
    return actual >= 0
      ? { kind: 'rated', band: top, rate: null, note: '目標値が0のため、実績値が0以上で達成とみなします' }
      : { kind: 'rated', band: bottom, rate: null, note: '目標値が0に対し実績値が負のため、未達とみなします' };
  }
  if (achievementRate === null) {
    if (target === 0) return noActual(options.reason ?? '目標値が0のため達成率を計算できません');
    return noActual(options.reason);
  }
  return { kind: 'rated', band: bandFor(achievementRate, bands), rate: achievementRate, note: null };
}

function noActual(reason: string | undefined): Rating {
  return { kind: 'noActual', label: NO_ACTUAL_LABEL, reason: reason ?? '実績値なし' };
}

/** 評価 straight from the evaluator's `Actual` (missing → 未集計 with its reason). */
export function rateActual(actual: Actual, target: number | null, bands: RatingBandSet): Rating {
  if (actual.status === 'missing') return rate(null, target, bands, { actual: null, reason: actual.reason });
  return rate(achievementRate(actual.value, target).rate, target, bands, { actual: actual.value });
}

export interface RatingCounts {
  /** Every band of the set, best first, with how many KPIs it holds (0 included). */
  bands: { band: RatingBand; count: number }[];
  /** 設定なし */
  noTarget: number;
  /** 未集計 */
  noActual: number;
  total: number;
}

export interface RatingSummary<T> {
  counts: RatingCounts;
  /**
   * All items, those falling behind first: rated ones from the lowest band up, within a band
   * the lowest rate first (a target-0 item, with no rate, after the others); then 未集計,
   * then 設定なし. Ties keep the input order.
   */
  behindFirst: T[];
}

/**
 * Counts per band and the 遅れ順 of a list of rated KPIs (any shape carrying a `rating`).
 * A rating whose band is not in `bands` is an error (rated with another set).
 */
export function summarizeRatings<T extends { rating: Rating }>(items: readonly T[], bands: RatingBandSet): RatingSummary<T> {
  const index = new Map(bands.map((b, i) => [b.code, i]));
  const bandIndex = (band: RatingBand): number => {
    const i = index.get(band.code);
    if (i === undefined) throw new RangeError(`評価 ${band.code} はこの評価の段階にありません`);
    return i;
  };
  const counts: RatingCounts = { bands: bands.map((band) => ({ band, count: 0 })), noTarget: 0, noActual: 0, total: items.length };
  for (const { rating } of items) {
    if (rating.kind === 'noTarget') counts.noTarget++;
    else if (rating.kind === 'noActual') counts.noActual++;
    else {
      const entry = counts.bands[bandIndex(rating.band)];
      if (entry) entry.count++;
    }
  }
  // Sort keys: group (0 rated, 1 未集計, 2 設定なし), then band from the bottom, then rate.
  const key = ({ rating }: T): [number, number, number] => {
    if (rating.kind === 'noTarget') return [2, 0, 0];
    if (rating.kind === 'noActual') return [1, 0, 0];
    return [0, -bandIndex(rating.band), rating.rate ?? Number.POSITIVE_INFINITY];
  };
  const keyed = items.map((item, i) => ({ item, i, k: key(item) }));
  keyed.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || compareNumbers(a.k[2], b.k[2]) || a.i - b.i);
  return { counts, behindFirst: keyed.map((e) => e.item) };
}

/** Infinity − Infinity is NaN, so compare instead of subtracting. */
function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
