/**
 * Table types for Kysely. Columns are camelCase here and snake_case in the database;
 * CamelCasePlugin maps them (src/db/connection.ts). Every table but `chambers` carries
 * `chamberId`: a row always belongs to one chamber (tenant).
 *
 * Dates are ISO `YYYY-MM-DD` text; instants are ISO-8601 UTC text; flags are 0/1 integers
 * on both dialects, so that one set of queries serves SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface ChamberTable {
  id: Generated<number>;
  code: string;
  name: string;
  createdAt: string;
  federationId: number | null;
  /** JSON of the chamber's 評価の段階; null: the default (src/usecases/rating-bands.ts). */
  ratingBands: Generated<string | null>;
}

export interface UserTable {
  id: Generated<number>;
  /** normalizeLogin form. */
  login: string;
  displayName: string;
  passwordHash: string;
  systemAdmin: number;
  createdAt: string;
  passwordChangedAt: string;
  disabledAt: string | null;
}

export interface FederationTable {
  id: Generated<number>;
  code: string;
  name: string;
}

export interface ChamberRoleTable {
  id: Generated<number>;
  userId: number;
  chamberId: number;
  role: 'admin' | 'staff' | 'viewer';
}

export interface FederationRoleTable {
  id: Generated<number>;
  userId: number;
  federationId: number;
}

export interface SessionTable {
  /** SHA-256 (hex) of the token in the cookie. */
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  userId: number | null;
  userLogin: string | null;
  chamberId: number | null;
  action: string;
  target: string;
  targetId: string | null;
  summary: string;
  beforeJson: string | null;
  afterJson: string | null;
  ip: string | null;
}

export interface PlanTable {
  id: Generated<number>;
  chamberId: number;
  code: string;
  title: string;
  firstYear: number;
  lastYear: number;
  baselineYear: number;
  sloganTitle: string | null;
  sloganText: string | null;
  visionTitle: string | null;
  visionText: string | null;
  sourceName: string | null;
  importedAt: string;
}

export interface PolicyTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  number: number;
  title: string;
  body: string | null;
}

export interface StrategyTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  kind: 'common' | 'own';
  number: number;
  title: string;
  reason: string | null;
  sort: number;
}

export interface MeasureTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  strategyId: number;
  number: number;
  title: string;
  page: number | null;
  direction: string | null;
}

export interface GoalTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  measureId: number;
  number: number;
  title: string;
  description: string | null;
}

export interface KpiTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  goalId: number;
  parentId: number | null;
  code: string;
  sort: number;
  name: string;
  label: string | null;
  unit: string;
  baseline: number | null;
  baselineYear: number;
  definition: string | null;
  definitionNote: string | null;
  cumulative: number;
  counting: 'distinct' | 'total' | null;
  /** JSON of the KPI's `actual:` definition; null: entered by hand. */
  actualDefinition: string | null;
}

export interface KpiTargetTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  kpiId: number;
  fiscalYear: number;
  target: number | null;
}

/**
 * Every change of a target after the first import (a changed plan file, or a decision entered on
 * the screen): the plan keeps its history. kpi_targets keeps the plan file's value (so that the
 * same file imports without a change); the original is the first revision's old_target, or that
 * value when there is none (src/db/queries/load-plan.ts); which target is in force on a day is
 * src/domain/plan/targets-in-force.ts.
 */
export interface TargetRevisionTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  kpiId: number;
  fiscalYear: number;
  /** The target in force on decided_on before this revision, when it was entered. */
  oldTarget: number | null;
  newTarget: number | null;
  /** When it was entered (ISO instant). */
  revisedAt: string;
  reason: string | null;
  /** The plan file's name, or 画面 for one entered on the screen. */
  source: string;
  /** The day it was decided (ISO date). */
  decidedOn: string;
  /** 評価委員会, 理事会, 総会 … or 計画ファイルの取り込み. */
  decidedBy: string;
  /** Who entered it: the account's login, or system / cli:<user>. */
  enteredBy: string;
  enteredVia: 'import' | 'screen';
}

export interface InitiativeTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  measureId: number;
  number: number;
  title: string;
  description: string | null;
}

export interface ActionTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  initiativeId: number;
  number: number;
  title: string;
  body: string | null;
}

