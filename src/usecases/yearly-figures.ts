/**
 * 年度の数値: the figures entered by hand once a year — official statistics (商工業者数 on
 * 4月1日, 商業・サービス業者数) and the chamber's finances (会費, 手数料, 経常収入, 千円) — shown
 * as one table of years × items, and saved a year at a time. The items are those the plan's
 * KPIs read, the usual finance items, and any already stored. Changing a closed year's figure
 * changes that year's KPIs, and must be confirmed.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { listYearlyFigures, setYearlyFigures } from '../db/queries/yearly-figures.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { type FiscalYear, fiscalYearOf, fiscalYearRange, formatFiscalYear, type IsoDate } from '../domain/fiscal-calendar.js';
import { figuresOf, isClosedFiscalYear, kpisUsingFigures, type YearlyFigure } from '../domain/kpi/counted-by.js';
import { listKpis } from '../domain/plan/plan.js';
import { requireConfirmation } from './closed-year-impact.js';
import { findPlan } from './find-plan.js';

/** The finance items of 自己財源比率 (千円), offered even before a plan reads them. */
export const FINANCE_ITEMS = ['会費', '手数料', '経常収入'] as const;

export interface YearlyFiguresView {
  statisticItems: string[];
  financeItems: string[];
  /** Newest first. */
  years: { fiscalYear: FiscalYear; closed: boolean; statistics: Record<string, number | null>; finances: Record<string, number | null> }[];
  /** Item → the KPIs that read it, e.g. 商工業者数 → ['6-2 組織率']. */
  usedBy: { statistics: Record<string, string[]>; finances: Record<string, string[]> };
}

async function planOf(db: Kysely<Database>, chamberCode: string, today: IsoDate) {
  const loaded = await findPlan({ db, chamberCode, today });
  if (!loaded) throw new DomainError('NOT_FOUND', '計画が見つかりません');
  return { loaded, kpis: listKpis(loaded.plan).map((l) => l.kpi) };
}

export async function yearlyFiguresView({
  db,
  chamberCode,
  today,
}: {
  db: Kysely<Database>;
  chamberCode: string;
  today: IsoDate;
}): Promise<YearlyFiguresView> {
  return buildView(db, await planOf(db, chamberCode, today), today);
}

async function buildView(
  db: Kysely<Database>,
  { loaded, kpis }: Awaited<ReturnType<typeof planOf>>,
  today: IsoDate,
): Promise<YearlyFiguresView> {
  const stored = await listYearlyFigures(db, loaded.chamberId);
  const usedBy = { statistics: {} as Record<string, string[]>, finances: {} as Record<string, string[]> };
  for (const kpi of kpis) {
    for (const f of kpi.actual ? figuresOf(kpi.actual) : []) {
      const [map, item] = 'statistic' in f ? [usedBy.statistics, f.statistic] : [usedBy.finances, f.finance];
      const list = map[item] ?? [];
      const label = `${kpi.code} ${kpi.name}`;
      if (!list.includes(label)) map[item] = [...list, label];
    }
  }
  const statisticItems = [...new Set([...Object.keys(usedBy.statistics), ...stored.statistics.map((s) => s.item)])];
  const financeItems = [...new Set([...FINANCE_ITEMS, ...Object.keys(usedBy.finances), ...stored.finances.map((s) => s.item)])];
  const storedYears = [...stored.statistics, ...stored.finances].map((r) => r.fiscalYear);
  const from = Math.min(loaded.plan.baselineYear, ...storedYears);
  const to = Math.max(loaded.plan.period.to, fiscalYearOf(today), ...storedYears);
  const years = fiscalYearRange(from, to)
    .reverse()
    .map((fiscalYear) => {
      const pick = (rows: { fiscalYear: number; item: string; value: number }[], items: string[]) =>
        Object.fromEntries(items.map((item) => [item, rows.find((r) => r.fiscalYear === fiscalYear && r.item === item)?.value ?? null]));
      return {
        fiscalYear,
        closed: isClosedFiscalYear(fiscalYear, today),
        statistics: pick(stored.statistics, statisticItems),
        finances: pick(stored.finances, financeItems),
      };
    });
  return { statisticItems, financeItems, years, usedBy };
}

export interface SaveYearlyFiguresOptions {
  db: Kysely<Database>;
  chamberCode: string;
  fiscalYear: FiscalYear;
  /** Item → value; null removes it. Items not given are left as they are. */
  statistics: Record<string, number | null>;
  finances: Record<string, number | null>;
  confirmed: boolean;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export async function saveYearlyFigures(options: SaveYearlyFiguresOptions): Promise<YearlyFiguresView> {
  const { db, chamberCode, fiscalYear, actor, today, now } = options;
  const plan = await planOf(db, chamberCode, today);
  const { loaded, kpis } = plan;
  const view = await buildView(db, plan, today);
  const year = view.years.find((y) => y.fiscalYear === fiscalYear);
  if (!year) throw new DomainError('BAD_REQUEST', `${formatFiscalYear(fiscalYear)}の数値は入力できません（計画の基準年度から今年度まで）`);
  if (fiscalYear > fiscalYearOf(today)) throw new DomainError('BAD_REQUEST', `${formatFiscalYear(fiscalYear)}はまだ始まっていません`);

  const problems: { location: string; message: string }[] = [];
  const changes = (given: Record<string, number | null>, items: string[], current: Record<string, number | null>, prefix: string) => {
    const changed = new Map<string, number | null>();
    for (const [item, value] of Object.entries(given)) {
      if (!items.includes(item)) problems.push({ location: `${prefix}.${item}`, message: `「${item}」は入力できる項目にありません` });
      else if (value !== null && (!Number.isFinite(value) || value < 0))
        problems.push({ location: `${prefix}.${item}`, message: `${item}: 0以上の数で入力してください` });
      else if ((current[item] ?? null) !== value) changed.set(item, value);
    }
    return changed;
  };
  const statistics = changes(options.statistics, view.statisticItems, year.statistics, 'statistics');
  const finances = changes(options.finances, view.financeItems, year.finances, 'finances');
  if (problems.length > 0) throw new DomainError('BAD_REQUEST', '入力に誤りがあります', problems);
  if (statistics.size + finances.size === 0) return view;

  if (year.closed) {
    const figures: YearlyFigure[] = [
      ...[...statistics.keys()].map((statistic) => ({ statistic })),
      ...[...finances.keys()].map((finance) => ({ finance })),
    ];
    requireConfirmation(kpisUsingFigures(kpis, figures, fiscalYear), {
      confirmed: options.confirmed,
      what: `${formatFiscalYear(fiscalYear)}の数値を変更する`,
    });
  }
  await db.transaction().execute(async (trx) => {
    await setYearlyFigures(trx, loaded.chamberId, fiscalYear, 'statistics', statistics);
    await setYearlyFigures(trx, loaded.chamberId, fiscalYear, 'finances', finances);
    const pick = (m: Map<string, number | null>, current: Record<string, number | null>) =>
      Object.fromEntries([...m.keys()].map((k) => [k, current[k] ?? null]));
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: loaded.chamberId,
      action: 'update',
      target: 'yearly_figures',
      targetId: fiscalYear,
      summary: `${formatFiscalYear(fiscalYear)}の数値を変更: ${[...statistics.keys(), ...finances.keys()].join('、')}`,
      before: { statistics: pick(statistics, year.statistics), finances: pick(finances, year.finances) },
      after: { statistics: Object.fromEntries(statistics), finances: Object.fromEntries(finances) },
    });
  });
  return buildView(db, plan, today);
}
