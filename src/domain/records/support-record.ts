/**
 * One support record as staff enter it on the screen (支援記録の入力), and the checks the
 * server makes before saving it. The form validates with the same schema before it sends, so
 * the server's checks beyond the schema (the chamber's 種別 and 区分, a date not after today)
 * are the only ones a user normally meets from the server.
 *
 * No library but zod (and the plain string helpers of import/normalize): the web UI imports this module.
 */
import { z } from 'zod';
import { type IsoDate, isIsoDate } from '../fiscal-calendar.js';
import { toKatakana } from '../import/normalize.js';

/** Japanese names of the fields, for messages and for the form's labels. */
export const SUPPORT_RECORD_FIELDS = {
  date: '日付',
  businessId: '事業者',
  kind: '種別',
  subKind: '区分',
  quantity: '件数',
  amount: '金額（千円）',
  staff: '担当者',
  note: '備考',
} as const;
export type SupportRecordField = keyof typeof SUPPORT_RECORD_FIELDS;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .max(max, { error: `${label}は${max}文字以内で入力してください` })
    .nullable()
    .transform((v) => (v === null || v.trim() === '' ? null : v.trim()));

export const supportRecordInputSchema = z.object({
  date: z.string().refine(isIsoDate, { error: '日付を入力してください（例: 2024/4/1、R6.4.1）' }),
  /** null: a record of the chamber itself (施策提案 and the like). */
  businessId: z.number().int().positive().nullable(),
  kind: z.string().trim().min(1, { error: '種別を選んでください' }),
  subKind: optionalText(50, '区分'),
  quantity: z
    .number({ error: '件数は数で入力してください' })
    .int({ error: '件数は整数で入力してください' })
    .min(1, { error: '件数は1以上です' })
    .max(9999, { error: '件数は9999以下です' }),
  amount: z.number({ error: '金額は数で入力してください' }).finite().min(-1e12).max(1e12).nullable(),
  staff: optionalText(50, '担当者'),
  note: optionalText(2000, '備考'),
});
export type SupportRecordInput = z.output<typeof supportRecordInputSchema>;

export interface SupportRecordProblem {
  field: SupportRecordField;
  message: string;
}

export interface SupportRecordContext {
  today: IsoDate;
  /** The chamber's 種別 with their 区分. */
  recordKinds: readonly { kind: string; subKinds: readonly string[] }[];
}

/**
 * What the schema cannot know: 種別 and 区分 must be the chamber's; a 種別 that has 区分 needs
 * one; a date after today would count toward this year's KPIs before it happened.
 */
export function checkSupportRecord(input: SupportRecordInput, { today, recordKinds }: SupportRecordContext): SupportRecordProblem[] {
  const problems: SupportRecordProblem[] = [];
  if (input.date > today) problems.push({ field: 'date', message: '今日より後の日付は入力できません（実施した日を入力してください）' });
  const kind = recordKinds.find((k) => k.kind === input.kind);
  if (!kind) {
    problems.push({ field: 'kind', message: `種別「${input.kind}」は種別一覧にありません` });
  } else if (input.subKind !== null && !kind.subKinds.includes(input.subKind)) {
    problems.push({
      field: 'subKind',
      message:
        kind.subKinds.length === 0
          ? `種別「${kind.kind}」には区分がありません`
          : `区分「${input.subKind}」は種別「${kind.kind}」の区分にありません（${kind.subKinds.join('、')}）`,
    });
  } else if (input.subKind === null && kind.subKinds.length > 0) {
    problems.push({ field: 'subKind', message: `種別「${kind.kind}」は区分を選んでください（${kind.subKinds.join('、')}）` });
  }
  return problems;
}

/**
 * The form of a name or フリガナ that searches compare: 全角英数 → 半角, 半角カナ and ひらがな →
 * 全角カタカナ, no spaces (半角・全角), lower case. `ﾀｶﾊｼ ｾｲｻｸ`, `たかはし　せいさく` and
 * `タカハシセイサク` are the same search.
 */
export function searchKey(text: string): string {
  return toKatakana(text.normalize('NFKC')).replace(/\s+/g, '').toLowerCase();
}
