/**
 * Accounts for tests: made straight in the database with one cheap password hash (scrypt
 * with a small N, which verifyPassword reads from the hash), so that a suite signs in many
 * times without spending 0.3 s per account; and signing in through the real API.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { grantFederation, insertUser, setChamberRole } from '../db/queries/accounts.js';
import type { Database } from '../db/schema.js';
import type { ChamberRole } from '../domain/access.js';
import { hashPassword } from '../usecases/accounts/passwords.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let cheap: Promise<string> | undefined;

export interface TestAccount {
  login: string;
  /** chamber code → role */
  roles?: Record<string, ChamberRole>;
  systemAdmin?: boolean;
  /** federation code */
  federation?: string;
}

export async function createAccount(db: Kysely<Database>, account: TestAccount): Promise<number> {
  cheap ??= hashPassword(TEST_PASSWORD, { n: 1024 });
  const id = await insertUser(db, {
    login: account.login,
    displayName: `${account.login} さん`,
    passwordHash: await cheap,
    systemAdmin: account.systemAdmin ?? false,
    now: '2024-01-01T00:00:00.000Z',
  });
  for (const [code, role] of Object.entries(account.roles ?? {})) {
    const chamber = await db.selectFrom('chambers').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    await setChamberRole(db, id, chamber.id, role);
  }
  if (account.federation) {
    const f = await db.selectFrom('federations').select('id').where('code', '=', account.federation).executeTakeFirstOrThrow();
    await grantFederation(db, id, f.id);
  }
  return id;
}

export interface SignedInClient {
  /** Headers for app.inject: the session cookie, and the CSRF token for changes. */
  headers: Record<string, string>;
  csrfToken: string;
}

export async function signInTo(app: FastifyInstance, login: string, password = TEST_PASSWORD): Promise<SignedInClient> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { login, password } });
  if (res.statusCode !== 204) throw new Error(`sign-in as ${login} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'shirube_session');
  if (!cookie) throw new Error('no session cookie');
  const session = await app.inject({ url: '/api/v1/session', headers: { cookie: `shirube_session=${cookie.value}` } });
  const csrfToken = session.json().csrfToken as string;
  return { headers: { cookie: `shirube_session=${cookie.value}`, 'x-csrf-token': csrfToken }, csrfToken };
}
