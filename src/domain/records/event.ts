/**
 * One event (イベント: 商談会, セミナー, コミュニティビジネスの催し …) as staff enter it on the
 * screen, with the businesses that took part, and the checks the server makes before saving it.
 * The form validates with the same schema before it sends.
 *
 * A participant is listed once: the schema refuses the same business twice, naming it by its
 * place in the list. 区分 is free text (the KPIs pick events by it: `visitors: { categories }`).
 *
 * No library but zod: the web UI imports this module.
 */
import { z } from 'zod';
import { type IsoDate, isIsoDate } from '../fiscal-calendar.js';

/** Japanese names of the fields, for messages and for the form's labels. */
export const EVENT_FIELDS = {
  name: '名称',
  date: '日付',
  category: '区分',
  visitors: '来場者数',
  participantIds: '参加事業者',
} as const;
export type EventField = keyof typeof EVENT_FIELDS;

export const EVENT_NAME_MAX = 200;
export const EVENT_CATEGORY_MAX = 50;
export const EVENT_PARTICIPANTS_MAX = 2000;

export const eventInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: '名称を入力してください' })
    .max(EVENT_NAME_MAX, { error: `名称は${EVENT_NAME_MAX}文字以内で入力してください` }),
  date: z.string().refine(isIsoDate, { error: '日付を入力してください（例: 2024/4/1、R6.4.1）' }),
  category: z
    .string()
    .max(EVENT_CATEGORY_MAX, { error: `区分は${EVENT_CATEGORY_MAX}文字以内で入力してください` })
    .nullable()
    .transform((v) => (v === null || v.trim() === '' ? null : v.trim())),
  visitors: z
    .number({ error: '来場者数は数で入力してください' })
    .int({ error: '来場者数は整数で入力してください' })
    .min(0, { error: '来場者数は0以上です' })
    .max(10_000_000, { error: '来場者数は10,000,000以下です' }),
  participantIds: z
    .array(z.number().int().positive())
    .max(EVENT_PARTICIPANTS_MAX, { error: `参加事業者は${EVENT_PARTICIPANTS_MAX}件までです` })
    .superRefine((ids, ctx) => {
      const seen = new Set<number>();
      for (const id of ids) {
        if (seen.has(id)) {
          ctx.addIssue({ code: 'custom', message: '同じ事業者が2回入っています。1つにしてください' });
          return;
        }
        seen.add(id);
      }
    }),
});
export type EventInput = z.output<typeof eventInputSchema>;

export interface EventProblem {
  field: EventField;
  message: string;
}

/** What the schema cannot know: a date after today would count toward this year's KPIs before it happened. */
export function checkEvent(input: EventInput, { today }: { today: IsoDate }): EventProblem[] {
  const problems: EventProblem[] = [];
  if (input.date > today) problems.push({ field: 'date', message: '今日より後の日付は入力できません（開催した日を入力してください）' });
  return problems;
}
