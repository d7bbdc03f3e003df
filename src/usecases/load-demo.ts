/**
 * Fills an (empty) database with the demo: the shipped plans, then a generated にかほ-like
 * history for the にかほ chamber (records, and what became of its 工程表 entries), in one transaction.
 */

import { bulkInserter } from '../db/bulk-insert.js';
import type { Db } from '../db/connection.js';
import { findUserByLogin } from '../db/queries/accounts.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { ensureRecordKinds, insertRecords } from '../db/queries/insert-records.js';
import { insertRoadmapStatuses, listRoadmapItems } from '../db/queries/roadmap.js';
import { generateDemo } from '../demo/generate-demo.js';
import { generateDemoRoadmap } from '../demo/generate-roadmap.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { createUser } from './accounts/users.js';
import { loadBundledPlans } from './load-bundled-plans.js';

export const DEMO_CHAMBER = 'nikaho';
/**
 * The demo's account (管理者 of the demo chamber). Only the demo database, which is made
 * afresh apart from the real one, has an account with a known password; a real database
 * starts with none (the first administrator is made at first start).
 */
export const DEMO_LOGIN = 'demo';
export const DEMO_PASSWORD = 'shirube-demo';

export interface LoadDemoOptions {
  db: Db;
  plansDir: string;
  today: IsoDate;
  now: string;
}

export interface DemoSummary {
  businesses: number;
  supportRecords: number;
  events: number;
  mutualAid: number;
  roadmapStatuses: number;
}

export async function loadDemo({ db: handle, plansDir, today, now }: LoadDemoOptions): Promise<DemoSummary> {
  const db = handle.kysely;
  await loadBundledPlans({ db, dir: plansDir, now });
  const chamber = await findChamberByCode(db, DEMO_CHAMBER);
  if (!chamber) throw new DomainError('NOT_FOUND', `デモ用の商工会（${DEMO_CHAMBER}）の計画がありません`);
  const any = await db.selectFrom('businesses').select('id').where('chamberId', '=', chamber.id).limit(1).executeTakeFirst();
  if (any) throw new DomainError('BAD_REQUEST', 'このデータベースには既に事業者の記録があります。デモは空のデータベースに作ります');
  const data = generateDemo({ today });
  const plans = await db.selectFrom('plans').select('id').where('chamberId', '=', chamber.id).execute();
  const items = (await Promise.all(plans.map((p) => listRoadmapItems(db, chamber.id, p.id)))).flat();
  const cells = items.flatMap((item) =>
    Array.from({ length: item.lastYear - item.firstYear + 1 }, (_, i) => ({
      initiativeId: item.initiativeId,
      rowIndex: item.rowIndex,
      fiscalYear: item.firstYear + i,
    })),
  );
  const statuses = generateDemoRoadmap({ cells, today }).map((s) => ({ ...s, updatedBy: DEMO_LOGIN, updatedAt: now }));
  await db.transaction().execute(async (trx) => {
    const bulk = bulkInserter(handle, trx);
    await ensureRecordKinds(trx, bulk, chamber.id);
    await insertRecords(trx, bulk, chamber.id, data);
    await insertRoadmapStatuses(trx, chamber.id, statuses);
  });
  if (!(await findUserByLogin(db, DEMO_LOGIN)))
    await createUser({
      db,
      actor: { userId: null, login: 'demo' },
      login: DEMO_LOGIN,
      displayName: 'デモ 管理者',
      password: DEMO_PASSWORD,
      chamber: { id: chamber.id, role: 'admin' },
      now,
    });
  return {
    businesses: data.businesses.length,
    supportRecords: data.support.length,
    events: data.events.length,
    mutualAid: data.mutualAid.length,
    roadmapStatuses: statuses.length,
  };
}
