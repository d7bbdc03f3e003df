/** Request and response schemas of the record-entry endpoints (支援記録, 種別); 事業者 in businesses.ts. */
import { z } from 'zod';
import { supportRecordInputSchema } from '../../domain/records/support-record.js';
import { fiscalYearParam } from './kpi.js';
import { chamberParams } from './plan.js';

export const recordKindsSchema = z.object({
  kinds: z.array(z.object({ kind: z.string(), subKinds: z.array(z.string()), amountMeans: z.string().optional() })),
});

export const supportRecordSchema = z.object({
  id: z.number().int(),
  externalId: z.string().nullable().describe('記録ID（画面で入力した記録は W- で始まる）'),
  date: z.string(),
  fiscalYear: z.number().int(),
  businessId: z.number().int().nullable(),
  businessCode: z.string().nullable(),
  businessName: z.string().nullable(),
  businessIndustry: z.string().nullable(),
  kind: z.string(),
  subKind: z.string().nullable(),
  quantity: z.number().int(),
  amount: z.number().nullable(),
  staff: z.string().nullable(),
  note: z.string().nullable(),
});

export const supportRecordListQuery = z.object({
  fiscalYear: fiscalYearParam.describe('年度（2024, R6, 令和6年度）'),
  kind: z.string().max(50).optional().describe('種別'),
  businessId: z.coerce.number().int().positive().optional(),
  text: z.string().max(100).optional().describe('事業者名・フリガナ・コード・備考・担当者の一部'),
  order: z.enum(['date', 'entered']).default('date').describe('date: 日付の新しい順、entered: 入力の新しい順'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const supportRecordListSchema = z.object({ total: z.number().int(), rows: z.array(supportRecordSchema) });

export const supportRecordBody = supportRecordInputSchema.extend({
  confirmed: z.boolean().default(false).describe('締め済みの年度の実績値が変わることを確認した'),
});
export const supportRecordParams = chamberParams.extend({ id: z.coerce.number().int().positive() });
export const confirmQuery = z.object({
  confirmed: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('締め済みの年度の実績値が変わることを確認した'),
});

export type RecordKindsBody = z.infer<typeof recordKindsSchema>;
export type SupportRecordBody = z.infer<typeof supportRecordSchema>;
export type SupportRecordListBody = z.infer<typeof supportRecordListSchema>;

const figures = z.record(z.string(), z.number().nullable());
export const yearlyFiguresSchema = z.object({
  statisticItems: z.array(z.string()).describe('統計値の項目（計画のKPIが使うものと、入力済みのもの）'),
  financeItems: z.array(z.string()).describe('財務の項目（千円）'),
  years: z.array(z.object({ fiscalYear: z.number().int(), closed: z.boolean(), statistics: figures, finances: figures })),
  usedBy: z.object({ statistics: z.record(z.string(), z.array(z.string())), finances: z.record(z.string(), z.array(z.string())) }),
});
export type YearlyFiguresBody = z.infer<typeof yearlyFiguresSchema>;
export const yearlyFiguresBody = z.object({
  statistics: figures.default({}).describe('項目 → 値（null で削除）'),
  finances: figures.default({}).describe('項目 → 金額（千円、null で削除）'),
  confirmed: z.boolean().default(false).describe('締め済みの年度の実績値が変わることを確認した'),
});
export const yearlyFiguresParams = chamberParams.extend({ fiscalYear: z.string().max(20) });
