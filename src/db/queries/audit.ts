/**
 * The audit trail: one row per change, written in the same transaction as the change, so
 * that a change without its row (or a row without its change) cannot be. The table refuses
 * updates and deletes (migration 0008): this module only adds and reads.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Who did it: an account, or the command line (userId null, login `cli:<OS user>`), or the system. */
export interface Actor {
  userId: number | null;
  login: string;
  ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, login: 'system' };

export interface AuditEntry {
  actor: Actor;
  at: string;
  chamberId: number | null;
  /** create, update, delete, import, plan.import, actual.enter, login, login.failed, logout, … */
  action: string;
  /** What kind of thing: user, support_records, kpi, plan, session, … */
  target: string;
  targetId?: string | number | null;
  /** One line in Japanese, for the list. */
  summary: string;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export async function recordAudit(db: Q, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      userId: e.actor.userId,
      userLogin: e.actor.login,
      chamberId: e.chamberId,
      action: e.action,
      target: e.target,
      targetId: e.targetId === undefined || e.targetId === null ? null : String(e.targetId),
      summary: e.summary,
      beforeJson: json(e.before),
      afterJson: json(e.after),
      ip: e.actor.ip ?? null,
    })
    .execute();
}

/** Sign-ins and sign-outs: recorded once, for no chamber (a person may work for several). */
export const SIGN_IN_ACTIONS = ['login', 'login.failed', 'logout'] as const;

export interface AuditFilter {
  chamberId?: number | null | undefined;
  /**
   * With chamberId: also the sign-ins and sign-outs of the people who hold a role in that
   * chamber, which belong to no chamber. Needs a connection that is not chamber-scoped.
   */
  withSignIns?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  login?: string | undefined;
  limit?: number | undefined;
  /** Rows with an id below this (paging from the newest). */
  before?: number | undefined;
}

export async function listAudit(db: Q, f: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc');
  const chamberId = f.chamberId;
  if (chamberId === null) q = q.where('chamberId', 'is', null);
  else if (chamberId !== undefined && f.withSignIns)
    q = q.where((e) =>
      e.or([
        e('chamberId', '=', chamberId),
        e.and([
          e('chamberId', 'is', null),
          e('action', 'in', SIGN_IN_ACTIONS),
          e('userId', 'in', e.selectFrom('chamber_roles').select('userId').where('chamberId', '=', chamberId)),
        ]),
      ]),
    );
  else if (chamberId !== undefined) q = q.where('chamberId', '=', chamberId);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.login) q = q.where('userLogin', '=', f.login);
  if (f.before) q = q.where('id', '<', f.before);
  if (f.limit) q = q.limit(f.limit);
  return q.execute();
}