export interface RoadmapItemTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  initiativeId: number;
  rowIndex: number;
  firstYear: number;
  lastYear: number;
  text: string;
}

export interface BusinessTable {
  id: Generated<number>;
  chamberId: number;
  code: string;
  name: string;
  kana: string | null;
  industry: string | null;
  district: string | null;
  employees: number | null;
  foundedOn: string | null;
}

/** 入会日 ≤ day < 退会日 */
export interface MembershipTable {
  id: Generated<number>;
  chamberId: number;
  businessId: number;
  joinedOn: string;
  leftOn: string | null;
}

export interface StatisticTable {
  id: Generated<number>;
  chamberId: number;
  fiscalYear: number;
  item: string;
  value: number;
}

/** The chamber's vocabulary of support-record kinds; subKind '' is the kind itself. */
export interface RecordKindTable {
  id: Generated<number>;
  chamberId: number;
  kind: string;
  subKind: string;
  sort: number;
}

export interface SupportRecordTable {
  id: Generated<number>;
  chamberId: number;
  contentKey: string;
  externalId: string | null;
  date: string;
  fiscalYear: number;
  businessId: number | null;
  kind: string;
  subKind: string | null;
  quantity: number;
  amount: number | null;
  staff: string | null;
  note: string | null;
}

/** Derived: 件数 and 金額 of support records by 種別, 区分 ('' for none) and month (YYYY-MM). */
export interface SupportMonthlyTable {
  id: Generated<number>;
  chamberId: number;
  kind: string;
  subKind: string;
  month: string;
  fiscalYear: number;
  quantity: number;
  amount: number;
}

export interface EventTable {
  id: Generated<number>;
  chamberId: number;
  externalId: string;
  date: string;
  fiscalYear: number;
  name: string;
  category: string | null;
  visitors: number;
}

export interface EventParticipantTable {
  id: Generated<number>;
  chamberId: number;
  eventId: number;
  businessId: number;
}

export interface FinanceTable {
  id: Generated<number>;
  chamberId: number;
  fiscalYear: number;
  item: string;
  amount: number;
}

/** 加入日 ≤ day < 解約日 */
export interface MutualAidTable {
  id: Generated<number>;
  chamberId: number;
  contentKey: string;
  businessId: number;
  type: string;
  joinedOn: string;
  leftOn: string | null;
  externalId: string | null;
}

export interface ManualActualTable {
  id: Generated<number>;
  chamberId: number;
  kpiId: number;
  fiscalYear: number;
  value: number;
  evidence: string;
  enteredBy: string;
  enteredAt: string;
}

/**
 * The status of one 工程表 entry in one year, keyed by the roadmap cell (initiative, row, year)
 * so that re-importing the plan keeps it (migration 0012). status: src/domain/plan/roadmap-status.ts.
 */
export interface RoadmapStatusTable {
  id: Generated<number>;
  chamberId: number;
  initiativeId: number;
  rowIndex: number;
  fiscalYear: number;
  status: 'planned' | 'inProgress' | 'done' | 'notDone' | 'postponed';
  note: string | null;
  /** The login of who set it. */
  updatedBy: string;
  updatedAt: string;
}

/** A support record or an event (exactly one) that shows a 工程表 entry was done. */
export interface RoadmapEvidenceTable {
  id: Generated<number>;
  chamberId: number;
  statusId: number;
  supportRecordId: number | null;
  eventId: number | null;
}

export interface KpiOwnerTable {
  id: Generated<number>;
  chamberId: number;
  kpiCode: string;
  owner: string;
  updatedAt: string;
  updatedBy: string;
}

/** 評価シート (様式2) of a measure for a fiscal year (migration 0014). */
export interface EvaluationSheetTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  fiscalYear: number;
  measureNumber: number;
  achievements: string;
  issues: string;
  improvements: string;
  necessity: string | null;
  effectiveness: string | null;
  efficiency: string | null;
  overall: string | null;
  /** JSON: KPI code → { cause, action, who, byWhen }. */
  kpiActions: string;
  committeeComment: string;
  committeeCommentBy: string | null;
  committeeCommentAt: string | null;
  state: 'draft' | 'submitted';
  submittedBy: string | null;
  submittedAt: string | null;
  updatedBy: string;
  updatedAt: string;
}

