/**
 * Accounts, roles and tenant isolation through the real HTTP API, on both databases. Every
 * route of the OpenAPI document is tried: without a session (401), with another chamber's
 * code and ids (404, as for a chamber that does not exist), and by each role (what it may
 * not do is 403). A route added later without a chamber check fails here.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, type SignedInClient, signInTo, TEST_PASSWORD } from '../test/accounts.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { importPlan } from '../usecases/import-plan.js';
import { buildServer } from './server.js';

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const SAMPLE = readFileSync(new URL('../test/fixtures/sample-plan.yaml', import.meta.url), 'utf8');
const clock = { today: () => '2024-06-01', now: () => '2024-06-01T00:00:00.000Z' };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Route {
  method: Method;
  path: string;
}

/** Every documented route, from the OpenAPI document. */
async function documentedRoutes(app: FastifyInstance): Promise<Route[]> {
  const doc = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => ({ method: m.toUpperCase() as Method, path })),
  );
}

const SUPPORT_RECORD = {
  date: '2024-05-01',
  businessId: null,
  kind: '課題解決',
  subKind: null,
  quantity: 1,
  amount: null,
  staff: null,
  note: null,
};

const EVENT = { name: '創業塾', date: '2024-05-01', category: 'セミナー', visitors: 10, participantIds: [] };
/** businessId 1: にかほ has no business here, so a write answers 400 (not 404: the route is there). */
const MUTUAL_AID = { businessId: 1, type: '貯蓄共済', joinedOn: '2024-05-01', leftOn: null, externalId: null };
const BUSINESS = {
  code: 'X-1',
  name: '確認用商店',
  kana: null,
  industry: null,
  district: null,
  employees: null,
  foundedOn: null,
  memberships: [{ joinedOn: '2024-05-01', leftOn: null }],
};
const EVALUATION_SHEET = {
  achievements: '成果',
  issues: '課題',
  improvements: '改善策',
  necessity: 'high',
  effectiveness: 'medium',
  efficiency: 'low',
  overall: 'B',
  kpiActions: {},
};
/** R6 (the year of the clock below), decided within it. */
const TARGET_REVISION = { value: 1600, reason: '評価委員会の指摘', decidedOn: '2024-05-20', decidedBy: '評価委員会' };
/** A new 事業者コード for every POST, so that a second one is not refused as a duplicate. */
let businessSerial = 0;

/** A request for a route: its parameters filled in, a body that passes validation. */
function requestFor(route: Route, values: { chamber: string; code: string; plan: string; id: number }) {
  const url = route.path
    .replace('{chamber}', values.chamber)
    .replace('{code}', values.code)
    .replace('{plan}', values.plan)
    .replace('{fiscalYear}', 'R6')
    .replace('{measure}', '1')
    .replace('{kind}', 'statistics')
    .replace('{id}', String(values.id))
    .replace('{itemId}', String(values.id))
    .replace(/\/v1\/chambers\/[^/]+\/kpis\/[^/]+\/records$/, (m) => `${m}?fiscalYear=2024`);
  const bodies: Record<string, { payload?: unknown; type?: string }> = {
    'PUT /committee-comment': { payload: { comment: '委員会のコメント' } },
    'PUT /general-comment': { payload: { comment: '総評' } },
    'POST /unlock': { payload: { reason: '訂正のため' } },
    'POST /submit': { payload: {} },
    'PUT /evaluations/': { payload: EVALUATION_SHEET },
    'PUT /owner': { payload: { owner: '経営指導員 佐藤' } },
    'PUT /rating-bands': { payload: { bands: null } },
    'PUT /kpis/': { payload: { value: 1, evidence: '資料', enteredBy: '事務局' } },
    'POST /kpis/': { payload: TARGET_REVISION },
    'POST /imports/': { payload: '年度,項目,値\nR6,商工業者数,1000\n', type: 'text/csv' },
    'POST /import-jobs/': { payload: '年度,項目,値\nR6,商工業者数,1000\n', type: 'text/csv' },
    'POST /members': { payload: { login: 'newcomer', displayName: '新人', password: 'a long enough password', role: 'staff' } },
    'PATCH /members/': { payload: { disabled: true } },
    'POST /session': { payload: { login: 'x', password: 'y' } },
    'POST /setup': { payload: { login: 'x', displayName: 'x', password: 'y' } },
    'PUT /account/password': { payload: { current: 'x', next: 'y' } },
    'POST /support-records': { payload: SUPPORT_RECORD },
    'PUT /support-records/': { payload: SUPPORT_RECORD },
    'PUT /yearly-figures/': { payload: { statistics: { 商工業者数: 1000 } } },
    'POST /events': { payload: EVENT },
    'PUT /events/': { payload: EVENT },
    'POST /mutual-aid': { payload: MUTUAL_AID },
    'PUT /mutual-aid/': { payload: MUTUAL_AID },
    'POST /businesses': {
      get payload() {
        businessSerial += 1;
        return { ...BUSINESS, code: `X-${businessSerial}` };
      },
    },
    'PUT /businesses/': { payload: BUSINESS },
    'PUT /roadmap/': { payload: { status: 'done', note: '開催した' } },
    'POST /draft': { payload: {} },
    'POST /reopen': { payload: { reason: '総会で修正' } },
    'PUT /annual-plans/': { payload: { preface: '', measures: [] } },
  };
  const body = Object.entries(bodies).find(([k]) => {
    const [m, part] = k.split(' ');
    return m === route.method && url.includes(part ?? '');
  })?.[1];
  return { method: route.method, url, payload: body?.payload, contentType: body?.type };
}

