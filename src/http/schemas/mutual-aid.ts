/** Request and response schemas of the 共済 endpoints. */
import { z } from 'zod';
import { isIsoDate } from '../../domain/fiscal-calendar.js';
import { MUTUAL_AID_TYPES, mutualAidInputSchema } from '../../domain/records/mutual-aid.js';
import { chamberParams } from './plan.js';

export const mutualAidSchema = z.object({
  id: z.number().int(),
  businessId: z.number().int(),
  businessCode: z.string(),
  businessName: z.string(),
  type: z.string().describe('種類（貯蓄共済 / 福祉共済）'),
  joinedOn: z.string().describe('加入日'),
  leftOn: z.string().nullable().describe('解約日（この日から加入者に数えない）'),
  externalId: z.string().nullable().describe('証券番号'),
});

export const mutualAidListQuery = z.object({
  type: z.enum(MUTUAL_AID_TYPES).optional().describe('種類'),
  activeOn: z
    .string()
    .refine(isIsoDate, { error: '日付は YYYY-MM-DD で指定してください' })
    .optional()
    .describe('この日に加入中のもの（加入日 ≤ 日 ＜ 解約日）'),
  text: z.string().max(100).optional().describe('事業者名・フリガナ・事業者コード・証券番号の一部'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const mutualAidListSchema = z.object({ total: z.number().int(), rows: z.array(mutualAidSchema) });

// safeExtend: the input schema has a refinement (解約日 after 加入日), which extend() refuses to carry.
export const mutualAidBody = mutualAidInputSchema.safeExtend({
  confirmed: z.boolean().default(false).describe('締め済みの年度の実績値が変わることを確認した'),
});
export const mutualAidParams = chamberParams.extend({ id: z.coerce.number().int().positive() });

export type MutualAidBody = z.infer<typeof mutualAidSchema>;
export type MutualAidListBody = z.infer<typeof mutualAidListSchema>;