export interface EvaluationUnlockTable {
  id: Generated<number>;
  chamberId: number;
  sheetId: number;
  unlockedBy: string;
  unlockedAt: string;
  reason: string;
  /** The submission the unlock undid. */
  submittedBy: string | null;
  submittedAt: string | null;
}

/** The 評価委員会's 総評 of a fiscal year. */
export interface EvaluationYearTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  fiscalYear: number;
  generalComment: string;
  updatedBy: string;
  updatedAt: string;
}

/** 事業計画 of a fiscal year (migration 0015). */
export interface AnnualPlanTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  fiscalYear: number;
  /** 基本方針・前文 */
  preface: string;
  state: 'draft' | 'confirmed';
  confirmedBy: string | null;
  confirmedAt: string | null;
  /** Who made the items from the draft last (下書きを作る, 再作成). */
  draftedBy: string;
  draftedAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** One item of a measure's 事業計画, in order (position from 0). */
export interface AnnualPlanItemTable {
  id: Generated<number>;
  chamberId: number;
  annualPlanId: number;
  measureNumber: number;
  position: number;
  initiativeNumber: number | null;
  text: string;
  source: 'roadmap' | 'carriedOver' | 'improvement' | 'kpiAction' | 'added';
  sourceNote: string;
  /** 0/1: a 工程表 item the plan continues that was 未実施 / 延期 the year before. */
  carriedOver: number;
  owner: string;
  timing: string;
}

export interface Database {
  chambers: ChamberTable;
  plans: PlanTable;
  policies: PolicyTable;
  strategies: StrategyTable;
  measures: MeasureTable;
  goals: GoalTable;
  kpis: KpiTable;
  kpi_targets: KpiTargetTable;
  target_revisions: TargetRevisionTable;
  initiatives: InitiativeTable;
  actions: ActionTable;
  roadmap_items: RoadmapItemTable;
  businesses: BusinessTable;
  memberships: MembershipTable;
  statistics: StatisticTable;
  record_kinds: RecordKindTable;
  support_records: SupportRecordTable;
  support_monthly: SupportMonthlyTable;
  events: EventTable;
  event_participants: EventParticipantTable;
  finances: FinanceTable;
  mutual_aid: MutualAidTable;
  manual_actuals: ManualActualTable;
  kpi_owners: KpiOwnerTable;
  evaluation_sheets: EvaluationSheetTable;
  evaluation_unlocks: EvaluationUnlockTable;
  evaluation_years: EvaluationYearTable;
  annual_plans: AnnualPlanTable;
  annual_plan_items: AnnualPlanItemTable;
  roadmap_statuses: RoadmapStatusTable;
  roadmap_evidence: RoadmapEvidenceTable;
  users: UserTable;
  federations: FederationTable;
  chamber_roles: ChamberRoleTable;
  federation_roles: FederationRoleTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
}

export type ChamberRow = Selectable<ChamberTable>;
export type PlanRow = Selectable<PlanTable>;
export type NewTargetRevision = Insertable<TargetRevisionTable>;

/** Every table that belongs to a chamber, parents before children. */
export const CHAMBER_TABLES = [
  'chambers',
  'plans',
  'policies',
  'strategies',
  'measures',
  'goals',
  'kpis',
  'kpi_targets',
  'target_revisions',
  'initiatives',
  'actions',
  'roadmap_items',
  'businesses',
  'memberships',
  'statistics',
  'record_kinds',
  'support_records',
  'support_monthly',
  'events',
  'event_participants',
  'finances',
  'mutual_aid',
  'manual_actuals',
  'kpi_owners',
  'evaluation_sheets',
  'evaluation_unlocks',
  'evaluation_years',
  'annual_plans',
  'annual_plan_items',
  'roadmap_statuses',
  'roadmap_evidence',
] as const satisfies readonly (keyof Database)[];

/**
 * Tables a chamber-scoped connection sees only its chamber's rows of (src/db/chamber-scope.ts):
 * the chamber's own tables, its roles and its part of the audit trail.
 */
export const SCOPED_TABLES: readonly (keyof Database)[] = [...CHAMBER_TABLES, 'chamber_roles', 'audit_log'];
