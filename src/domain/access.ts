/**
 * Who may do what: roles and permissions, pure. The HTTP layer checks every route against
 * `can` (and the UI hides what `can` refuses); the database layer keeps each request inside
 * its chamber (src/db/chamber-scope.ts).
 *
 * Roles per chamber:
 * - 管理者 (admin): everything in the chamber, its users and its audit log.
 * - 職員 (staff): records and evaluations; reads everything.
 * - 閲覧 (viewer: 理事, 評価委員): reads everything, changes nothing.
 * - 県連 (federation): an account of a federation; reads the plans and KPI results of its
 *   chambers, and nothing of their member records (no drill-down into records).
 * A system administrator (the account made at first start) is 管理者 of every chamber and
 * manages accounts of all.
 *
 * No library imports: the web UI uses it too (to hide what a role cannot do).
 */
export const CHAMBER_ROLES = ['admin', 'staff', 'viewer'] as const;
export type ChamberRole = (typeof CHAMBER_ROLES)[number];
export type Role = ChamberRole | 'federation';

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理者',
  staff: '職員',
  viewer: '閲覧',
  federation: '県連',
};

export const PERMISSIONS = [
  'plan.read',
  'kpi.read',
  'records.read',
  'records.write',
  'actuals.write',
  'users.manage',
  'audit.read',
  'settings.manage',
  /** 評価シート: write, submit, and enter the 評価委員会's comments on its behalf. */
  'evaluation.write',
  /** Reopen a submitted 評価シート (with a reason, recorded). */
  'evaluation.unlock',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  staff: ['plan.read', 'kpi.read', 'records.read', 'records.write', 'actuals.write', 'evaluation.write'],
  viewer: ['plan.read', 'kpi.read', 'records.read'],
  federation: ['plan.read', 'kpi.read'],
};

export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role | null): Permission[] {
  return role === null ? [] : [...GRANTS[role]];
}

/** What an account holds: its chamber roles, its federations' chambers, and whether it is a system administrator. */
export interface Grants {
  systemAdmin: boolean;
  /** chamberId → role. */
  chambers: ReadonlyMap<number, ChamberRole>;
  /** Chambers readable through a federation account. */
  federationChambers: ReadonlySet<number>;
}

/**
 * The role an account has in a chamber, or null when it has none (the chamber is then
 * not there for it: the API answers 404, as for a chamber that does not exist). A chamber
 * role outranks a federation's reading; a system administrator is admin everywhere.
 */
export function roleIn(grants: Grants, chamberId: number): Role | null {
  if (grants.systemAdmin) return 'admin';
  return grants.chambers.get(chamberId) ?? (grants.federationChambers.has(chamberId) ? 'federation' : null);
}

// ---------------------------------------------------------------- accounts

/** ログインID: what people type, compared in one form (全角 → 半角, lower case, trimmed). */
export function normalizeLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

export const PASSWORD_MIN_LENGTH = 10;

/**
 * A password of at least PASSWORD_MIN_LENGTH characters that is not the login itself.
 * Length over rules of character kinds (NIST SP 800-63B): a phrase is easier to remember.
 */
export function passwordProblem(password: string, login: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください`;
  if ([...password].length > 200) return 'パスワードは200文字までにしてください';
  if (normalizeLogin(password) === normalizeLogin(login)) return 'パスワードにログインIDと同じ文字列は使えません';
  return null;
}
