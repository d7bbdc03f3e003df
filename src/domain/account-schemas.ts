/** The forms' and the server's rules for a login and a name (zod; the password rule is passwordProblem in access.ts). */
import { z } from 'zod';
import { normalizeLogin } from './access.js';

export const loginSchema = z
  .string()
  .transform(normalizeLogin)
  .pipe(
    z
      .string()
      .min(3, 'ログインIDは3文字以上にしてください')
      .max(64, 'ログインIDは64文字までにしてください')
      .regex(/^[a-z0-9._@-]+$/, 'ログインIDは半角英数字と . _ @ - で書いてください'),
  );

export const displayNameSchema = z.string().trim().min(1, '氏名を入力してください').max(100, '氏名は100文字までにしてください');
