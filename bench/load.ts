/**
 * Load test, measured (not asserted): run with `npm run bench:load`.
 *
 * Builds the demo database (`shirube demo --no-serve`) in a temporary folder, adds 50 職員
 * accounts, starts the real server (`shirube serve`, a process of its own) on 127.0.0.1 and
 * signs every account in. Then autocannon runs 50 connections, one per user, for 60 s; each
 * user goes round the dashboard's requests (the web page, the session, the plan, this year's
 * KPIs, a KPI's drill-down) and enters a support record (a one-row CSV import, as the entry
 * page will send it), again and again without pause.
 *
 * It prints the requests, errors and non-2xx responses, the latency percentiles (p50, p95,
 * p99, max) overall and per request, and then checks that every acknowledged record is in the
 * database. The exit code is 1 when a request failed or an acknowledged record is missing.
 *
 * LOAD_SECONDS (60) and LOAD_USERS (50) change the run; LOAD_KEEP=1 keeps the folder;
 * LOAD_NODE_FLAGS passes flags to the server's node (e.g. --cpu-prof --cpu-prof-dir=DIR).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/connection.js';
import { fiscalYearOf } from '../src/domain/fiscal-calendar.js';
import { createUser } from '../src/usecases/accounts/users.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const USERS = Number(process.env.LOAD_USERS ?? 50);
const PORT = 3000 + Math.floor(Math.random() * 1000) + 2000;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = new URL('..', import.meta.url).pathname;
const PASSWORD = 'load-test-password-2026';

const dir = mkdtempSync(join(tmpdir(), 'shirube-load-'));
const env = { ...process.env, SHIRUBE_DATA_DIR: dir, DATABASE_URL: '', PORT: String(PORT) };
let server: ChildProcess | undefined;

try {
  console.log('デモデータを作っています… / building the demo database');
  execFileSync(process.execPath, ['bin/shirube.js', 'demo', '--no-serve'], { cwd: ROOT, env, stdio: 'inherit' });
  const file = join(dir, 'demo', 'shirube.db');

  // The users, and what they will ask for: the drill-downs of the KPIs and the businesses to enter records for.
  const db = await openDatabase({ kind: 'sqlite', file });
  const chamber = await db.kysely.selectFrom('chambers').select(['id', 'code']).executeTakeFirstOrThrow();
  const businesses = (await db.kysely.selectFrom('businesses').select('code').orderBy('code').limit(200).execute()).map((b) => b.code);
  const kpiCodes = (await db.kysely.selectFrom('kpis').select('code').orderBy('code').execute()).map((k) => k.code);
  const now = new Date().toISOString();
  const logins = Array.from({ length: USERS }, (_, i) => `staff${String(i + 1).padStart(2, '0')}`);
  const started = performance.now();
  for (const login of logins)
    await createUser({
      db: db.kysely,
      actor: { userId: null, login: 'bench' },
      login,
      displayName: `職員 ${login}`,
      password: PASSWORD,
      chamber: { id: chamber.id, role: 'staff' },
      now,
    });
  console.log(`職員 ${USERS} 人を作りました（${((performance.now() - started) / 1000).toFixed(1)} s）`);
  await db.close();

  // LOAD_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeFlags = (process.env.LOAD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  server = spawn(process.execPath, [...nodeFlags, 'bin/shirube.js', 'serve', '--port', String(PORT)], {
    cwd: ROOT,
    env: { ...env, SHIRUBE_DATA_DIR: join(dir, 'demo') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForServer();

  const sessions: { cookie: string; csrf: string }[] = [];
  for (const login of logins) sessions.push(await signIn(login));
  console.log(`${sessions.length} 人がログインしました`);

  const year = fiscalYearOf(new Date().toISOString().slice(0, 10));
  const api = `/api/v1/chambers/${chamber.code}`;
  let entered = 0;
  const acknowledgedIds = new Set<string>();
  const entryCsv = (n: number) => {
    const business = businesses[n % businesses.length] ?? '';
    const today = new Date().toISOString().slice(0, 10);
    return `記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考\r\nLOAD-${n},${today},${business},課題解決,,1,,経営指導員,負荷試験 ${n}\r\n`;
  };
  let drill = 0;
  const NAMES = ['page', 'session', 'plan', 'kpis', 'drilldown', 'entry'] as const;
  type Name = (typeof NAMES)[number];
  const requestsFor = (s: { cookie: string; csrf: string }): autocannon.Request[] => {
    const headers = { cookie: s.cookie };
    return [
      { method: 'GET', path: '/', headers },
      { method: 'GET', path: '/api/v1/session', headers },
      { method: 'GET', path: `${api}/plan`, headers },
      { method: 'GET', path: `${api}/kpis?fiscalYear=${year}`, headers },
      {
        method: 'GET',
        headers,
        setupRequest: (r) => ({
          ...r,
          path: `${api}/kpis/${encodeURIComponent(kpiCodes[drill++ % kpiCodes.length] ?? '')}/records?fiscalYear=${year}`,
        }),
      },
      {
        method: 'POST',
        path: `${api}/imports/support?fileName=entry.csv`,
        headers: { ...headers, 'x-csrf-token': s.csrf, 'content-type': 'text/csv; charset=utf-8' },
        setupRequest: (r, context: { entry?: string }) => {
          const n = ++entered;
          context.entry = `LOAD-${n}`;
          return { ...r, body: entryCsv(n) };
        },
        onResponse: (status, _body, context: { entry?: string }) => {
          if (status === 200 && context.entry) acknowledgedIds.add(context.entry);
        },
      },
    ];
  };

  // Latency per request, told apart by the order each client goes round its requests.
  const latencies = new Map<Name | 'all', number[]>([['all', []], ...NAMES.map((n) => [n, []] as [Name, number[]])]);
  const statuses = new Map<string, number>();
  let clientIndex = 0;
  console.log(`${USERS} 人で ${SECONDS} 秒… / ${USERS} users for ${SECONDS} s`);
  const result = await autocannon({
    url: BASE,
    connections: USERS,
    duration: SECONDS,
    setupClient: (client) => {
      const session = sessions[clientIndex++ % sessions.length];
      if (!session) throw new Error('no session');
      client.setRequests(requestsFor(session));
      let i = 0;
      client.on('response', (statusCode: number, _bytes: number, responseTime: number) => {
        const name = NAMES[i++ % NAMES.length] ?? 'page';
        latencies.get(name)?.push(responseTime);
        latencies.get('all')?.push(responseTime);
        const key = `${name} ${statusCode}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      });
    },
  });

  const pct = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  };
  console.log();
  console.log(
    `requests ${result.requests.total}（${result.requests.average.toFixed(0)} req/s）, errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
  console.log('request      count     p50     p95     p99     max   (ms)');
  for (const [name, xs] of latencies)
    console.log(
      `${name.padEnd(10)} ${String(xs.length).padStart(7)} ${[50, 95, 99, 100].map((p) => pct(xs, p).toFixed(1).padStart(7)).join(' ')}`,
    );
  console.log(`statuses: ${[...statuses].map(([k, v]) => `${k}: ${v}`).join(', ')}`);

  server.kill('SIGTERM');
  await new Promise((r) => server?.once('exit', r));
  server = undefined;

  // Every acknowledged record is there (a request still in flight when the run stops may be stored too).
  const after = await openDatabase({ kind: 'sqlite', file: join(dir, 'demo', 'shirube.db') });
  const storedIds = new Set(
    (await after.kysely.selectFrom('support_records').select('externalId').where('externalId', 'like', 'LOAD-%').execute()).map(
      (r) => r.externalId,
    ),
  );
  await after.close();
  const lost = [...acknowledgedIds].filter((id) => !storedIds.has(id));
  console.log(
    `記録の入力: 受け付け ${acknowledgedIds.size} 件、保存 ${storedIds.size} 件、失われた記録 ${lost.length} 件 / entries acknowledged ${acknowledgedIds.size}, stored ${storedIds.size}, lost ${lost.length}`,
  );
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0 || lost.length > 0 || acknowledgedIds.size === 0) {
    console.error('失敗 / FAILED');
    process.exitCode = 1;
  }
} finally {
  server?.kill('SIGKILL');
  if (process.env.LOAD_KEEP === '1') console.log(`kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${BASE}/api/v1/setup`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

async function signIn(login: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  if (res.status !== 204) throw new Error(`sign-in of ${login}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const session = (await (await fetch(`${BASE}/api/v1/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, csrf: session.csrfToken };
}
