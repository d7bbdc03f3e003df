/** Request and response schemas of the event endpoints (イベントと参加事業者, 区分の候補). */
import { z } from 'zod';
import { eventInputSchema } from '../../domain/records/event.js';
import { fiscalYearParam } from './kpi.js';
import { chamberParams } from './plan.js';

const eventColumns = {
  id: z.number().int(),
  externalId: z.string().describe('イベントID（画面で入力したイベントは W- で始まる）'),
  date: z.string(),
  fiscalYear: z.number().int(),
  name: z.string(),
  category: z.string().nullable().describe('区分'),
  visitors: z.number().int().describe('来場者数'),
};

export const eventSummarySchema = z.object({ ...eventColumns, participantCount: z.number().int().describe('参加事業者の数') });
export const eventSchema = z.object({
  ...eventColumns,
  participants: z.array(z.object({ businessId: z.number().int(), code: z.string(), name: z.string() })).describe('参加事業者（入力順）'),
});

export const eventListQuery = z.object({
  fiscalYear: fiscalYearParam.describe('年度（2024, R6, 令和6年度）'),
  category: z.string().max(50).optional().describe('区分'),
  text: z.string().max(100).optional().describe('名称・区分・イベントID・参加事業者の名前・フリガナ・コードの一部'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const eventListSchema = z.object({ total: z.number().int(), rows: z.array(eventSummarySchema) });

export const eventBody = eventInputSchema.extend({
  confirmed: z.boolean().default(false).describe('締め済みの年度の実績値が変わることを確認した'),
});
export const eventParams = chamberParams.extend({ id: z.coerce.number().int().positive() });

export const eventCategoriesSchema = z.object({
  categories: z.array(z.string()).describe('候補: KPI が数える区分、次に使われている区分（多い順）'),
  countedByKpis: z.array(z.string()).describe('計画の KPI（来場者数）が数える区分'),
});

export type EventBody = z.infer<typeof eventSchema>;
export type EventSummaryBody = z.infer<typeof eventSummarySchema>;
export type EventListBody = z.infer<typeof eventListSchema>;
export type EventCategoriesBody = z.infer<typeof eventCategoriesSchema>;