describe.each(await testBackends())('accounts, roles and chambers kept apart on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let routes: Route[];
  const clients: Record<string, SignedInClient> = {};
  let sampleUserId = 0;
  let sampleRecordId = 0;
  let sampleEventId = 0;
  let sampleMutualAidId = 0;
  let sampleBusinessId = 0;
  let sampleRoadmapItemId = 0;

  const call = (who: string | null, r: ReturnType<typeof requestFor>, extra: Record<string, string> = {}) =>
    app.inject({
      method: r.method,
      url: r.url,
      headers: { ...(who ? clients[who]?.headers : {}), ...(r.contentType ? { 'content-type': r.contentType } : {}), ...extra },
      ...(r.payload === undefined ? {} : { payload: r.payload as string }),
    });

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'nikaho.yaml', now: clock.now() });
    await importPlan({ db: db.kysely, source: SAMPLE, fileName: 'sample.yaml', now: clock.now() });
    await db.kysely.insertInto('federations').values({ code: 'akita', name: '秋田県商工会連合会' }).execute();
    const akita = await db.kysely.selectFrom('federations').select('id').executeTakeFirstOrThrow();
    await db.kysely.updateTable('chambers').set({ federationId: akita.id }).where('code', '=', 'nikaho').execute();
    app = await buildServer({ db, clock, loginAttempts: 3 });
    await createAccount(db.kysely, { login: 'n-admin', roles: { nikaho: 'admin' } });
    await createAccount(db.kysely, { login: 'n-staff', roles: { nikaho: 'staff' } });
    await createAccount(db.kysely, { login: 'n-viewer', roles: { nikaho: 'viewer' } });
    await createAccount(db.kysely, { login: 'kenren', federation: 'akita' });
    sampleUserId = await createAccount(db.kysely, { login: 's-admin', roles: { 'sample-cci': 'admin' } });
    for (const login of ['n-admin', 'n-staff', 'n-viewer', 'kenren', 's-admin']) clients[login] = await signInTo(app, login);
    routes = await documentedRoutes(app);
    const sample = await db.kysely.selectFrom('chambers').select('id').where('code', '=', 'sample-cci').executeTakeFirstOrThrow();
    sampleRecordId = (
      await db.kysely
        .insertInto('support_records')
        .values({
          chamberId: sample.id,
          contentKey: 'id:S-1',
          externalId: 'S-1',
          date: '2025-05-01',
          fiscalYear: 2025,
          kind: '課題解決',
          quantity: 2,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    sampleBusinessId = (
      await db.kysely
        .insertInto('businesses')
        .values({ chamberId: sample.id, code: 'S-B1', name: '見本市の商店' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    sampleEventId = (
      await db.kysely
        .insertInto('events')
        .values({ chamberId: sample.id, externalId: 'E-1', date: '2025-05-01', fiscalYear: 2025, name: '見本市', visitors: 30 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db.kysely
      .insertInto('event_participants')
      .values({ chamberId: sample.id, eventId: sampleEventId, businessId: sampleBusinessId })
      .execute();
    sampleMutualAidId = (
      await db.kysely
        .insertInto('mutual_aid')
        .values({
          chamberId: sample.id,
          contentKey: 'id:K-1',
          businessId: sampleBusinessId,
          type: '貯蓄共済',
          joinedOn: '2020-04-01',
          externalId: 'K-1',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db.kysely
      .insertInto('memberships')
      .values({ chamberId: sample.id, businessId: sampleBusinessId, joinedOn: '2020-04-01' })
      .execute();
    sampleRoadmapItemId = (
      await db.kysely.selectFrom('roadmap_items').select('id').where('chamberId', '=', sample.id).orderBy('id').executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const OPEN = new Set(['POST /api/v1/session', 'GET /api/v1/setup', 'POST /api/v1/setup']);

  test('every route but sign-in and set-up asks for a session', async () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes.filter((r) => !OPEN.has(`${r.method} ${r.path}`))) {
      const res = await call(null, requestFor(route, { chamber: 'nikaho', code: '5-1', plan: 'nikaho-2022', id: 1 }));
      expect([route.path, res.statusCode]).toEqual([route.path, 401]);
      expect(res.json().error.message).toBe('ログインしてください');
    }
  });

  test("another chamber's code, or its ids under one's own chamber, are not found through any route", async () => {
    const chamberRoutes = routes.filter((r) => r.path.includes('{chamber}'));
    expect(chamberRoutes.length).toBeGreaterThanOrEqual(9);
    // Each route is there: にかほ's own code answers otherwise than 404.
    for (const route of chamberRoutes.filter((r) => !r.path.includes('{id}'))) {
      const own = await call('n-admin', requestFor(route, { chamber: 'nikaho', code: '5-1', plan: 'nikaho-2022', id: 1 }));
      expect([route.method, route.path, own.statusCode]).not.toEqual([route.method, route.path, 404]);
    }
    const before = await db.kysely.selectFrom('audit_log').select('id').execute();
    for (const route of chamberRoutes) {
      // にかほ's administrator, at 見本市's routes with 見本市's plan, KPI and account ids.
      const foreign = await call(
        'n-admin',
        requestFor(route, { chamber: 'sample-cci', code: 'startups', plan: 'sample-2025', id: sampleUserId }),
      );
      expect([route.method, route.path, foreign.statusCode]).toEqual([route.method, route.path, 404]);
      expect(foreign.json().error.code).toBe('NOT_FOUND');
      // …and a chamber that does not exist reads the same as another's.
      const none = await call(
        'n-admin',
        requestFor(route, { chamber: 'no-such', code: 'startups', plan: 'sample-2025', id: sampleUserId }),
      );
      expect(none.json()).toEqual({
        error: { ...foreign.json().error, message: foreign.json().error.message.replace('sample-cci', 'no-such') },
      });
    }
    // 見本市's ids under にかほ's own code: its plan, its KPI, its account.
    for (const [method, url, payload] of [
      ['GET', '/api/v1/chambers/nikaho/plans/sample-2025', undefined],
      ['GET', '/api/v1/chambers/nikaho/kpis/startups/records?fiscalYear=2025', undefined],
      ['PUT', '/api/v1/chambers/nikaho/kpis/startups/actuals/R7', { value: 1, evidence: '資料', enteredBy: '事務局' }],
      ['GET', '/api/v1/chambers/nikaho/kpis/startups/targets', undefined],
      ['POST', '/api/v1/chambers/nikaho/kpis/startups/targets/R6', TARGET_REVISION],
      ['PATCH', `/api/v1/chambers/nikaho/members/${sampleUserId}`, { disabled: true }],
      ['PUT', `/api/v1/chambers/nikaho/support-records/${sampleRecordId}`, SUPPORT_RECORD],
      ['DELETE', `/api/v1/chambers/nikaho/support-records/${sampleRecordId}?confirmed=true`, undefined],
      ['GET', `/api/v1/chambers/nikaho/events/${sampleEventId}`, undefined],
      ['PUT', `/api/v1/chambers/nikaho/events/${sampleEventId}`, EVENT],
      ['DELETE', `/api/v1/chambers/nikaho/events/${sampleEventId}?confirmed=true`, undefined],
      ['PUT', `/api/v1/chambers/nikaho/mutual-aid/${sampleMutualAidId}`, MUTUAL_AID],
      ['DELETE', `/api/v1/chambers/nikaho/mutual-aid/${sampleMutualAidId}?confirmed=true`, undefined],
      ['GET', `/api/v1/chambers/nikaho/businesses/${sampleBusinessId}`, undefined],
      ['PUT', `/api/v1/chambers/nikaho/businesses/${sampleBusinessId}`, { ...BUSINESS, confirmed: true }],
      ['DELETE', `/api/v1/chambers/nikaho/businesses/${sampleBusinessId}?confirmed=true`, undefined],
      ['PUT', `/api/v1/chambers/nikaho/roadmap/${sampleRoadmapItemId}/R7`, { status: 'done' }],
    ] as const) {
      const res = await call('n-admin', { method, url, payload, contentType: undefined });
      expect([url, res.statusCode]).toEqual([url, 404]);
    }
    const s = await db.kysely.selectFrom('users').select('disabledAt').where('id', '=', sampleUserId).executeTakeFirstOrThrow();
    expect(s.disabledAt).toBeNull();
    expect(
      await db.kysely.selectFrom('support_records').select(['date', 'quantity']).where('id', '=', sampleRecordId).executeTakeFirst(),
    ).toEqual({
      date: '2025-05-01',
      quantity: 2,
    });
    expect(await db.kysely.selectFrom('events').select(['name', 'visitors']).where('id', '=', sampleEventId).executeTakeFirst()).toEqual({
      name: '見本市',
      visitors: 30,
    });
    expect(await db.kysely.selectFrom('event_participants').select('eventId').where('eventId', '=', sampleEventId).execute()).toHaveLength(
      1,
    );
    expect(await db.kysely.selectFrom('mutual_aid').select('type').where('id', '=', sampleMutualAidId).executeTakeFirst()).toEqual({
      type: '貯蓄共済',
    });
    expect(await db.kysely.selectFrom('businesses').select('name').where('id', '=', sampleBusinessId).executeTakeFirst()).toEqual({
      name: '見本市の商店',
    });
    expect(await db.kysely.selectFrom('memberships').select('joinedOn').where('businessId', '=', sampleBusinessId).execute()).toEqual([
      { joinedOn: '2020-04-01' },
    ]);
    // Nothing was changed, so nothing was recorded.
    expect(await db.kysely.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
    // The list of chambers shows only one's own.
    expect((await call('n-admin', { method: 'GET', url: '/api/v1/chambers', payload: undefined, contentType: undefined })).json()).toEqual({
      chambers: [{ code: 'nikaho', name: 'にかほ市商工会' }],
    });
  });

  test.each([
    // who, method, url, status
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/kpis/5-1/records?fiscalYear=2024', 200],
    ['n-viewer', 'POST', '/api/v1/chambers/nikaho/imports/statistics', 403],
    ['n-viewer', 'PUT', '/api/v1/chambers/nikaho/kpis/1-1/actuals/R6', 403],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/members', 403],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/imports/statistics', 200],
    ['n-staff', 'GET', '/api/v1/chambers/nikaho/members', 403],
    ['n-staff', 'GET', '/api/v1/chambers/nikaho/audit', 403],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/kpis', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/plan', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/kpis/5-1/records?fiscalYear=2024', 403],
    ['kenren', 'POST', '/api/v1/chambers/nikaho/imports/statistics', 403],
    ['kenren', 'GET', '/api/v1/chambers/sample-cci/kpis', 404],
    ['n-admin', 'GET', '/api/v1/chambers/nikaho/members', 200],
    ['n-admin', 'GET', '/api/v1/audit', 403],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/owners', 200],
    ['n-viewer', 'PUT', '/api/v1/chambers/nikaho/kpis/5-1/owner', 403],
    ['n-staff', 'PUT', '/api/v1/chambers/nikaho/kpis/5-1/owner', 204],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/owners', 403],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/progress', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/rating-bands', 200],
    ['n-staff', 'PUT', '/api/v1/chambers/nikaho/rating-bands', 403],
    ['n-admin', 'PUT', '/api/v1/chambers/nikaho/rating-bands', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/kpis/5-1/targets', 200],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/kpis/5-1/targets', 200],
    ['n-viewer', 'POST', '/api/v1/chambers/nikaho/kpis/6-1/targets/R6', 403],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/kpis/6-1/targets/R6', 403],
    ['kenren', 'POST', '/api/v1/chambers/nikaho/kpis/6-1/targets/R6', 403],
    ['n-admin', 'POST', '/api/v1/chambers/nikaho/kpis/6-1/targets/R6', 201],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/support-records', 200],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/businesses?q=a', 200],
    ['n-viewer', 'POST', '/api/v1/chambers/nikaho/support-records', 403],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/support-records', 201],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/support-records', 403],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/businesses', 403],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/yearly-figures', 403],
    ['n-viewer', 'PUT', '/api/v1/chambers/nikaho/yearly-figures/R6', 403],
    ['n-staff', 'PUT', '/api/v1/chambers/nikaho/yearly-figures/R6', 200],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/exports/support.csv', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/exports/support.csv', 403],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/exports/businesses.csv?encoding=sjis', 403],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/events', 200],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/event-categories', 200],
    ['n-viewer', 'POST', '/api/v1/chambers/nikaho/events', 403],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/events', 201],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/events', 403],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/event-categories', 403],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/mutual-aid', 200],
    ['n-viewer', 'POST', '/api/v1/chambers/nikaho/mutual-aid', 403],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/mutual-aid', 400],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/mutual-aid', 403],
    ['kenren', 'POST', '/api/v1/chambers/nikaho/mutual-aid', 403],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/businesses/facets', 200],
    ['n-viewer', 'POST', '/api/v1/chambers/nikaho/businesses', 403],
    ['n-viewer', 'PUT', '/api/v1/chambers/nikaho/businesses/1', 403],
    ['n-viewer', 'DELETE', '/api/v1/chambers/nikaho/businesses/1', 403],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/businesses', 201],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/businesses/1', 403],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/evaluations/R6', 200],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/evaluations/R6/measures/1', 200],
    ['n-viewer', 'PUT', '/api/v1/chambers/nikaho/evaluations/R6/measures/1', 403],
    ['n-viewer', 'PUT', '/api/v1/chambers/nikaho/evaluations/R6/general-comment', 403],
    ['n-staff', 'PUT', '/api/v1/chambers/nikaho/evaluations/R6/measures/2', 200],
    ['n-staff', 'PUT', '/api/v1/chambers/nikaho/evaluations/R6/measures/2/committee-comment', 200],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/evaluations/R6/measures/2/unlock', 403],
    ['n-admin', 'POST', '/api/v1/chambers/nikaho/evaluations/R6/measures/3/unlock', 409],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/evaluations/R6/summary.xlsx', 200],
    ['kenren', 'PUT', '/api/v1/chambers/nikaho/evaluations/R6/measures/1', 403],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/roadmap', 200],
    ['n-viewer', 'PUT', '/api/v1/chambers/nikaho/roadmap/1/R4', 403],
    ['n-staff', 'PUT', '/api/v1/chambers/nikaho/roadmap/1/R4', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/roadmap', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/roadmap/late', 200],
    ['kenren', 'PUT', '/api/v1/chambers/nikaho/roadmap/1/R4', 403],
    ['n-viewer', 'GET', '/api/v1/chambers/nikaho/annual-plans/R7', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/annual-plans/R7', 200],
    ['kenren', 'GET', '/api/v1/chambers/nikaho/annual-plans/R7.xlsx', 200],
    ['n-viewer', 'POST', '/api/v1/chambers/nikaho/annual-plans/R7/draft', 403],
    ['kenren', 'PUT', '/api/v1/chambers/nikaho/annual-plans/R7', 403],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/annual-plans/R7/draft', 200],
    ['n-staff', 'PUT', '/api/v1/chambers/nikaho/annual-plans/R7', 200],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/annual-plans/R7/confirm', 200],
    ['n-staff', 'POST', '/api/v1/chambers/nikaho/annual-plans/R7/reopen', 403],
    ['n-admin', 'POST', '/api/v1/chambers/nikaho/annual-plans/R7/reopen', 200],
  ] as const)('%s %s %s → %i', async (who, method, url, status) => {
    const r = requestFor(
      { method, path: url.replace('/api/v1', '/api/v1') },
      { chamber: 'nikaho', code: '5-1', plan: 'nikaho-2022', id: 1 },
    );
    const res = await call(who, { ...r, url });
    expect(res.statusCode).toBe(status);
    if (status === 403) expect(res.json().error.message).toContain('権限がありません');
  });

  test('a change without the CSRF token, or a sign-in from another site, is refused', async () => {
    const url = '/api/v1/chambers/nikaho/imports/statistics';
    const csv = '年度,項目,値\nR6,商工業者数,1001\n';
    for (const token of [undefined, 'wrong']) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: clients['n-staff']?.headers.cookie ?? '',
          'content-type': 'text/csv',
          ...(token ? { 'x-csrf-token': token } : {}),
        },
        payload: csv,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toContain('CSRF');
    }
    const stats = await db.kysely.selectFrom('statistics').select('value').where('value', '=', 1001).execute();
    expect(stats).toEqual([]);
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin: 'https://evil.example', host: 'localhost' },
      payload: { login: 'n-staff', password: TEST_PASSWORD },
    });
    expect(foreign.statusCode).toBe(403);
  });

  test('failed sign-ins are recorded and then limited; the audit trail holds who did what, and cannot be changed', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { login: 'nobody', password: 'wrong password!' } });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toBe('ログインIDまたはパスワードが違います');
    }
    const limited = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { login: 'nobody', password: TEST_PASSWORD } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toContain('待ってから');
    const failed = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'login.failed').execute();
    expect(failed.length).toBeGreaterThanOrEqual(3);
    expect(failed[0]).toMatchObject({ userLogin: 'nobody', target: 'session', ip: '127.0.0.1' });
    // Another login from the same address is not held back by them.
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/session', payload: { login: 'n-viewer', password: TEST_PASSWORD } })).statusCode,
    ).toBe(204);

    // A manual actual (見本市's KPIs have no definition): who, when, before and after.
    const put = (value: number) =>
      app.inject({
        method: 'PUT',
        url: '/api/v1/chambers/sample-cci/kpis/startups/actuals/R7',
        headers: clients['s-admin']?.headers,
        payload: { value, evidence: '創業者名簿', enteredBy: '事務局' },
      });
    expect((await put(4)).statusCode).toBe(204);
    expect((await put(5)).statusCode).toBe(204);
    const entries = await db.kysely.selectFrom('audit_log').selectAll().where('target', '=', 'manual_actual').orderBy('id').execute();
    expect(entries.map((e) => [e.userLogin, e.action, e.targetId])).toEqual([
      ['s-admin', 'create', 'startups/2025'],
      ['s-admin', 'update', 'startups/2025'],
    ]);
    expect(JSON.parse(entries[1]?.beforeJson ?? '{}')).toMatchObject({ value: 4 });
    expect(JSON.parse(entries[1]?.afterJson ?? '{}')).toMatchObject({ value: 5, evidence: '創業者名簿' });
    const staffImport = await app.inject({
      method: 'POST',
      url: '/api/v1/chambers/nikaho/imports/statistics',
      headers: { ...clients['n-staff']?.headers, 'content-type': 'text/csv' },
      payload: '年度,項目,値\nR6,商工業者数,1002\n',
    });
    expect(staffImport.json()).toMatchObject({ rows: 1 });
    const restore = await app.inject({
      method: 'POST',
      url: '/api/v1/chambers/nikaho/imports/statistics',
      headers: { ...clients['n-staff']?.headers, 'content-type': 'text/csv' },
      payload: '年度,項目,値\nR6,商工業者数,1003\n',
    });
    expect(restore.json()).toMatchObject({ changed: 1 });
    const imported = await db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'import')
      .where('userLogin', '=', 'n-staff')
      .execute();
    expect(imported.at(-1)).toMatchObject({ userLogin: 'n-staff', target: 'statistics' });
    expect(JSON.parse(imported.at(-1)?.afterJson ?? '{}')).toMatchObject({
      fileName: 'statistics.csv',
      rows: 1,
      changed: 1,
      changedRows: [{ table: 'statistics', value: 1003 }],
    });
    expect(JSON.parse(imported.at(-1)?.beforeJson ?? '[]')).toMatchObject([{ table: 'statistics', value: 1002 }]);

    // The administrator reads it, and exports it for Excel.
    const list = await app.inject({ url: '/api/v1/chambers/nikaho/audit?action=import', headers: clients['n-admin']?.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().entries[0]).toMatchObject({ login: 'n-staff', action: 'import' });
    const csv = await app.inject({ url: '/api/v1/chambers/nikaho/audit?format=csv', headers: clients['n-admin']?.headers });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\ufeffID,日時（日本時間）,ログインID')).toBe(true);
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''%E7%9B%A3%E6%9F%BB");
    // 見本市's administrator sees none of にかほ's entries.
    const other = await app.inject({ url: '/api/v1/chambers/sample-cci/audit', headers: clients['s-admin']?.headers });
    expect(other.json().entries.filter((e: { summary: string }) => e.summary.includes('統計値'))).toEqual([]);
    // Sign-ins belong to no chamber; each chamber's administrator sees those of its own people.
    const signIns = async (chamber: string, login: string) =>
      (await app.inject({ url: `/api/v1/chambers/${chamber}/audit?action=login`, headers: clients[login]?.headers }))
        .json()
        .entries.map((e: { login: string }) => e.login);
    expect(await signIns('nikaho', 'n-admin')).toContain('n-viewer');
    expect(await signIns('sample-cci', 's-admin')).not.toContain('n-viewer');
    const failedSeen = (
      await app.inject({ url: '/api/v1/chambers/nikaho/audit?action=login.failed', headers: clients['n-admin']?.headers })
    ).json();
    expect(failedSeen.entries.map((e: { login: string }) => e.login)).not.toContain('nobody');

    // Not through the app, not even through the database.
    await expect(sql`update audit_log set summary = 'x'`.execute(db.kysely)).rejects.toThrow(/監査ログは変更・削除できません/);
    await expect(sql`delete from audit_log`.execute(db.kysely)).rejects.toThrow(/監査ログは変更・削除できません/);
  });

  test('security headers on pages and API', async () => {
    const res = await app.inject({ url: '/api/v1/setup' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  test('signing out ends the session; a disabled account cannot sign in', async () => {
    const c = await signInTo(app, 'n-staff');
    const out = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: c.headers });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/session', headers: c.headers })).statusCode).toBe(401);
    const id = (await db.kysely.selectFrom('users').select('id').where('login', '=', 'n-viewer').executeTakeFirstOrThrow()).id;
    const disable = await app.inject({
      method: 'PATCH',
      url: `/api/v1/chambers/nikaho/members/${id}`,
      headers: clients['n-admin']?.headers,
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(204);
    // Its open session ended with it.
    expect((await app.inject({ url: '/api/v1/session', headers: clients['n-viewer']?.headers })).statusCode).toBe(401);
  });
});

describe.each(await testBackends())('first start on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await backend.create();
    app = await buildServer({ db, clock });
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test('the first administrator is made once, with a password that is long enough, and is signed in', async () => {
    expect((await app.inject('/api/v1/setup')).json()).toEqual({ needed: true });
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { login: 'admin', displayName: '管理者', password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details).toEqual([{ location: 'パスワード', message: 'パスワードは10文字以上にしてください' }]);
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { login: 'Admin', displayName: '事務局 管理者', password: 'a long enough password' },
    });
    expect(made.statusCode).toBe(204);
    const cookie = made.cookies.find((c) => c.name === 'shirube_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await app.inject({ url: '/api/v1/session', headers: { cookie: `shirube_session=${cookie?.value}` } });
    expect(me.json().user).toEqual({ login: 'admin', displayName: '事務局 管理者', systemAdmin: true });
    expect((await app.inject('/api/v1/setup')).json()).toEqual({ needed: false });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { login: 'other', displayName: 'x', password: 'a long enough password' },
    });
    expect(again.statusCode).toBe(409);
    const users = await db.kysely.selectFrom('users').select(['login', 'passwordHash']).execute();
    expect(users).toHaveLength(1);
    expect(users[0]?.passwordHash).toMatch(/^scrypt\$32768\$8\$3\$/);
  });
});
