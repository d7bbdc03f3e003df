/**
 * Sign-in, the session it opens, and sign-out. A session is a random 256-bit token in an
 * httpOnly cookie; the database keeps only its SHA-256, so a copy of the database opens no
 * session. Sessions end after SESSION_IDLE_HOURS without use, or SESSION_MAX_DAYS after
 * sign-in, whichever is first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  findUserByLogin,
  grantsOf,
  insertSession,
  touchSession,
} from '../../db/queries/accounts.js';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import type { Database } from '../../db/schema.js';
import { type Grants, normalizeLogin } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { decoyHash, verifyPassword } from './passwords.js';

export const SESSION_IDLE_HOURS = 12;
export const SESSION_MAX_DAYS = 30;
/** last_seen_at is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const min = (a: string, b: string) => (a < b ? a : b);

export interface SignedIn {
  /** For the cookie: shown once, stored nowhere. */
  token: string;
  csrfToken: string;
  userId: number;
  login: string;
}

export interface SignInOptions {
  db: Kysely<Database>;
  login: string;
  password: string;
  now: string;
  ip?: string | null;
  userAgent?: string | null;
}

const FAILED = 'ログインIDまたはパスワードが違います';

export async function signIn({ db, login, password, now, ip = null, userAgent = null }: SignInOptions): Promise<SignedIn> {
  const normalized = normalizeLogin(login);
  const user = await findUserByLogin(db, normalized);
  // The same work whether or not the login exists, so that timing does not tell.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok || user.disabledAt !== null) {
    await recordAudit(db, {
      actor: { userId: user?.id ?? null, login: normalized.slice(0, 64), ip },
      at: now,
      chamberId: null,
      action: 'login.failed',
      target: 'session',
      summary: user?.disabledAt ? `ログイン失敗（利用停止中のアカウント）: ${normalized}` : `ログイン失敗: ${normalized.slice(0, 64)}`,
    });
    throw new DomainError('UNAUTHORIZED', FAILED);
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await deleteExpiredSessions(trx, now);
    await insertSession(trx, {
      id: hashToken(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: min(addMs(now, SESSION_IDLE_HOURS * 3_600_000), addMs(now, SESSION_MAX_DAYS * 86_400_000)),
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, {
      actor: { userId: user.id, login: user.login, ip },
      at: now,
      chamberId: null,
      action: 'login',
      target: 'session',
      summary: `ログイン: ${user.login}`,
    });
  });
  return { token, csrfToken, userId: user.id, login: user.login };
}

export interface Session {
  id: string;
  csrfToken: string;
  user: { id: number; login: string; displayName: string; systemAdmin: boolean };
  grants: Grants;
}

/** The session of a cookie's token, or null when there is none, it expired or the account was disabled. Slides the idle expiry. */
export async function authenticate({ db, token, now }: { db: Kysely<Database>; token: string; now: string }): Promise<Session | null> {
  if (token.length < 20 || token.length > 100) return null;
  const id = hashToken(token);
  const s = await findSession(db, id);
  if (!s || s.expiresAt <= now || s.disabledAt !== null) return null;
  if (Date.parse(now) - Date.parse(s.lastSeenAt) >= TOUCH_EVERY_MS) {
    await touchSession(db, id, now);
    const expiresAt = min(addMs(now, SESSION_IDLE_HOURS * 3_600_000), addMs(s.createdAt, SESSION_MAX_DAYS * 86_400_000));
    await db.updateTable('sessions').set({ expiresAt }).where('id', '=', id).execute();
  }
  const grants = await grantsOf(db, { id: s.userId, systemAdmin: s.systemAdmin });
  return {
    id,
    csrfToken: s.csrfToken,
    user: { id: s.userId, login: s.login, displayName: s.displayName, systemAdmin: s.systemAdmin === 1 },
    grants,
  };
}

export async function signOut({
  db,
  session,
  now,
  actor,
}: {
  db: Kysely<Database>;
  session: Session;
  now: string;
  actor: Actor;
}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, session.id);
    await recordAudit(trx, { actor, at: now, chamberId: null, action: 'logout', target: 'session', summary: `ログアウト: ${actor.login}` });
  });
}
