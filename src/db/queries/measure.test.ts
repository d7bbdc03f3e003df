/**
 * The SQL executor agrees with the reference semantics (measureInMemory) on random records,
 * on both backends, around the boundaries that matter: fiscal-year edges, as-of days,
 * periods ending on the day measured.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fiscalYearOf } from '../../domain/fiscal-calendar.js';
import type { Measurement } from '../../domain/kpi/evaluate.js';
import { type Facts, measureInMemory } from '../../domain/kpi/measure-in-memory.js';
import { type TestDb, testBackends } from '../../test/databases.js';
import { seededRandom } from '../../test/random.js';
import { measure } from './measure.js';
import { refreshSupportMonthly } from './support-monthly.js';

const KINDS = ['課題解決', '実行支援', '事業計画策定', '地域内取引成立'];
const SUB_KINDS = [null, '事業継続計画', '経営計画', '親族内承継'];
const INDUSTRIES = ['製造業', '小売業', '飲食業', 'サービス業', null];
const CATEGORIES = ['コミュニティビジネス', 'セミナー', null];
/** Days on and around the edges of FY2023–FY2024. */
const DAYS = [
  '2023-03-31',
  '2023-04-01',
  '2024-01-31',
  '2024-02-01',
  '2024-03-31',
  '2024-04-01',
  '2024-04-02',
  '2025-01-31',
  '2025-02-01',
  '2025-03-31',
  '2025-04-01',
];

function randomFacts(seed: number): Facts {
  const r = seededRandom(seed);
  const businesses = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, industry: r.pick(INDUSTRIES) }));
  const memberships = businesses.flatMap((b) =>
    r.chance(0.8)
      ? [{ businessId: b.id, joinedOn: r.pick(DAYS), leftOn: r.chance(0.4) ? r.pick(DAYS) : null }].filter(
          (p) => p.leftOn === null || p.leftOn > p.joinedOn,
        )
      : [],
  );
  const support = Array.from({ length: 300 }, (_, i) => ({
    id: i + 1,
    date: r.pick(DAYS),
    businessId: r.chance(0.85) ? r.int(1, 40) : null,
    kind: r.pick(KINDS),
    subKind: r.pick(SUB_KINDS),
    quantity: r.int(1, 3),
    amount: r.chance(0.5) ? r.int(0, 5000) / 10 : null,
  }));
  const events = Array.from({ length: 30 }, (_, i) => ({
    id: i + 1,
    date: r.pick(DAYS),
    category: r.pick(CATEGORIES),
    visitors: r.int(0, 500),
  }));
  const subscriptions = businesses.flatMap((b) =>
    Array.from({ length: r.int(0, 2) }, () => ({
      businessId: b.id,
      type: r.pick(['貯蓄共済', '福祉共済']),
      joinedOn: r.pick(DAYS),
      leftOn: r.chance(0.3) ? r.pick(DAYS) : null,
    })).filter((s) => s.leftOn === null || s.leftOn > s.joinedOn),
  );
  const statistics = [{ fiscalYear: 2024, item: '商工業者数', value: 1003 }];
  const finances = [{ fiscalYear: 2024, item: '会費', amount: 20500.5 }];
  return { businesses, memberships, support, events, subscriptions, statistics, finances };
}

function measurements(seed: number): Measurement[] {
  const r = seededRandom(seed);
  const out: Measurement[] = [];
  for (let i = 0; i < 150; i++) {
    const [a, b] = [r.pick(DAYS), r.pick(DAYS)].sort() as [string, string];
    out.push({
      type: 'support',
      aggregate: r.pick(['quantity', 'distinctBusinesses', 'amount'] as const),
      kinds: r.chance(0.5) ? [r.pick(KINDS)] : [r.pick(KINDS), r.pick(KINDS)],
      subKinds: r.chance(0.3) ? ['事業継続計画', '親族内承継'] : null,
      industries: r.chance(0.3) ? ['小売業', '飲食業', 'サービス業'] : null,
      from: a,
      to: b,
    });
  }
  for (const day of DAYS) {
    out.push(
      { type: 'members', on: day },
      { type: 'subscribers', types: ['貯蓄共済', '福祉共済'], on: day },
      { type: 'subscribers', types: ['福祉共済'], on: day },
    );
    out.push(
      { type: 'visitors', categories: null, from: '2024-04-01', to: day },
      { type: 'visitors', categories: ['コミュニティビジネス'], from: '2023-04-01', to: day },
    );
  }
  out.push({ type: 'statistic', item: '商工業者数', fiscalYear: 2024 }, { type: 'statistic', item: '商工業者数', fiscalYear: 2023 });
  out.push({ type: 'finance', item: '会費', fiscalYear: 2024 }, { type: 'finance', item: '手数料', fiscalYear: 2024 });
  return out;
}

