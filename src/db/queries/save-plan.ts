/**
 * Writes a plan for its chamber, in one transaction: the chamber and the plan are created
 * or updated, and every table of the plan's tree is synced by natural key (src/db/sync-rows.ts).
 * A changed target is never overwritten silently: the change is kept as a target revision
 * (the target it replaces, the new one, when and by whom it was decided, why), checked by the
 * rules of src/domain/plan/targets-in-force.ts like one entered on the screen. A file whose new
 * target is already the one in force (a decision entered on the screen, now written into the
 * file) adds no revision.
 */
import type { Kysely, Transaction } from 'kysely';
import { DomainError, type ErrorDetail } from '../../domain/errors.js';
import { formatFiscalYear, type IsoDate } from '../../domain/fiscal-calendar.js';
import type { Plan } from '../../domain/plan/plan.js';
import { listKpis } from '../../domain/plan/plan.js';
import {
  PLAN_FILE_DECIDED_BY,
  revisionProblems,
  sameTarget,
  type TargetHistory,
  targetInForce,
} from '../../domain/plan/targets-in-force.js';
import type { Database } from '../schema.js';
import { deleteRows, type SyncResult, syncRows } from '../sync-rows.js';
import { loadTargetHistories } from './load-plan.js';

export interface TargetChange {
  kpiCode: string;
  kpiName: string;
  fiscalYear: number;
  /** The target in force on the day of the decision, before it. */
  oldTarget: number | null;
  newTarget: number | null;
}

export interface SavePlanResult {
  chamberId: number;
  planId: number;
  created: boolean;
  /** Rows added, changed and removed, per table. All zero: nothing changed. */
  counts: Record<string, { inserted: number; updated: number; deleted: number }>;
  revisions: TargetChange[];
  changed: boolean;
}

export interface SavePlanOptions {
  plan: Plan;
  sourceName: string;
  /** ISO instant of the import (the caller's clock). */
  now: string;
  /** Why targets changed, kept with each revision. */
  reason?: string | undefined;
  /** The day in Japan of `now`: no decision can be dated after it. */
  today: IsoDate;
  /** When the changed targets were decided (default: today) and by whom (default: 計画ファイルの取り込み). */
  decidedOn?: IsoDate | undefined;
  decidedBy?: string | undefined;
  /** Who imports: the login for the revisions (system, cli:<user>, an account). */
  enteredBy: string;
}

const key = (...parts: (string | number | null)[]) => JSON.stringify(parts);

/** Runs in its own transaction, or in the caller's when given one. */
export async function savePlan(db: Kysely<Database> | Transaction<Database>, options: SavePlanOptions): Promise<SavePlanResult> {
  if (db.isTransaction) return savePlanIn(db as Transaction<Database>, options);
  return db.transaction().execute((trx) => savePlanIn(trx, options));
}

