/**
 * Reads one plan's whole tree back into the domain shape: one query per table, filtered
 * by chamber and plan, assembled in memory.
 */
import type { Kysely } from 'kysely';
import type { Expr } from '../../domain/kpi/definition.js';
import type { Kpi, Plan } from '../../domain/plan/plan.js';
import type { Database } from '../schema.js';

export interface TargetRevision {
  kpiCode: string;
  fiscalYear: number;
  oldTarget: number | null;
  newTarget: number | null;
  revisedAt: string;
  reason: string | null;
  source: string;
}

export interface LoadedPlan {
  chamberId: number;
  planId: number;
  plan: Plan;
  importedAt: string;
  sourceName: string | null;
  revisions: TargetRevision[];
}

const byNumber = <T extends { number: number }>(a: T, b: T) => a.number - b.number;

function groupBy<T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export async function loadPlan(
  db: Kysely<Database>,
  { chamberId, planId }: { chamberId: number; planId: number },
): Promise<LoadedPlan | undefined> {
  const p = await db
    .selectFrom('plans')
    .innerJoin('chambers', 'chambers.id', 'plans.chamberId')
    .selectAll('plans')
    .select(['chambers.code as chamberCode', 'chambers.name as chamberName'])
    .where('plans.id', '=', planId)
    .where('plans.chamberId', '=', chamberId)
    .executeTakeFirst();
  if (!p) return undefined;
  const [policies, strategies, measures, goals, kpis, targets, revisions, initiatives, actions, roadmap] = await Promise.all([
    db.selectFrom('policies').selectAll().where('chamberId', '=', chamberId).where('planId', '=', planId).execute(),
    db.selectFrom('strategies').selectAll().where('chamberId', '=', chamberId).where('planId', '=', planId).orderBy('sort').execute(),
    db.selectFrom('measures').selectAll().where('chamberId', '=', chamberId).where('planId', '=', planId).orderBy('number').execute(),
    db.selectFrom('goals').selectAll().where('chamberId', '=', chamberId).where('planId', '=', planId).execute(),
    db.selectFrom('kpis').selectAll().where('chamberId', '=', chamberId).where('planId', '=', planId).orderBy('sort').execute(),
    db
      .selectFrom('kpi_targets')
      .selectAll()
      .where('chamberId', '=', chamberId)
      .where('planId', '=', planId)
      .orderBy('fiscalYear')
      .execute(),
    db
      .selectFrom('target_revisions')
      .innerJoin('kpis', 'kpis.id', 'target_revisions.kpiId')
      .select([
        'kpis.code as kpiCode',
        'target_revisions.fiscalYear',
        'target_revisions.oldTarget',
        'target_revisions.newTarget',
        'target_revisions.revisedAt',
        'target_revisions.reason',
        'target_revisions.source',
      ])
      .where('target_revisions.chamberId', '=', chamberId)
      .where('target_revisions.planId', '=', planId)
      .orderBy('target_revisions.id')
      .execute(),
    db.selectFrom('initiatives').selectAll().where('chamberId', '=', chamberId).where('planId', '=', planId).execute(),
    db.selectFrom('actions').selectAll().where('chamberId', '=', chamberId).where('planId', '=', planId).execute(),
    db
      .selectFrom('roadmap_items')
      .selectAll()
      .where('chamberId', '=', chamberId)
      .where('planId', '=', planId)
      .orderBy('rowIndex')
      .orderBy('firstYear')
      .execute(),
  ]);

  const targetsByKpi = groupBy(targets, (t) => t.kpiId);
  const toKpi = (k: (typeof kpis)[number], breakdown: Kpi[]): Kpi => ({
    code: k.code,
    name: k.name,
    label: k.label,
    unit: k.unit,
    baseline: k.baseline,
    baselineYear: k.baselineYear,
    targets: Object.fromEntries((targetsByKpi.get(k.id) ?? []).map((t) => [t.fiscalYear, t.target])),
    definition: k.definition,
    definitionNote: k.definitionNote,
    cumulative: k.cumulative === 1,
    counting: k.counting,
    actual: k.actualDefinition === null ? null : (JSON.parse(k.actualDefinition) as Expr),
    breakdown,
  });
  const subsByParent = groupBy(
    kpis.filter((k) => k.parentId !== null),
    (k) => k.parentId,
  );
  const kpisByGoal = groupBy(
    kpis.filter((k) => k.parentId === null),
    (k) => k.goalId,
  );
  const goalsByMeasure = groupBy(goals, (g) => g.measureId);
  const actionsByInitiative = groupBy(actions, (a) => a.initiativeId);
  const roadmapByInitiative = groupBy(roadmap, (r) => r.initiativeId);
  const initiativesByMeasure = groupBy(initiatives, (i) => i.measureId);
  const measuresByStrategy = groupBy(measures, (m) => m.strategyId);

  const plan: Plan = {
    chamber: { code: p.chamberCode, name: p.chamberName },
    code: p.code,
    title: p.title,
    period: { from: p.firstYear, to: p.lastYear },
    baselineYear: p.baselineYear,
    slogan: p.sloganTitle === null ? null : { title: p.sloganTitle, text: p.sloganText },
    vision: p.visionTitle === null ? null : { title: p.visionTitle, text: p.visionText },
    policies: policies.sort(byNumber).map((x) => ({ number: x.number, title: x.title, text: x.body })),
    strategies: strategies.map((s) => ({
      kind: s.kind,
      number: s.number,
      title: s.title,
      reason: s.reason,
      measures: (measuresByStrategy.get(s.id) ?? []).map((m) => ({
        number: m.number,
        title: m.title,
        page: m.page,
        direction: m.direction,
        goals: (goalsByMeasure.get(m.id) ?? []).sort(byNumber).map((g) => ({
          number: g.number,
          title: g.title,
          description: g.description,
          kpis: (kpisByGoal.get(g.id) ?? []).map((k) =>
            toKpi(
              k,
              (subsByParent.get(k.id) ?? []).map((sub) => toKpi(sub, [])),
            ),
          ),
        })),
        initiatives: (initiativesByMeasure.get(m.id) ?? []).sort(byNumber).map((i) => {
          const rows = groupBy(roadmapByInitiative.get(i.id) ?? [], (r) => r.rowIndex);
          return {
            number: i.number,
            title: i.title,
            description: i.description,
            actions: (actionsByInitiative.get(i.id) ?? []).sort(byNumber).map((a) => ({ number: a.number, title: a.title, text: a.body })),
            roadmap: [...rows.keys()]
              .sort((a, b) => a - b)
              .map((r) => ({
                items: (rows.get(r) ?? []).map((item) => ({ firstYear: item.firstYear, lastYear: item.lastYear, text: item.text })),
              })),
          };
        }),
      })),
    })),
  };
  return { chamberId, planId, plan, importedAt: p.importedAt, sourceName: p.sourceName, revisions };
}
