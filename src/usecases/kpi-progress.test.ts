/**
 * The dashboard's figures from records, on both backends: the pace of a flow KPI comes from
 * how its earlier years filled up month by month, a 累計 KPI's from its increase, a ratio
 * measured on a day has no pace, and a year that is over is rated on its actual.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { AKITA_RATING_BANDS } from '../domain/kpi/rating.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { importPlan } from './import-plan.js';
import { importRecords } from './import-records.js';
import { kpiProgress } from './kpi-progress.js';
import { chamberRatingBands, saveChamberRatingBands } from './rating-bands.js';

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const TODAY = '2026-10-01';

/** 施策提案: 2 in May and 2 in February of FY2023–2025; 3 by September of FY2026. 創業: 3 each June, 1 in June 2026. */
function supportCsv(): string {
  const rows = ['記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考'];
  let id = 0;
  const add = (date: string, kind: string, quantity = 1) => rows.push(`P${++id},${date},,${kind},,${quantity},,事務局,`);
  for (const fy of [2022, 2023, 2024, 2025]) {
    if (fy >= 2023) {
      add(`${fy}-05-10`, '施策提案', 2);
      add(`${fy + 1}-02-10`, '施策提案', 2);
    }
    add(`${fy}-06-15`, '創業', 3);
  }
  add('2026-05-20', '施策提案', 2);
  add('2026-09-30', '施策提案', 1);
  add('2026-06-15', '創業', 1);
  return `${rows.join('\r\n')}\r\n`;
}

describe.each(await testBackends())('kpiProgress on $name', (backend) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'nikaho-2022.yaml', now: '2026-01-01T00:00:00Z' });
    await importRecords({ db, chamberCode: 'nikaho', kind: 'support', bytes: new TextEncoder().encode(supportCsv()), fileName: 's.csv' });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const rowNamed = async (name: string, fiscalYear?: number) => {
    const progress = await kpiProgress({ db: db.kysely, chamberCode: 'nikaho', today: TODAY, fiscalYear });
    const row = progress?.rows.find((r) => r.name === name);
    if (!progress || !row) throw new Error(`no row ${name}`);
    return { progress, row };
  };

  test('a flow mid-year: expected from the months of earlier years, projected year-end, rated on the projection', async () => {
    const { progress, row } = await rowNamed('にかほ市に対する施策提案件数');
    expect(progress.fiscalYear).toBe(2026);
    // Earlier years reached half their total by the end of September; October's first day adds nothing.
    expect(row).toMatchObject({ kind: 'flow', target: 5, actual: 3, expected: 2.5, projected: 6, ratedOn: 'projection' });
    expect(row.rating).toMatchObject({ kind: 'rated', band: { code: 'A' }, rate: 120 });
    expect(row.achievementRate).toBe(60);
    expect(row.pace?.kind === 'flow' && row.pace.share.basis).toEqual({ method: 'history', years: [2023, 2024, 2025] });
    expect(row.trend.map((p) => [p.label, p.status, p.actual])).toEqual([
      ['R3年度', 'baseline', 3],
      ['R4年度', 'final', 0],
      ['R5年度', 'final', 4],
      ['R6年度', 'final', 4],
      ['R7年度', 'final', 4],
      ['R8年度', 'provisional', 3],
    ]);
  });

  test('a 累計 KPI paces only the increase of this year, from the previous year-end', async () => {
    const { row } = await rowNamed('創業実現件数');
    // 6 + 3 × 4 years = 18 at the end of FY2025; every earlier year was complete by June.
    expect(row).toMatchObject({ kind: 'flow', cumulative: true, target: 36, actual: 19, expected: 36, projected: 19 });
    expect(row.rating).toMatchObject({ band: { code: 'C' }, rate: 52.8 });
  });

  test('a ratio measured on a day has no pace; without its statistic it is 未集計 with the reason', async () => {
    const { row } = await rowNamed('組織率');
    expect(row).toMatchObject({ kind: 'stock', expected: null, projected: null, actual: null });
    expect(row.pace).toMatchObject({ kind: 'stock', measuredOn: '2026-04-01', final: true });
    expect(row.rating).toMatchObject({ kind: 'noActual', label: '未集計' });
    expect(row.rating.kind === 'noActual' && row.rating.reason).toMatch(/商工業者数/);
  });

  test('a year that is over is rated on its actual, and the summary puts those behind first', async () => {
    const { progress, row } = await rowNamed('にかほ市に対する施策提案件数', 2025);
    expect(row).toMatchObject({ actual: 4, target: 5, projected: 4, ratedOn: 'actual' });
    expect(row.rating).toMatchObject({ band: { code: 'B' }, rate: 80 });
    const { counts } = { counts: progress.summary };
    expect(counts.total).toBe(progress.rows.length);
    expect(counts.bands.reduce((n, b) => n + b.count, 0) + counts.noActual + counts.noTarget).toBe(counts.total);
    const first = progress.rows.find((r) => r.code === progress.behindFirst[0]);
    expect(first?.rating.kind).toBe('rated');
    expect(first?.rating.kind === 'rated' && first.rating.band.code).toBe('D');
  });

  test('a chamber with the 秋田 bands sees its KPIs rated 順調 / 概ね順調 / 一部未達成; a bad set is refused and changes nothing', async () => {
    const chamberId = (await db.kysely.selectFrom('chambers').select('id').where('code', '=', 'nikaho').executeTakeFirstOrThrow()).id;
    const actor = { userId: null, login: 'jimukyoku' };
    const now = '2026-10-01T00:00:00Z';
    await saveChamberRatingBands({
      db: db.kysely,
      chamberId,
      bands: JSON.parse(JSON.stringify(AKITA_RATING_BANDS.map((b, i, all) => ({ ...b, min: i === all.length - 1 ? 0 : b.min })))),
      now,
      actor,
    });
    const { row, progress } = await rowNamed('にかほ市に対する施策提案件数', 2025);
    expect(progress.bands.map((b) => b.label)).toEqual(['順調', '概ね順調', '一部未達成']);
    expect(row.rating).toMatchObject({ band: { code: 'B', label: '概ね順調', mark: '△' }, rate: 80 });

    const bad = [
      { code: 'A', min: 80, label: '順調' },
      { code: 'B', min: 90, label: '概ね順調' },
      { code: 'C', min: 0, label: '一部未達成' },
    ];
    const error = await saveChamberRatingBands({ db: db.kysely, chamberId, bands: bad, now, actor }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details).toEqual([
      { location: expect.stringContaining('評価の段階'), message: expect.stringContaining('大きい順') },
    ]);
    expect((await chamberRatingBands(db.kysely, chamberId)).bands.map((b) => b.label)).toEqual(['順調', '概ね順調', '一部未達成']);

    await saveChamberRatingBands({ db: db.kysely, chamberId, bands: null, now, actor });
    expect(await chamberRatingBands(db.kysely, chamberId)).toMatchObject({
      custom: false,
      bands: [{ code: 'A', label: '達成' }, {}, {}, {}],
    });
  });
});
