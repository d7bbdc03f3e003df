/**
 * A target revision as an administrator enters it on the measure page: the new 目標値 (or
 * 設定なし), why, the day it was decided and by whom. One schema for the form and the server;
 * the checks that need the plan and the history (targets-in-force.ts `revisionProblems`) follow
 * on the server.
 *
 * No library but zod: the web UI imports this module.
 */
import { z } from 'zod';
import { isIsoDate } from '../fiscal-calendar.js';

/** Japanese names of the fields, for messages and the form's labels. */
export const TARGET_REVISION_FIELDS = {
  fiscalYear: '年度',
  value: '目標値',
  reason: '理由',
  decidedOn: '決定日',
  decidedBy: '決定機関',
} as const;
export type TargetRevisionField = keyof typeof TARGET_REVISION_FIELDS;

/** The bodies that decide targets in a 商工会, offered first; any other is written in. */
export const DECISION_BODIES = ['評価委員会', '理事会', '総会'] as const;

export const TARGET_REASON_MAX = 500;
export const DECIDED_BY_MAX = 50;
/** Far beyond any target a chamber sets; keeps a slip of the finger (an extra 0 … 000) out. */
export const TARGET_VALUE_MAX = 1e12;

export const targetRevisionInputSchema = z.object({
  value: z
    .number({ error: '目標値は数値で入力するか、「設定なし」を選んでください' })
    .min(-TARGET_VALUE_MAX, { error: '目標値が小さすぎます' })
    .max(TARGET_VALUE_MAX, { error: '目標値が大きすぎます' })
    .nullable()
    .describe('新しい目標値。null は設定なし'),
  reason: z
    .string()
    .trim()
    .min(1, { error: '理由を入力してください' })
    .max(TARGET_REASON_MAX, { error: `理由は${TARGET_REASON_MAX}文字以内で入力してください` })
    .describe('改訂の理由'),
  decidedOn: z
    .string()
    .refine(isIsoDate, { error: '決定日を入力してください（例: 2024/7/15、R6.7.15）' })
    .describe('決定した日（YYYY-MM-DD）'),
  decidedBy: z
    .string()
    .trim()
    .min(1, { error: '決定機関を入力してください' })
    .max(DECIDED_BY_MAX, { error: `決定機関は${DECIDED_BY_MAX}文字以内で入力してください` })
    .describe('決定した機関（評価委員会・理事会・総会 など）'),
});
export type TargetRevisionInput = z.output<typeof targetRevisionInputSchema>;
