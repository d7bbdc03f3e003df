/**
 * The 担当者 view: every KPI of the current plan grouped by its owner, with what is missing
 * for the current period (src/domain/kpi/data-gaps.ts); and setting a KPI's owner, recorded in
 * the audit trail.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { listKpiOwners, setKpiOwner } from '../db/queries/kpi-owners.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { type DataGap, dataGaps, groupByOwner, type OwnerGroup } from '../domain/kpi/data-gaps.js';
import { listKpis, strategyLabel } from '../domain/plan/plan.js';
import { computeKpiActualsOf } from './compute-kpi-actuals.js';
import { findPlan } from './find-plan.js';

export interface OwnedKpi {
  code: string;
  name: string;
  unit: string;
  strategy: string;
  measure: number;
  owner: string | null;
}

export interface KpiOwnersView {
  today: IsoDate;
  groups: OwnerGroup<OwnedKpi>[];
  gaps: DataGap[];
}

export async function kpiOwnersView({
  db,
  chamberCode,
  today,
}: {
  db: Kysely<Database>;
  chamberCode: string;
  today: IsoDate;
}): Promise<KpiOwnersView | undefined> {
  const loaded = await findPlan({ db, chamberCode, today });
  if (!loaded) return undefined;
  const [actuals, owners] = await Promise.all([computeKpiActualsOf(db, loaded, { today }), listKpiOwners(db, loaded.chamberId)]);
  const gaps = dataGaps(actuals.results, today, loaded.plan.period);
  const kpis = listKpis(loaded.plan).map(
    (l): OwnedKpi => ({
      code: l.kpi.code,
      name: l.kpi.name,
      unit: l.kpi.unit,
      strategy: strategyLabel(l.strategy),
      measure: l.measure.number,
      owner: owners.get(l.kpi.code) ?? null,
    }),
  );
  return { today, groups: groupByOwner(kpis, owners, gaps), gaps };
}

export async function assignKpiOwner({
  db,
  chamberCode,
  kpiCode,
  owner,
  today,
  now,
  actor,
}: {
  db: Kysely<Database>;
  chamberCode: string;
  kpiCode: string;
  owner: string;
  today: IsoDate;
  now: string;
  actor: Actor;
}): Promise<void> {
  const loaded = await findPlan({ db, chamberCode, today });
  const located = loaded && listKpis(loaded.plan).find((l) => l.kpi.code === kpiCode);
  if (!loaded || !located) throw new DomainError('NOT_FOUND', `KPIが見つかりません: ${kpiCode}`);
  const name = owner.trim();
  if (name.length > 100) throw new DomainError('BAD_REQUEST', '担当者は100文字以内で入力してください');
  await db.transaction().execute(async (trx) => {
    const before = await setKpiOwner(trx, { chamberId: loaded.chamberId, kpiCode, owner: name, now, by: actor.login });
    if (before === (name || null)) return;
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: loaded.chamberId,
      action: before === null ? 'create' : name === '' ? 'delete' : 'update',
      target: 'kpi_owner',
      targetId: kpiCode,
      summary: `KPI ${kpiCode}「${located.kpi.name}」の担当者: ${before ?? '（なし）'} → ${name || '（なし）'}`,
      before: before === null ? null : { owner: before },
      after: name === '' ? null : { owner: name },
    });
  });
}
