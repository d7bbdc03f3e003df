/**
 * One 共済 subscription (貯蓄共済 / 福祉共済) of a business as staff enter it on the screen, the
 * checks before saving it, and the key that makes an imported row and a row entered or changed
 * here the same row.
 *
 * The period includes 加入日 and excludes 解約日 (加入日 ≤ day < 解約日), so 解約日 must come
 * after 加入日; neither may be after today.
 *
 * No library but zod (and the import's pure normalizeCode): the web UI imports this module.
 */
import { z } from 'zod';
import { type IsoDate, isIsoDate } from '../fiscal-calendar.js';
import { normalizeCode } from '../import/normalize.js';

export const MUTUAL_AID_TYPES = ['貯蓄共済', '福祉共済'] as const;
export type MutualAidType = (typeof MUTUAL_AID_TYPES)[number];

/** Japanese names of the fields, for messages and for the form's labels. */
export const MUTUAL_AID_FIELDS = {
  businessId: '事業者',
  type: '種類',
  joinedOn: '加入日',
  leftOn: '解約日',
  externalId: '証券番号',
} as const;
export type MutualAidField = keyof typeof MUTUAL_AID_FIELDS;

const DATE_EXAMPLE = '（例: 2024/4/1、R6.4.1）';

export const mutualAidInputSchema = z
  .object({
    businessId: z.number({ error: '事業者を選んでください' }).int().positive({ error: '事業者を選んでください' }),
    type: z.enum(MUTUAL_AID_TYPES, { error: `種類は ${MUTUAL_AID_TYPES.join('・')} から選んでください` }),
    joinedOn: z.string().refine(isIsoDate, { error: `加入日を入力してください${DATE_EXAMPLE}` }),
    leftOn: z
      .string()
      .nullable()
      .refine((v) => v === null || isIsoDate(v), { error: `解約日は日付で入力してください${DATE_EXAMPLE}` }),
    /** 証券番号: normalised as the import reads a code (全角 → 半角, dashes → `-`). */
    externalId: z
      .string()
      .max(50, { error: '証券番号は50文字以内で入力してください' })
      .nullable()
      .transform((v) => (v === null || v.trim() === '' ? null : normalizeCode(v))),
  })
  .superRefine((v, ctx) => {
    if (v.leftOn !== null && isIsoDate(v.leftOn) && isIsoDate(v.joinedOn) && v.leftOn <= v.joinedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['leftOn'],
        message: '解約日は加入日より後の日にしてください（解約日当日から加入者に数えません）',
      });
  });
export type MutualAidInput = z.output<typeof mutualAidInputSchema>;

export interface MutualAidProblem {
  field: MutualAidField;
  message: string;
}

/** What the schema cannot know: neither day may be after today. */
export function checkMutualAid(input: MutualAidInput, { today }: { today: IsoDate }): MutualAidProblem[] {
  const problems: MutualAidProblem[] = [];
  if (input.joinedOn > today)
    problems.push({ field: 'joinedOn', message: '今日より後の日付は入力できません（加入した日を入力してください）' });
  if (input.leftOn !== null && input.leftOn > today)
    problems.push({ field: 'leftOn', message: '今日より後の日付は入力できません（解約した日を入力してください）' });
  return problems;
}

/**
 * The key that identifies a subscription, the import's (src/db/queries/write-import.ts): by
 * 証券番号 when there is one, else by 事業者コード, 種類 and 加入日. A row changed on the screen
 * takes the key of its new values, so that the file exported afterwards imports onto it.
 */
export function mutualAidContentKey(s: {
  externalId?: string | null | undefined;
  businessCode: string;
  type: string;
  joinedOn: IsoDate;
}): string {
  return s.externalId !== null && s.externalId !== undefined ? `id:${s.externalId}` : `c:${s.businessCode}/${s.type}/${s.joinedOn}`;
}