async function savePlanIn(
  trx: Transaction<Database>,
  { plan, sourceName, now, reason, today, decidedOn = today, decidedBy = PLAN_FILE_DECIDED_BY, enteredBy }: SavePlanOptions,
): Promise<SavePlanResult> {
  const counts: SavePlanResult['counts'] = {};
  const count = (table: string, r: SyncResult) => {
    counts[table] = { inserted: r.inserted.length, updated: r.updated.length, deleted: r.stale.length };
  };

  let chamber = await trx.selectFrom('chambers').select(['id', 'name']).where('code', '=', plan.chamber.code).executeTakeFirst();
  let chamberChanged = false;
  if (!chamber) {
    const inserted = await trx
      .insertInto('chambers')
      .values({ code: plan.chamber.code, name: plan.chamber.name, createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    chamber = { id: inserted.id, name: plan.chamber.name };
    chamberChanged = true;
  } else if (chamber.name !== plan.chamber.name) {
    await trx.updateTable('chambers').set({ name: plan.chamber.name }).where('id', '=', chamber.id).execute();
    chamberChanged = true;
  }
  const chamberId = chamber.id;

  const planFields = {
    title: plan.title,
    firstYear: plan.period.from,
    lastYear: plan.period.to,
    baselineYear: plan.baselineYear,
    sloganTitle: plan.slogan?.title ?? null,
    sloganText: plan.slogan?.text ?? null,
    visionTitle: plan.vision?.title ?? null,
    visionText: plan.vision?.text ?? null,
  };
  const existingPlan = await trx
    .selectFrom('plans')
    .selectAll()
    .where('chamberId', '=', chamberId)
    .where('code', '=', plan.code)
    .executeTakeFirst();
  let planId: number;
  let planChanged = false;
  if (!existingPlan) {
    const inserted = await trx
      .insertInto('plans')
      .values({ chamberId, code: plan.code, ...planFields, sourceName, importedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    planId = inserted.id;
  } else {
    planId = existingPlan.id;
    const changes = Object.fromEntries(
      Object.entries(planFields).filter(([col, value]) => existingPlan[col as keyof typeof planFields] !== value),
    );
    if (Object.keys(changes).length > 0) {
      await trx.updateTable('plans').set(changes).where('id', '=', planId).execute();
      planChanged = true;
    }
  }
  const created = !existingPlan;
  const scope = { chamberId, planId };

  const policies = await syncRows(
    trx,
    'policies',
    scope,
    ['number'],
    plan.policies.map((p) => ({ number: p.number, title: p.title, body: p.text })),
  );
  count('policies', policies);

  const strategies = await syncRows(
    trx,
    'strategies',
    scope,
    ['kind', 'number'],
    plan.strategies.map((s, i) => ({ kind: s.kind, number: s.number, title: s.title, reason: s.reason, sort: i })),
  );
  count('strategies', strategies);

  const measureRows = plan.strategies.flatMap((s) =>
    s.measures.map((m) => ({
      strategyId: mustId(strategies, key(s.kind, s.number)),
      number: m.number,
      title: m.title,
      page: m.page,
      direction: m.direction,
    })),
  );
  const measures = await syncRows(trx, 'measures', scope, ['number'], measureRows);
  count('measures', measures);
  const measureId = (n: number) => mustId(measures, key(n));

  const allMeasures = plan.strategies.flatMap((s) => s.measures);
  const goals = await syncRows(
    trx,
    'goals',
    scope,
    ['measureId', 'number'],
    allMeasures.flatMap((m) =>
      m.goals.map((g) => ({ measureId: measureId(m.number), number: g.number, title: g.title, description: g.description })),
    ),
  );
  count('goals', goals);

  const located = listKpis(plan);
  const kpisBefore = new Set((await trx.selectFrom('kpis').select('code').where('planId', '=', planId).execute()).map((r) => r.code));
  const kpis = await syncRows(
    trx,
    'kpis',
    scope,
    ['code'],
    located.map(({ kpi, measure, goal }, sort) => ({
      goalId: mustId(goals, key(measureId(measure.number), goal.number)),
      code: kpi.code,
      sort,
      name: kpi.name,
      label: kpi.label,
      unit: kpi.unit,
      baseline: kpi.baseline,
      baselineYear: kpi.baselineYear,
      definition: kpi.definition,
      definitionNote: kpi.definitionNote,
      cumulative: kpi.cumulative ? 1 : 0,
      counting: kpi.counting,
      actualDefinition: kpi.actual === null ? null : JSON.stringify(kpi.actual),
    })),
  );
  count('kpis', kpis);
  const kpiId = (code: string) => mustId(kpis, key(code));
  // Sub-KPIs point at their parent, which may have been inserted in the same sync.
  const parents = await trx.selectFrom('kpis').select(['id', 'code', 'parentId']).where('planId', '=', planId).execute();
  for (const { kpi, parentCode } of located) {
    const want = parentCode === null ? null : kpiId(parentCode);
    const row = parents.find((p) => p.code === kpi.code);
    if (row && row.parentId !== want) await trx.updateTable('kpis').set({ parentId: want }).where('id', '=', row.id).execute();
  }

  const targetsBefore = new Map(
    (await trx.selectFrom('kpi_targets').select(['kpiId', 'fiscalYear', 'target']).where('planId', '=', planId).execute()).map((t) => [
      key(t.kpiId, t.fiscalYear),
      t.target,
    ]),
  );
  const historiesBefore = created ? new Map<string, Map<number, TargetHistory>>() : await loadTargetHistories(trx, scope);
  const targetRows = located.flatMap(({ kpi }) =>
    Object.entries(kpi.targets).map(([fy, target]) => ({ kpiId: kpiId(kpi.code), fiscalYear: Number(fy), target })),
  );
  const targets = await syncRows(trx, 'kpi_targets', scope, ['kpiId', 'fiscalYear'], targetRows);
  count('kpi_targets', targets);
  const revisions: TargetChange[] = [];
  const refused: ErrorDetail[] = [];
  for (const { kpi } of located) {
    if (!kpisBefore.has(kpi.code)) continue; // a new KPI's targets are its originals
    for (const [fy, target] of Object.entries(kpi.targets)) {
      const fiscalYear = Number(fy);
      const fileBefore = targetsBefore.get(key(kpiId(kpi.code), fiscalYear)) ?? null;
      if (sameTarget(fileBefore, target)) continue;
      const history = historiesBefore.get(kpi.code)?.get(fiscalYear) ?? { fiscalYear, original: fileBefore, revisions: [] };
      const inForce = targetInForce(history, decidedOn);
      // The file now says what a decision entered on the screen already made the target.
      if (sameTarget(inForce, target)) continue;
      for (const p of revisionProblems({ fiscalYear, value: target, decidedOn }, { today, period: plan.period, history }))
        refused.push({ location: `KPI「${kpi.name}」（${kpi.code}） ${formatFiscalYear(fiscalYear, 'short')}`, message: p.message });
      revisions.push({ kpiCode: kpi.code, kpiName: kpi.name, fiscalYear, oldTarget: inForce, newTarget: target });
    }
  }
  if (refused.length > 0)
    throw new DomainError('PLAN_FILE_INVALID', `計画ファイル ${sourceName} の目標値の変更を記録できません（${refused.length}件）`, refused);
  if (revisions.length > 0) {
    await trx
      .insertInto('target_revisions')
      .values(
        revisions.map((r) => ({
          ...scope,
          kpiId: kpiId(r.kpiCode),
          fiscalYear: r.fiscalYear,
          oldTarget: r.oldTarget,
          newTarget: r.newTarget,
          revisedAt: now,
          reason: reason ?? null,
          source: sourceName,
          decidedOn,
          decidedBy,
          enteredBy,
          enteredVia: 'import' as const,
        })),
      )
      .execute();
  }

  const initiatives = await syncRows(
    trx,
    'initiatives',
    scope,
    ['measureId', 'number'],
    allMeasures.flatMap((m) =>
      m.initiatives.map((i) => ({ measureId: measureId(m.number), number: i.number, title: i.title, description: i.description })),
    ),
  );
  count('initiatives', initiatives);
  const initiativeId = (m: number, i: number) => mustId(initiatives, key(measureId(m), i));

  const actions = await syncRows(
    trx,
    'actions',
    scope,
    ['initiativeId', 'number'],
    allMeasures.flatMap((m) =>
      m.initiatives.flatMap((i) =>
        i.actions.map((a) => ({ initiativeId: initiativeId(m.number, i.number), number: a.number, title: a.title, body: a.text })),
      ),
    ),
  );
  count('actions', actions);

  const roadmap = await syncRows(
    trx,
    'roadmap_items',
    scope,
    ['initiativeId', 'rowIndex', 'firstYear'],
    allMeasures.flatMap((m) =>
      m.initiatives.flatMap((i) =>
        i.roadmap.flatMap((row, rowIndex) =>
          row.items.map((item) => ({
            initiativeId: initiativeId(m.number, i.number),
            rowIndex,
            firstYear: item.firstYear,
            lastYear: item.lastYear,
            text: item.text,
          })),
        ),
      ),
    ),
  );
  count('roadmap_items', roadmap);

  // Children first: a parent's cascade must not take a row that moved elsewhere.
  const removals: [keyof Database, SyncResult][] = [
    ['roadmap_items', roadmap],
    ['actions', actions],
    ['initiatives', initiatives],
    ['kpi_targets', targets],
    ['kpis', kpis],
    ['goals', goals],
    ['measures', measures],
    ['strategies', strategies],
    ['policies', policies],
  ];
  for (const [table, r] of removals)
    await deleteRows(
      trx,
      table,
      r.stale.map((s) => s.id),
    );

  const changed = chamberChanged || created || planChanged || Object.values(counts).some((c) => c.inserted + c.updated + c.deleted > 0);
  if (changed) await trx.updateTable('plans').set({ importedAt: now, sourceName }).where('id', '=', planId).execute();
  return { chamberId, planId, created, counts, revisions, changed };
}

function mustId(result: SyncResult, k: string): number {
  const id = result.ids.get(k);
  if (id === undefined) throw new Error(`internal: no id for ${k}`);
  return id;
}
