import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestDb, testBackends } from '../test/databases.js';
import { computeKpiActuals, type KpiResult } from './compute-kpi-actuals.js';
import { explainKpi } from './explain-kpi.js';
import { loadDemo } from './load-demo.js';
import { roadmapProgress } from './roadmap-progress.js';

const PLANS = new URL('../../plans', import.meta.url).pathname;
const TODAY = '2025-11-25';

describe.each(await testBackends())('the demo on $name', (backend) => {
  let db: TestDb;
  let results: KpiResult[];
  beforeAll(async () => {
    db = await backend.create();
    await loadDemo({ db, plansDir: PLANS, today: TODAY, now: `${TODAY}T00:00:00Z` });
    const out = await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', today: TODAY });
    results = out?.results ?? [];
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('is the same every time for the same day', async () => {
    const count = await db.kysely
      .selectFrom('support_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const again = await backend.create();
    try {
      await loadDemo({ db: again, plansDir: PLANS, today: TODAY, now: `${TODAY}T00:00:00Z` });
      const other = await again.kysely
        .selectFrom('support_records')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(other.n).toBe(count.n);
    } finally {
      await again.dispose();
    }
  });

  test('agrees with the plan’s baselines in its first year (FY2021)', async () => {
    const baseYear = (await computeKpiActuals({ db: db.kysely, chamberCode: 'nikaho', fiscalYear: 2021, today: TODAY }))?.results ?? [];
    const near = (code: string, baseline: number, tolerance: number) => {
      const r = baseYear.find((x) => x.code === code);
      expect(r?.actual, code).not.toBeNull();
      expect(Math.abs((r?.actual ?? 0) - baseline), `${code}: ${r?.actual} vs ${baseline}`).toBeLessThanOrEqual(tolerance);
    };
    near('5-1', 1440, 25); // 課題解決実行件数
    near('1-1', 60, 3);
    near('1-2', 48, 3);
    near('5-2', 30, 3);
    near('4-1', 3, 0);
    near('6-1', 31, 1); // 自己財源比率
    near('6-2', 70, 1.5); // 組織率
    near('6-3', 45, 3); // 共済加入率
    near('10-1', 540, 25); // 来場者数
    near('10-2', 53, 3); // 参画事業者率
  });

  test('shows some KPIs met and some not in FY2024, and every FY2024 KPI has a value', () => {
    const fy2024 = results.filter((r) => r.fiscalYear === 2024);
    expect(fy2024).toHaveLength(21);
    expect(fy2024.filter((r) => r.actual === null).map((r) => `${r.code} ${r.reason}`)).toEqual([]);
    const met = fy2024.filter((r) => (r.achievementRate ?? 0) >= 100);
    const missed = fy2024.filter((r) => r.achievementRate !== null && r.achievementRate < 100);
    expect(met.length).toBeGreaterThanOrEqual(3);
    expect(missed.length).toBeGreaterThanOrEqual(5);
  });

  test('the current year is provisional; finance figures of an open year are not there yet', () => {
    const current = results.filter((r) => r.fiscalYear === 2025);
    expect(current.find((r) => r.code === '5-1')).toMatchObject({ source: 'derived', provisional: true, finalOn: '2026-03-31' });
    expect(current.find((r) => r.code === '6-1')).toMatchObject({ actual: null, reason: '会費（令和7年度）が未入力です' });
    expect(results.filter((r) => r.fiscalYear === 2026).every((r) => r.actual === null)).toBe(true);
  });

  test('every figure traces back to the rows behind it', async () => {
    const rate = await explainKpi({ db: db.kysely, chamberCode: 'nikaho', kpiCode: '6-2', fiscalYear: 2024, today: TODAY, limit: 5000 });
    const [members, businesses] = rate?.terms ?? [];
    expect(members?.label).toBe('会員数（2024-04-01時点）');
    expect(members?.total).toBe(members?.value);
    expect(members?.rows).toHaveLength(members?.value ?? -1);
    expect(businesses?.rows).toEqual([{ type: 'figure', fiscalYear: 2024, item: '商工業者数', value: businesses?.value }]);
    expect(rate?.result.actual).toBeCloseTo(((members?.value ?? 0) / (businesses?.value ?? 1)) * 100, 4);

    const issues = await explainKpi({ db: db.kysely, chamberCode: 'nikaho', kpiCode: '5-1', fiscalYear: 2024, today: TODAY, limit: 10 });
    const term = issues?.terms[0];
    expect(term?.rows).toHaveLength(10);
    expect(term?.total).toBe(issues?.result.actual); // one 件 per record in the demo
    expect(
      term?.rows.every(
        (r) => r.type === 'support' && ['課題解決', '実行支援'].includes(r.kind) && r.date >= '2024-04-01' && r.date <= '2025-03-31',
      ),
    ).toBe(true);
    expect(
      await explainKpi({ db: db.kysely, chamberCode: 'nikaho', kpiCode: 'nope', fiscalYear: 2024, today: TODAY, limit: 10 }),
    ).toBeUndefined();
  });

  test('reports on the 工程表 up to today: closed years mostly 実施済, this year under way, some late and not all', async () => {
    const progress = await roadmapProgress({ db: db.kysely, chamberCode: 'nikaho', today: TODAY });
    const entries = (progress?.measures ?? []).flatMap((m) =>
      m.initiatives.flatMap((i) => i.rows.flatMap((r) => r.items.flatMap((item) => item.entries))),
    );
    const share = (year: number, state: string) =>
      entries.filter((e) => e.fiscalYear === year && e.state === state).length / entries.filter((e) => e.fiscalYear === year).length;
    expect(entries.length).toBeGreaterThan(150);
    for (const closed of [2022, 2023, 2024]) expect(share(closed, 'done')).toBeGreaterThan(0.6);
    expect(entries.some((e) => e.fiscalYear < 2025 && e.state === 'unreported')).toBe(true);
    expect(entries.some((e) => e.fiscalYear < 2025 && e.state === 'postponed' && e.note !== null)).toBe(true);
    const thisYear = entries.filter((e) => e.fiscalYear === 2025);
    const late = thisYear.filter((e) => e.lateReason !== null).length;
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(thisYear.length / 3);
    expect(entries.filter((e) => e.fiscalYear === 2026).every((e) => e.status === null && e.state === 'planned')).toBe(true);
  });
});
