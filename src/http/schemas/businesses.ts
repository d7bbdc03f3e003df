/** Request and response schemas of the 事業者 endpoints: the list (also the pickers' search), one business, its writes. */
import { z } from 'zod';
import { businessInputSchema } from '../../domain/records/business.js';
import { chamberParams } from './plan.js';

export const businessListQuery = z.object({
  q: z
    .string()
    .max(100)
    .default('')
    .describe('事業者名・フリガナ・事業者コードの一部（ひらがな・カタカナ・半角カナ・空白の有無を問わない）'),
  member: z.enum(['all', 'member', 'nonMember']).default('all').describe('all: すべて、member: 今日の会員、nonMember: 非会員'),
  industry: z.string().max(50).optional().describe('業種（そのとおりの名前）'),
  district: z.string().max(50).optional().describe('地区（そのとおりの名前）'),
  order: z
    .enum(['match', 'kana', 'code', 'memberSince'])
    .default('match')
    .describe('match: 入力で始まるものを先に、そのあとフリガナ順; kana: フリガナ順; code: 事業者コード順; memberSince: 入会日の新しい順'),
  limit: z.coerce.number().int().min(1).max(500).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export const businessSummarySchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kana: z.string().nullable(),
  industry: z.string().nullable(),
  district: z.string().nullable(),
  member: z.boolean().describe('今日、会員であるか'),
  memberSince: z.string().nullable().describe('今日を含む会員期間の入会日（非会員は null）'),
  leftOn: z.string().nullable().describe('非会員のとき、最後の退会日（退会したことがなければ null）'),
});
export const businessListSchema = z.object({
  total: z.number().int().describe('条件に合う事業者の数（limit・offset によらない）'),
  businesses: z.array(businessSummarySchema),
});

const facetSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const businessFacetsSchema = z.object({ industries: facetSchema, districts: facetSchema });

export const membershipSchema = z.object({ joinedOn: z.string(), leftOn: z.string().nullable() });
export const businessDetailSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kana: z.string().nullable(),
  industry: z.string().nullable(),
  district: z.string().nullable(),
  employees: z.number().int().nullable(),
  foundedOn: z.string().nullable(),
  memberships: z.array(membershipSchema).describe('会員期間（入会日の順）。入会日 ≤ 日 < 退会日'),
  member: z.boolean().describe('今日、会員であるか'),
  references: z
    .object({ supportRecords: z.number().int(), events: z.number().int(), mutualAid: z.number().int() })
    .describe('この事業者を参照している記録の数（支援記録、参加したイベント、共済）。どれかがあると削除できない'),
});

export const businessBody = businessInputSchema.extend({
  confirmed: z.boolean().default(false).describe('締め済みの年度の実績値（組織率など）が変わることを確認した'),
});
export const businessParams = chamberParams.extend({ id: z.coerce.number().int().positive() });

export type BusinessSummary = z.infer<typeof businessSummarySchema>;
export type BusinessListBody = z.infer<typeof businessListSchema>;
export type BusinessFacetsBody = z.infer<typeof businessFacetsSchema>;
export type BusinessDetailBody = z.infer<typeof businessDetailSchema>;
