/** Request and response schemas of the import endpoints. */
import { z } from 'zod';

export const resultSchema = z.object({
  kind: z.string(),
  kindName: z.string(),
  encoding: z.string().nullable(),
  rows: z.number().int(),
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  dryRun: z.boolean(),
  changes: z
    .array(
      z.object({
        table: z.string(),
        id: z.number().int(),
        before: z.record(z.string(), z.unknown()),
        after: z.record(z.string(), z.unknown()),
      }),
    )
    .describe('変更される（された）行の最初の50件：今の値とファイルの値'),
});

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  dryRun: z.boolean(),
  state: z.enum(['running', 'done', 'failed']),
  done: z.number().int().describe('書き込んだ行数'),
  total: z.number().int().describe('全体の行数（おおよそ）'),
  result: resultSchema.nullable(),
  error: z
    .object({ code: z.string(), message: z.string(), details: z.array(z.object({ location: z.string().optional(), message: z.string() })) })
    .nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type ImportJobBody = z.infer<typeof jobSchema>;

export const kindsSchema = z.object({
  kinds: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      description: z.string(),
      columns: z.array(
        z.object({
          header: z.string(),
          field: z.string(),
          required: z.boolean(),
          format: z.string(),
          description: z.string(),
          example: z.string(),
        }),
      ),
    }),
  ),
});
export type ImportKindsBody = z.infer<typeof kindsSchema>;
