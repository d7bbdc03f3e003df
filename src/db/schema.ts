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
}

export interface KpiTargetTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  kpiId: number;
  fiscalYear: number;
  target: number | null;
}

/** Every change of a target after the first import: the plan keeps its history. */
export interface TargetRevisionTable {
  id: Generated<number>;
  chamberId: number;
  planId: number;
  kpiId: number;
  fiscalYear: number;
  oldTarget: number | null;
  newTarget: number | null;
  revisedAt: string;
  reason: string | null;
  source: string;
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
] as const satisfies readonly (keyof Database)[];
