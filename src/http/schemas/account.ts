/** Request and response schemas of sign-in, the session, first-run set-up, accounts and the audit trail. */
import { z } from 'zod';
import { CHAMBER_ROLES, PERMISSIONS } from '../../domain/access.js';

export const signInBody = z.object({
  login: z.string().min(1, 'ログインIDを入力してください').max(200),
  password: z.string().min(1, 'パスワードを入力してください').max(1000),
});

export const setupBody = z.object({
  login: z.string().max(200),
  displayName: z.string().max(200),
  password: z.string().max(1000),
});

export const setupStatusSchema = z.object({ needed: z.boolean().describe('true: まだアカウントがなく、最初の管理者を作る画面を出す') });

const chamberGrant = z.object({
  code: z.string(),
  name: z.string(),
  role: z.enum([...CHAMBER_ROLES, 'federation']),
  permissions: z.array(z.enum(PERMISSIONS)),
});

export const sessionSchema = z.object({
  user: z.object({ login: z.string(), displayName: z.string(), systemAdmin: z.boolean() }),
  csrfToken: z.string().describe('変更を伴う要求（POST/PUT/PATCH/DELETE）の X-CSRF-Token ヘッダーに付ける'),
  chambers: z.array(chamberGrant).describe('開ける商工会と、そこでの役割・権限'),
});

export const passwordBody = z.object({ current: z.string().max(1000), next: z.string().max(1000) });

export const memberSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  displayName: z.string(),
  role: z.enum(CHAMBER_ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export const memberListSchema = z.object({ members: z.array(memberSchema) });

export const createMemberBody = z.object({
  login: z.string().max(200),
  displayName: z.string().max(200),
  password: z.string().max(1000),
  role: z.enum(CHAMBER_ROLES),
});

export const updateMemberBody = z
  .object({
    role: z.enum(CHAMBER_ROLES).nullable().optional().describe('null: この商工会から外す'),
    disabled: z.boolean().optional(),
    password: z.string().max(1000).optional().describe('管理者による再設定'),
  })
  .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, '変更する項目を指定してください');

export const memberParams = z.object({ chamber: z.string().min(1).max(64), id: z.coerce.number().int().positive() });

export const auditQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD で')
    .optional()
    .describe('この日から（日本時間の日付）'),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD で')
    .optional()
    .describe('この日まで'),
  action: z.string().max(50).optional(),
  login: z.string().max(200).optional(),
  before: z.coerce.number().int().positive().optional().describe('この id より古いもの（次のページ）'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  format: z.enum(['json', 'csv']).default('json'),
  encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8').describe('CSV の文字コード'),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  login: z.string().nullable(),
  action: z.string(),
  target: z.string(),
  targetId: z.string().nullable(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema), next: z.number().int().nullable() });
