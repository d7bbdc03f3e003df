/**
 * One business (事業者) as staff enter it on the screen, with its membership history (会員期間),
 * and the checks the server makes before saving it. The form validates with the same schema
 * and checks before it sends; the server adds what only it knows (a 事業者コード already in
 * use).
 *
 * Text is normalised as the importer does (src/domain/import/normalize.ts): the name with
 * normalizeText, the code with normalizeCode, フリガナ stored in 全角カタカナ (toKatakana), so
 * that a business typed on the screen and one imported from a CSV file compare alike.
 *
 * A membership period is 入会日 ≤ day < 退会日 (src/domain/kpi/measure-in-memory.ts): a member
 * who leaves on 4月1日 is not counted on 4月1日, and one who leaves on 4月1日 and joins again
 * on 4月1日 has two periods that touch but do not overlap.
 *
 * No library but zod: the web UI imports this module (normalize.ts is plain string code).
 */
import { z } from 'zod';
import { formatJapaneseDate, type IsoDate, isIsoDate } from '../fiscal-calendar.js';
import { KANA_ALLOWED, normalizeCode, normalizeText, toKatakana } from '../import/normalize.js';

/** Japanese names of the fields, for messages and for the form's labels. */
export const BUSINESS_FIELDS = {
  code: '事業者コード',
  name: '事業者名',
  kana: 'フリガナ',
  industry: '業種',
  district: '地区',
  employees: '従業員数',
  foundedOn: '創業日',
  memberships: '会員期間',
} as const;
export type BusinessField = keyof typeof BUSINESS_FIELDS;
/** A field of the business, or of one of its periods: `memberships.2.leftOn` (index as sent). */
export type BusinessProblemField = BusinessField | `memberships.${number}.${'joinedOn' | 'leftOn'}`;

/** The most periods one business may have (a business that joined and left 50 times is a typing slip). */
export const MAX_MEMBERSHIPS = 50;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .max(max, { error: `${label}は${max}文字以内で入力してください` })
    .nullable()
    .transform((v) => (v === null ? null : normalizeText(v) || null));

const date = (message: string) => z.string().refine(isIsoDate, { error: message });

export const membershipInputSchema = z.object({
  joinedOn: date('入会日を入力してください（例: 2010/4/1、R6.4.1）'),
  /** null: still a member. */
  leftOn: date('退会日は日付で入力してください（例: 2024/3/31）').nullable(),
});
export type MembershipInput = z.output<typeof membershipInputSchema>;

export const businessInputSchema = z.object({
  code: z
    .string()
    .max(50, { error: '事業者コードは50文字以内で入力してください' })
    .transform(normalizeCode)
    .refine((v) => v !== '', { error: '事業者コードを入力してください' }),
  name: z
    .string()
    .max(200, { error: '事業者名は200文字以内で入力してください' })
    .transform((v) => normalizeText(v))
    .refine((v) => v !== '', { error: '事業者名を入力してください' }),
  kana: z
    .string()
    .max(200, { error: 'フリガナは200文字以内で入力してください' })
    .nullable()
    .transform((v) => (v === null ? null : toKatakana(v) || null))
    .superRefine((v, ctx) => {
      if (v === null || KANA_ALLOWED.test(v)) return;
      const bad = [...new Set([...v].filter((c) => !KANA_ALLOWED.test(c)))];
      ctx.addIssue({
        code: 'custom',
        message: `フリガナに使えない文字（${bad.join(' ')}）があります。カタカナかひらがなで入力してください`,
      });
    }),
  industry: optionalText(50, '業種'),
  district: optionalText(50, '地区'),
  employees: z
    .number({ error: '従業員数は数で入力してください' })
    .int({ error: '従業員数は整数で入力してください' })
    .min(0, { error: '従業員数は0以上です' })
    .max(2_147_483_647, { error: '従業員数が大きすぎます' })
    .nullable(),
  foundedOn: date('創業日は日付で入力してください（例: 1975/4/1、S50.4.1）').nullable(),
  /** The whole history: a save replaces the periods the business had. */
  memberships: z.array(membershipInputSchema).max(MAX_MEMBERSHIPS, { error: `会員期間は${MAX_MEMBERSHIPS}件までです` }),
});
export type BusinessInput = z.output<typeof businessInputSchema>;

