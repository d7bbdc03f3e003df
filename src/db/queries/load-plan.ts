/**
 * Reads one plan's whole tree back into the domain shape: one query per table, filtered
 * by chamber and plan, assembled in memory.
 */
import type { Kysely } from 'kysely';
import type { Expr } from '../../domain/kpi/definition.js';
import type { Kpi, Plan } from '../../domain/plan/plan.js';
import type { TargetHistory, TargetRevision } from '../../domain/plan/targets-in-force.js';
import type { Database } from '../schema.js';

/** A revision as stored (target_revisions), with its KPI's code. */
export interface StoredTargetRevision {
  id: number;
  kpiCode: string;
  fiscalYear: number;
  /** The target in force on decidedOn before it, when it was entered. */
  oldTarget: number | null;
  newTarget: number | null;
  /** When it was entered. */
  revisedAt: string;
  reason: string | null;
  /** The plan file's name, or 画面. */
  source: string;
  decidedOn: string;
  decidedBy: string;
  enteredBy: string;
  enteredVia: 'import' | 'screen';
}

export interface LoadedPlan {
  chamberId: number;
  planId: number;
  /** The plan; its targets are the plan file's until findPlan puts the ones in force in their place. */
  plan: Plan;
  importedAt: string;
  sourceName: string | null;
  /** In the order stored. */
  revisions: StoredTargetRevision[];
  /** Every KPI's target history by code and fiscal year: the original and the revisions. */
  targetHistories: Map<string, Map<number, TargetHistory>>;
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
    listTargetRevisions(db, { chamberId, planId }),
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
  return {
    chamberId,
    planId,
    plan,
    importedAt: p.importedAt,
    sourceName: p.sourceName,
    revisions,
    targetHistories: histories(kpis, targets, revisions),
  };
}

/** A plan's target revisions in the order stored. */
export function listTargetRevisions(
  db: Kysely<Database>,
  { chamberId, planId }: { chamberId: number; planId: number },
): Promise<StoredTargetRevision[]> {
  return db
    .selectFrom('target_revisions')
    .innerJoin('kpis', 'kpis.id', 'target_revisions.kpiId')
    .select([
      'target_revisions.id',
      'kpis.code as kpiCode',
      'target_revisions.fiscalYear',
      'target_revisions.oldTarget',
      'target_revisions.newTarget',
      'target_revisions.revisedAt',
      'target_revisions.reason',
      'target_revisions.source',
      'target_revisions.decidedOn',
      'target_revisions.decidedBy',
      'target_revisions.enteredBy',
      'target_revisions.enteredVia',
    ])
    .where('target_revisions.chamberId', '=', chamberId)
    .where('target_revisions.planId', '=', planId)
    .orderBy('target_revisions.id')
    .execute();
}

/** Every KPI's target history of a plan, without the rest of the plan (for the writers). */
export async function loadTargetHistories(
  db: Kysely<Database>,
  { chamberId, planId }: { chamberId: number; planId: number },
): Promise<Map<string, Map<number, TargetHistory>>> {
  const [kpis, targets, revisions] = await Promise.all([
    db.selectFrom('kpis').select(['id', 'code']).where('chamberId', '=', chamberId).where('planId', '=', planId).execute(),
    db
      .selectFrom('kpi_targets')
      .select(['kpiId', 'fiscalYear', 'target'])
      .where('chamberId', '=', chamberId)
      .where('planId', '=', planId)
      .execute(),
    listTargetRevisions(db, { chamberId, planId }),
  ]);
  return histories(kpis, targets, revisions);
}

/**
 * The history of every KPI's target for every year it has one. kpi_targets holds the plan file's
 * value (so that the same file imports without a change); the original is the old value of the
 * first revision stored, which was entered while nothing had changed yet, or that value when
 * there is no revision.
 */
function histories(
  kpis: readonly { id: number; code: string }[],
  targets: readonly { kpiId: number; fiscalYear: number; target: number | null }[],
  revisions: readonly StoredTargetRevision[],
): Map<string, Map<number, TargetHistory>> {
  const codeOf = new Map(kpis.map((k) => [k.id, k.code]));
  const revisionsOf = groupBy(revisions, (r) => `${r.kpiCode}/${r.fiscalYear}`);
  const out = new Map<string, Map<number, TargetHistory>>();
  for (const t of targets) {
    const code = codeOf.get(t.kpiId);
    if (code === undefined) continue;
    const stored = revisionsOf.get(`${code}/${t.fiscalYear}`) ?? [];
    const byYear = out.get(code) ?? new Map<number, TargetHistory>();
    byYear.set(t.fiscalYear, {
      fiscalYear: t.fiscalYear,
      original: stored[0] ? stored[0].oldTarget : t.target,
      revisions: stored.map(
        (r): TargetRevision => ({
          value: r.newTarget,
          decidedOn: r.decidedOn,
          decidedBy: r.decidedBy,
          reason: r.reason,
          enteredBy: r.enteredBy,
          enteredAt: r.revisedAt,
          via: r.enteredVia,
          source: r.enteredVia === 'import' ? r.source : null,
        }),
      ),
    });
    out.set(code, byYear);
  }
  return out;
}