async function insertFacts(db: TestDb, chamberId: number, facts: Facts): Promise<void> {
  const k = db.kysely;
  const ids = new Map<number, number>();
  for (const b of facts.businesses) {
    const row = await k
      .insertInto('businesses')
      .values({ chamberId, code: `B${b.id}`, name: `事業者${b.id}`, industry: b.industry })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(b.id, row.id);
  }
  const idOf = (id: number) => ids.get(id) ?? -1;
  if (facts.memberships.length)
    await k
      .insertInto('memberships')
      .values(facts.memberships.map((m) => ({ chamberId, businessId: idOf(m.businessId), joinedOn: m.joinedOn, leftOn: m.leftOn })))
      .execute();
  await k
    .insertInto('support_records')
    .values(
      facts.support.map((s) => ({
        chamberId,
        contentKey: `k${s.id}`,
        date: s.date,
        fiscalYear: fiscalYearOf(s.date),
        businessId: s.businessId === null ? null : idOf(s.businessId),
        kind: s.kind,
        subKind: s.subKind,
        quantity: s.quantity,
        amount: s.amount,
      })),
    )
    .execute();
  await refreshSupportMonthly(k, chamberId, 'all');
  await k
    .insertInto('events')
    .values(
      facts.events.map((e) => ({
        chamberId,
        externalId: `E${e.id}`,
        date: e.date,
        fiscalYear: fiscalYearOf(e.date),
        name: `催し${e.id}`,
        category: e.category,
        visitors: e.visitors,
      })),
    )
    .execute();
  if (facts.subscriptions.length)
    await k
      .insertInto('mutual_aid')
      .values(
        facts.subscriptions.map((s, i) => ({
          chamberId,
          contentKey: `m${i}`,
          businessId: idOf(s.businessId),
          type: s.type,
          joinedOn: s.joinedOn,
          leftOn: s.leftOn,
        })),
      )
      .execute();
  await k
    .insertInto('statistics')
    .values(facts.statistics.map((s) => ({ chamberId, ...s })))
    .execute();
  await k
    .insertInto('finances')
    .values(facts.finances.map((f) => ({ chamberId, ...f })))
    .execute();
}

describe.each(await testBackends())('SQL measurements on $name', (backend) => {
  let db: TestDb;
  let chamberId: number;
  let otherChamberId: number;
  const facts = randomFacts(20241125);
  beforeAll(async () => {
    db = await backend.create();
    const add = (code: string) =>
      db.kysely
        .insertInto('chambers')
        .values({ code, name: code, createdAt: '2024-01-01T00:00:00Z' })
        .returning('id')
        .executeTakeFirstOrThrow();
    chamberId = (await add('a')).id;
    otherChamberId = (await add('b')).id;
    await insertFacts(db, chamberId, facts);
    // Another chamber's records must never be counted.
    await insertFacts(db, otherChamberId, randomFacts(7));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  test('every measurement equals the reference', async () => {
    const list = measurements(99);
    const results = await measure(db.kysely, chamberId, list);
    const mismatches = list
      .map((m) => ({ m, sql: results.get(JSON.stringify(m)), reference: measureInMemory(m, facts) }))
      .filter(({ sql, reference }) =>
        typeof sql === 'number' && typeof reference === 'number' ? Math.abs(sql - reference) > 1e-9 : sql !== reference,
      );
    expect(mismatches).toEqual([]);
    expect(list.filter((m) => m.type === 'support').some((m) => (results.get(JSON.stringify(m)) ?? 0) > 0)).toBe(true);
  });
});
