/**
 * How a KPI's actual is derived from records: the `actual:` of a KPI in the plan file.
 * A definition is an expression over measurements of the records:
 *
 *   count:       support records of some kinds (件数 summed), or with `distinct: true` the
 *                businesses that have one (実数); filtered by 区分, 業種, and `until` (an
 *                as-of day inside the fiscal year, e.g. 01-末)
 *   sum:         the amounts (千円) of support records
 *   visitors:    来場者数 of events, by 区分
 *   members:     会員数 on an as-of day of the fiscal year (04-01)
 *   subscribers: 共済 subscriptions of some types active on an as-of day (01-末)
 *   statistic:   an official figure entered per fiscal year (商工業者数)
 *   finance:     a finance item per fiscal year (会費, 手数料, 経常収入)
 *   add / ratio: sums and ratios of these (`percent: true` multiplies by 100)
 *
 * Flows (count, sum, visitors) cover the fiscal year, or for a 累計 KPI everything from the
 * plan's first fiscal year (a distinct count then counts each business once over the whole
 * window). Stocks (members, subscribers) and per-year figures (statistic, finance) are
 * always those of the fiscal year itself.
 */
import { z } from 'zod';

const text = z.string().trim().min(1, { error: '空にはできません' });
const oneOrMany = z.union([text, z.array(text).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
/** MM-DD or MM-末 inside a fiscal year. */
export const monthDaySchema = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]|末)$/.test(v), {
    error: '基準日は MM-DD か MM-末 で書いてください（例: 04-01, 01-末）',
  });

const recordFilter = {
  kind: oneOrMany,
  subKinds: z.array(text).min(1).optional(),
  industries: z.array(text).min(1).optional(),
  until: monthDaySchema.optional(),
};

export type Expr =
  | {
      count: {
        kind: string[];
        subKinds?: string[] | undefined;
        industries?: string[] | undefined;
        until?: string | undefined;
        distinct: boolean;
      };
    }
  | { sum: { kind: string[]; subKinds?: string[] | undefined; industries?: string[] | undefined; until?: string | undefined } }
  | { visitors: { categories?: string[] | undefined; until?: string | undefined } }
  | { members: { asOf: string } }
  | { subscribers: { types: string[]; asOf: string } }
  | { statistic: string }
  | { finance: string }
  | { add: Expr[] }
  | { ratio: { numerator: Expr; denominator: Expr; percent: boolean } };

export const exprSchema: z.ZodType<Expr, unknown> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ count: z.strictObject({ ...recordFilter, distinct: z.boolean().default(false) }) }),
      z.strictObject({ sum: z.strictObject(recordFilter) }),
      z.strictObject({ visitors: z.strictObject({ categories: z.array(text).min(1).optional(), until: monthDaySchema.optional() }) }),
      z.strictObject({ members: z.strictObject({ asOf: monthDaySchema }) }),
      z.strictObject({ subscribers: z.strictObject({ types: z.array(text).min(1), asOf: monthDaySchema }) }),
      z.strictObject({ statistic: text }),
      z.strictObject({ finance: text }),
      z.strictObject({ add: z.array(exprSchema).min(2, { error: 'add には2つ以上の式が要ります' }) }),
      z.strictObject({ ratio: z.strictObject({ numerator: exprSchema, denominator: exprSchema, percent: z.boolean().default(false) }) }),
    ],
    { error: '算出方法（actual）は count, sum, visitors, members, subscribers, statistic, finance, add, ratio のいずれかです' },
  ),
);

/** Flows add up over a window; only they can be 累計. */
export function isFlow(expr: Expr): boolean {
  if ('count' in expr || 'sum' in expr || 'visitors' in expr) return true;
  if ('add' in expr) return expr.add.every(isFlow);
  return false;
}

/** The 区分 whose events' 来場者数 an expression counts, in order, once each (none: every 区分, or no visitors). */
export function visitorCategories(expr: Expr): string[] {
  if ('visitors' in expr) return expr.visitors.categories ?? [];
  const parts = 'add' in expr ? expr.add : 'ratio' in expr ? [expr.ratio.numerator, expr.ratio.denominator] : [];
  return [...new Set(parts.flatMap(visitorCategories))];
}
