/**
 * Accounts, their roles and their sessions. Global tables (an account may belong to several
 * chambers): the callers check who may see or change which.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { ChamberRole, Grants } from '../../domain/access.js';
import type { Database, SessionTable, UserTable } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;
export type UserRow = Selectable<UserTable>;

export async function countUsers(db: Q): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findUserByLogin(db: Q, login: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
}

export async function findUserById(db: Q, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Q,
  user: { login: string; displayName: string; passwordHash: string; systemAdmin: boolean; now: string },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      login: user.login,
      displayName: user.displayName,
      passwordHash: user.passwordHash,
      systemAdmin: user.systemAdmin ? 1 : 0,
      createdAt: user.now,
      passwordChangedAt: user.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(
  db: Q,
  id: number,
  changes: Partial<Pick<UserRow, 'displayName' | 'passwordHash' | 'passwordChangedAt' | 'disabledAt'>>,
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** The role of an account in a chamber; null removes it. */
export async function setChamberRole(db: Q, userId: number, chamberId: number, role: ChamberRole | null): Promise<void> {
  await db.deleteFrom('chamber_roles').where('userId', '=', userId).where('chamberId', '=', chamberId).execute();
  if (role) await db.insertInto('chamber_roles').values({ userId, chamberId, role }).execute();
}

export async function grantFederation(db: Q, userId: number, federationId: number): Promise<void> {
  await db.insertInto('federation_roles').values({ userId, federationId }).execute();
}

export async function grantsOf(db: Q, user: Pick<UserRow, 'id' | 'systemAdmin'>): Promise<Grants> {
  const roles = await db.selectFrom('chamber_roles').select(['chamberId', 'role']).where('userId', '=', user.id).execute();
  const federated = await db
    .selectFrom('federation_roles as f')
    .innerJoin('chambers as c', 'c.federationId', 'f.federationId')
    .select('c.id')
    .where('f.userId', '=', user.id)
    .execute();
  return {
    systemAdmin: user.systemAdmin === 1,
    chambers: new Map(roles.map((r) => [r.chamberId, r.role])),
    federationChambers: new Set(federated.map((c) => c.id)),
  };
}

export interface ChamberMember {
  id: number;
  login: string;
  displayName: string;
  role: ChamberRole;
  disabledAt: string | null;
  createdAt: string;
}

/** The accounts with a role in a chamber (db: scoped to it, or not). */
export async function listChamberMembers(db: Q, chamberId: number): Promise<ChamberMember[]> {
  return db
    .selectFrom('chamber_roles as r')
    .innerJoin('users as u', 'u.id', 'r.userId')
    .select(['u.id', 'u.login', 'u.displayName', 'r.role', 'u.disabledAt', 'u.createdAt'])
    .where('r.chamberId', '=', chamberId)
    .orderBy('u.login')
    .execute();
}

// ---------------------------------------------------------------- sessions

export async function insertSession(db: Q, session: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export async function findSession(db: Q, id: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select([
      's.id',
      's.csrfToken',
      's.createdAt',
      's.lastSeenAt',
      's.expiresAt',
      'u.id as userId',
      'u.login',
      'u.displayName',
      'u.systemAdmin',
      'u.disabledAt',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Q, id: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Q, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** All sessions of an account but `keep` (after a password change, or when it is disabled). */
export async function deleteSessionsOf(db: Q, userId: number, keep?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('userId', '=', userId);
  if (keep) q = q.where('id', '!=', keep);
  await q.execute();
}

export async function deleteExpiredSessions(db: Q, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expiresAt', '<=', now).execute();
}
