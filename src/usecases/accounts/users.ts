/**
 * Accounts: the first administrator, accounts made by an administrator, password changes,
 * roles and disabling. Every change is written to the audit trail with it; no password or
 * hash ever is.
 */
import type { Kysely } from 'kysely';
import {
  countUsers,
  deleteSessionsOf,
  findUserById,
  findUserByLogin,
  insertUser,
  listChamberMembers,
  setChamberRole,
  updateUser,
} from '../../db/queries/accounts.js';
import { type Actor, recordAudit } from '../../db/queries/audit.js';
import type { Database } from '../../db/schema.js';
import { type ChamberRole, passwordProblem, ROLE_LABELS } from '../../domain/access.js';
import { displayNameSchema, loginSchema } from '../../domain/account-schemas.js';
import { DomainError } from '../../domain/errors.js';
import { hashPassword, verifyPassword } from './passwords.js';

function checked(login: string, displayName: string, password: string): { login: string; displayName: string } {
  const l = loginSchema.safeParse(login);
  const d = displayNameSchema.safeParse(displayName);
  const details = [
    ...(l.success ? [] : [{ location: 'ログインID', message: l.error.issues[0]?.message ?? 'ログインIDが正しくありません' }]),
    ...(d.success ? [] : [{ location: '氏名', message: d.error.issues[0]?.message ?? '氏名が正しくありません' }]),
  ];
  const problem = passwordProblem(password, login);
  if (problem) details.push({ location: 'パスワード', message: problem });
  if (details.length > 0 || !l.success || !d.success) throw new DomainError('BAD_REQUEST', '入力が正しくありません', details);
  return { login: l.data, displayName: d.data };
}

export interface FirstAdminOptions {
  db: Kysely<Database>;
  login: string;
  displayName: string;
  password: string;
  now: string;
  ip?: string | null;
}

/** The first account, a system administrator: only while there is no account at all. */
export async function setUpFirstAdmin({ db, login, displayName, password, now, ip = null }: FirstAdminOptions): Promise<number> {
  const user = checked(login, displayName, password);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    if ((await countUsers(trx)) > 0) throw new DomainError('CONFLICT', '最初の管理者は作成済みです。ログインしてください');
    const id = await insertUser(trx, { ...user, passwordHash, systemAdmin: true, now });
    await recordAudit(trx, {
      actor: { userId: id, login: user.login, ip },
      at: now,
      chamberId: null,
      action: 'user.create',
      target: 'user',
      targetId: id,
      summary: `最初の管理者を作成: ${user.login}（${user.displayName}）`,
      after: { login: user.login, displayName: user.displayName, systemAdmin: true },
    });
    return id;
  });
}

export interface CreateUserOptions {
  db: Kysely<Database>;
  actor: Actor;
  login: string;
  displayName: string;
  password: string;
  /** The chamber and role, or none (a system administrator made from the command line). */
  chamber?: { id: number; role: ChamberRole } | undefined;
  systemAdmin?: boolean;
  now: string;
}

/** A new account, with its role in a chamber when one is given. A login in use is refused. */
export async function createUser({
  db,
  actor,
  login,
  displayName,
  password,
  chamber,
  systemAdmin = false,
  now,
}: CreateUserOptions): Promise<number> {
  const user = checked(login, displayName, password);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    if (await findUserByLogin(trx, user.login)) throw new DomainError('CONFLICT', `ログインID「${user.login}」は使われています`);
    const id = await insertUser(trx, { ...user, passwordHash, systemAdmin, now });
    if (chamber) await setChamberRole(trx, id, chamber.id, chamber.role);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber?.id ?? null,
      action: 'user.create',
      target: 'user',
      targetId: id,
      summary: `アカウントを作成: ${user.login}（${user.displayName}）${chamber ? ` ${ROLE_LABELS[chamber.role]}` : ''}${systemAdmin ? ' システム管理者' : ''}`,
      after: { login: user.login, displayName: user.displayName, role: chamber?.role ?? null, systemAdmin },
    });
    return id;
  });
}

export interface ChangePasswordOptions {
  db: Kysely<Database>;
  actor: Actor & { userId: number };
  current: string;
  next: string;
  /** The session that stays open; the account's other sessions are closed. */
  keepSession?: string;
  now: string;
}

export async function changePassword({ db, actor, current, next, keepSession, now }: ChangePasswordOptions): Promise<void> {
  const user = await findUserById(db, actor.userId);
  if (!user) throw new DomainError('NOT_FOUND', 'アカウントが見つかりません');
  if (!(await verifyPassword(current, user.passwordHash)))
    throw new DomainError('BAD_REQUEST', '入力が正しくありません', [
      { location: '現在のパスワード', message: '現在のパスワードが違います' },
    ]);
  const problem = passwordProblem(next, user.login);
  if (problem) throw new DomainError('BAD_REQUEST', '入力が正しくありません', [{ location: '新しいパスワード', message: problem }]);
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { passwordHash, passwordChangedAt: now });
    await deleteSessionsOf(trx, user.id, keepSession);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: null,
      action: 'user.password',
      target: 'user',
      targetId: user.id,
      summary: `パスワードを変更: ${user.login}`,
    });
  });
}

export interface UpdateMemberOptions {
  db: Kysely<Database>;
  actor: Actor;
  chamberId: number;
  userId: number;
  /** null: removed from the chamber. */
  role?: ChamberRole | null;
  disabled?: boolean;
  /** A new password set by an administrator (the account's sessions are closed). */
  password?: string;
  now: string;
}

/** What a chamber's administrator may change of an account that has a role in the chamber. */
export async function updateMember({ db, actor, chamberId, userId, role, disabled, password, now }: UpdateMemberOptions): Promise<void> {
  const members = await listChamberMembers(db, chamberId);
  const member = members.find((m) => m.id === userId);
  if (!member) throw new DomainError('NOT_FOUND', 'この商工会のアカウントではありません');
  if (actor.userId === userId && (role !== undefined || disabled === true))
    throw new DomainError('BAD_REQUEST', '自分自身の役割の変更や利用停止はできません。ほかの管理者に依頼してください');
  if (password !== undefined) {
    const problem = passwordProblem(password, member.login);
    if (problem) throw new DomainError('BAD_REQUEST', '入力が正しくありません', [{ location: 'パスワード', message: problem }]);
  }
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const before = { role: member.role, disabled: member.disabledAt !== null };
    const after = { ...before };
    if (role !== undefined) {
      await setChamberRole(trx, userId, chamberId, role);
      after.role = role as ChamberRole;
    }
    if (disabled !== undefined) {
      await updateUser(trx, userId, { disabledAt: disabled ? now : null });
      if (disabled) await deleteSessionsOf(trx, userId);
      after.disabled = disabled;
    }
    if (passwordHash) {
      await updateUser(trx, userId, { passwordHash, passwordChangedAt: now });
      await deleteSessionsOf(trx, userId);
    }
    const what = [
      role !== undefined ? (role === null ? '商工会から外す' : `役割 ${ROLE_LABELS[member.role]} → ${ROLE_LABELS[role]}`) : null,
      disabled !== undefined ? (disabled ? '利用停止' : '利用再開') : null,
      passwordHash ? 'パスワードを再設定' : null,
    ].filter(Boolean);
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId,
      action: 'user.update',
      target: 'user',
      targetId: userId,
      summary: `アカウントを変更: ${member.login}（${what.join('・')}）`,
      before,
      after: role === null ? { ...after, role: null } : after,
    });
  });
}

export { listChamberMembers };