export interface BusinessProblem {
  field: BusinessProblemField;
  message: string;
}

export interface MembershipPeriod {
  joinedOn: IsoDate;
  leftOn: IsoDate | null;
}

/** 入会日 ≤ day < 退会日. */
export function isMemberOn(periods: readonly MembershipPeriod[], day: IsoDate): boolean {
  return periods.some((p) => p.joinedOn <= day && (p.leftOn === null || day < p.leftOn));
}

/** The period that holds `day`, if any. */
export function membershipOn<P extends MembershipPeriod>(periods: readonly P[], day: IsoDate): P | undefined {
  return periods.find((p) => p.joinedOn <= day && (p.leftOn === null || day < p.leftOn));
}

/** 令和6年4月1日; a day before 明治 (a 創業日 of an old house) as written. */
function shown(day: IsoDate): string {
  return day >= '1868-01-25' ? formatJapaneseDate(day) : day;
}

/** 2010年4月1日〜 or 2010年4月1日〜2021年3月31日 (the 退会日). */
export function describePeriod(p: MembershipPeriod): string {
  return `${shown(p.joinedOn)}〜${p.leftOn === null ? '' : `${shown(p.leftOn)}（退会）`}`;
}

/**
 * What the schema cannot know: no date after today (a period that has not begun would not be
 * counted, and a 退会日 entered ahead would count a member as gone before leaving), 退会日 after
 * 入会日, and no two periods overlapping: one business counts once on an as-of day, so an
 * overlap is a typing slip. The overlap is reported on the later period's 入会日, naming the
 * period it overlaps.
 */
export function checkBusiness(input: BusinessInput, { today }: { today: IsoDate }): BusinessProblem[] {
  const problems: BusinessProblem[] = [];
  const notAfterToday = (field: BusinessProblemField, day: IsoDate | null, label: string) => {
    if (day !== null && day > today) problems.push({ field, message: `${label}に今日より後の日付は入力できません` });
  };
  notAfterToday('foundedOn', input.foundedOn, '創業日');
  const valid: { index: number; period: MembershipPeriod }[] = [];
  input.memberships.forEach((p, index) => {
    const before = problems.length;
    notAfterToday(`memberships.${index}.joinedOn`, p.joinedOn, '入会日');
    notAfterToday(`memberships.${index}.leftOn`, p.leftOn, '退会日');
    if (p.leftOn !== null && p.leftOn <= p.joinedOn) {
      problems.push({
        field: `memberships.${index}.leftOn`,
        message: '退会日は入会日より後の日付にしてください（退会日の当日から会員に数えません）',
      });
    }
    if (problems.length === before) valid.push({ index, period: p });
  });
  // In order of 入会日, each period against the earlier one that lasts longest.
  valid.sort((a, b) => (a.period.joinedOn < b.period.joinedOn ? -1 : a.period.joinedOn > b.period.joinedOn ? 1 : a.index - b.index));
  let longest: { index: number; period: MembershipPeriod } | undefined;
  for (const current of valid) {
    if (longest && (longest.period.leftOn === null || longest.period.leftOn > current.period.joinedOn)) {
      problems.push({
        field: `memberships.${current.index}.joinedOn`,
        message: `ほかの会員期間（${describePeriod(longest.period)}）と重なっています。退会日か入会日を直してください`,
      });
      continue;
    }
    // Here every earlier period has ended (an open one would have overlapped).
    const endsLater = current.period.leftOn === null || current.period.leftOn > (longest?.period.leftOn ?? '');
    if (!longest || endsLater) longest = current;
  }
  return problems;
}

/** The periods in order of 入会日, as the detail shows and the audit trail records them. */
export function sortPeriods<P extends MembershipPeriod>(periods: readonly P[]): P[] {
  return [...periods].sort((a, b) => (a.joinedOn < b.joinedOn ? -1 : a.joinedOn > b.joinedOn ? 1 : 0));
}
