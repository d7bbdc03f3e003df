/** The 担当者 view and setting a KPI's owner. */
import { z } from 'zod';

export const gapSchema = z.object({ code: z.string(), fiscalYear: z.number().int(), message: z.string() });

export const ownersSchema = z.object({
  today: z.string(),
  gaps: z.array(gapSchema),
  groups: z.array(
    z.object({
      owner: z.string(),
      kpis: z.array(
        z.object({
          kpi: z.object({
            code: z.string(),
            name: z.string(),
            unit: z.string(),
            strategy: z.string(),
            measure: z.number().int(),
            owner: z.string().nullable(),
          }),
          gaps: z.array(gapSchema),
        }),
      ),
    }),
  ),
});

export const ownerParams = z.object({ chamber: z.string().min(1).max(64), code: z.string().min(1).max(64) });

export const ownerBody = z.object({
  owner: z
    .string({ error: '担当者を文字で入力してください' })
    .max(100, { error: '担当者は100文字以内で入力してください' })
    .describe('担当者（空で解除）'),
});

export type OwnersBody = z.infer<typeof ownersSchema>;
