/**
 * 工程表の進み具合 in the database: a plan's roadmap items with where they sit, the statuses
 * recorded for their cells (initiative, row, year: migration 0012) and the evidence linked to
 * them, and the one write (a status with its evidence replaced as a whole).
 */
import type { Kysely, Transaction } from 'kysely';
import type { RoadmapStatus } from '../../domain/plan/roadmap-status.js';
import type { Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** A roadmap item (one bar of the 工程表) with its initiative, measure and strategy. */
export interface RoadmapItemRow {
  id: number;
  planId: number;
  initiativeId: number;
  rowIndex: number;
  firstYear: number;
  lastYear: number;
  text: string;
  initiativeNumber: number;
  initiativeTitle: string;
  measureNumber: number;
  measureTitle: string;
  strategyKind: 'common' | 'own';
  strategyNumber: number;
  strategyTitle: string;
}

function itemQuery(db: Q, chamberId: number) {
  return db
    .selectFrom('roadmap_items as ri')
    .innerJoin('initiatives as i', 'i.id', 'ri.initiativeId')
    .innerJoin('measures as m', 'm.id', 'i.measureId')
    .innerJoin('strategies as s', 's.id', 'm.strategyId')
    .where('ri.chamberId', '=', chamberId)
    .select([
      'ri.id',
      'ri.planId',
      'ri.initiativeId',
      'ri.rowIndex',
      'ri.firstYear',
      'ri.lastYear',
      'ri.text',
      'i.number as initiativeNumber',
      'i.title as initiativeTitle',
      'm.number as measureNumber',
      'm.title as measureTitle',
      's.kind as strategyKind',
      's.number as strategyNumber',
      's.title as strategyTitle',
    ]);
}

/** Every item of the plan, in the plan's order: strategy, measure, initiative, row, year. */
export function listRoadmapItems(db: Q, chamberId: number, planId: number): Promise<RoadmapItemRow[]> {
  return itemQuery(db, chamberId)
    .where('ri.planId', '=', planId)
    .orderBy('s.sort')
    .orderBy('m.number')
    .orderBy('i.number')
    .orderBy('ri.rowIndex')
    .orderBy('ri.firstYear')
    .execute();
}

export function findRoadmapItem(db: Q, chamberId: number, id: number): Promise<RoadmapItemRow | undefined> {
  return itemQuery(db, chamberId).where('ri.id', '=', id).executeTakeFirst();
}

/** A roadmap cell: what a status is kept by. */
export interface RoadmapCell {
  initiativeId: number;
  rowIndex: number;
  fiscalYear: number;
}

export interface RoadmapStatusRow extends RoadmapCell {
  id: number;
  status: RoadmapStatus;
  note: string | null;
  updatedBy: string;
  updatedAt: string;
}

const STATUS_COLUMNS = [
  'rs.id',
  'rs.initiativeId',
  'rs.rowIndex',
  'rs.fiscalYear',
  'rs.status',
  'rs.note',
  'rs.updatedBy',
  'rs.updatedAt',
] as const;

/** The statuses recorded for a plan's cells (those of cells a revised plan emptied too). */
export function listRoadmapStatuses(db: Q, chamberId: number, planId: number): Promise<RoadmapStatusRow[]> {
  return db
    .selectFrom('roadmap_statuses as rs')
    .innerJoin('initiatives as i', 'i.id', 'rs.initiativeId')
    .where('rs.chamberId', '=', chamberId)
    .where('i.planId', '=', planId)
    .select(STATUS_COLUMNS)
    .execute();
}

export function findRoadmapStatus(db: Q, chamberId: number, cell: RoadmapCell): Promise<RoadmapStatusRow | undefined> {
  return db
    .selectFrom('roadmap_statuses as rs')
    .where('rs.chamberId', '=', chamberId)
    .where('rs.initiativeId', '=', cell.initiativeId)
    .where('rs.rowIndex', '=', cell.rowIndex)
    .where('rs.fiscalYear', '=', cell.fiscalYear)
    .select(STATUS_COLUMNS)
    .executeTakeFirst();
}

/** A support record as evidence: enough to recognise it. */
export interface EvidenceRecord {
  id: number;
  date: string;
  kind: string;
  subKind: string | null;
  businessName: string | null;
}

/** An event as evidence. */
export interface EvidenceEvent {
  id: number;
  date: string;
  name: string;
  category: string | null;
}

export interface LinkedEvidence {
  statusId: number;
  supportRecords: EvidenceRecord[];
  events: EvidenceEvent[];
}

type EvidenceScope = { planId: number } | { statusId: number };

/** The support records and the events linked to the statuses of a plan, or of one status. */
async function evidenceOf(db: Q, chamberId: number, scope: EvidenceScope): Promise<Map<number, LinkedEvidence>> {
  const links = () => {
    const q = db
      .selectFrom('roadmap_evidence as re')
      .innerJoin('roadmap_statuses as rs', 'rs.id', 're.statusId')
      .innerJoin('initiatives as i', 'i.id', 'rs.initiativeId')
      .where('re.chamberId', '=', chamberId);
    return 'planId' in scope ? q.where('i.planId', '=', scope.planId) : q.where('re.statusId', '=', scope.statusId);
  };
  const [records, events] = await Promise.all([
    links()
      .innerJoin('support_records as r', 'r.id', 're.supportRecordId')
      .leftJoin('businesses as b', 'b.id', 'r.businessId')
      .select(['re.statusId', 'r.id', 'r.date', 'r.kind', 'r.subKind', 'b.name as businessName'])
      .orderBy('r.date')
      .orderBy('r.id')
      .execute(),
    links()
      .innerJoin('events as e', 'e.id', 're.eventId')
      .select(['re.statusId', 'e.id', 'e.date', 'e.name', 'e.category'])
      .orderBy('e.date')
      .orderBy('e.id')
      .execute(),
  ]);
  const out = new Map<number, LinkedEvidence>();
  const of = (statusId: number) => {
    let e = out.get(statusId);
    if (!e) {
      e = { statusId, supportRecords: [], events: [] };
      out.set(statusId, e);
    }
    return e;
  };
  for (const { statusId, ...r } of records) of(statusId).supportRecords.push(r);
  for (const { statusId, ...e } of events) of(statusId).events.push(e);
  return out;
}

/** The evidence of every status of a plan, by status id. */
export function listRoadmapEvidence(db: Q, chamberId: number, planId: number): Promise<Map<number, LinkedEvidence>> {
  return evidenceOf(db, chamberId, { planId });
}

/** The evidence of one status. */
export async function findRoadmapEvidence(db: Q, chamberId: number, statusId: number): Promise<LinkedEvidence> {
  return (await evidenceOf(db, chamberId, { statusId })).get(statusId) ?? { statusId, supportRecords: [], events: [] };
}

/** Which of these ids are the chamber's support records and events (what evidence may link to). */
export async function existingEvidence(
  db: Q,
  chamberId: number,
  { supportRecordIds, eventIds }: { supportRecordIds: readonly number[]; eventIds: readonly number[] },
): Promise<{ supportRecordIds: Set<number>; eventIds: Set<number> }> {
  const [records, events] = await Promise.all([
    supportRecordIds.length === 0
      ? []
      : db
          .selectFrom('support_records')
          .select('id')
          .where('chamberId', '=', chamberId)
          .where('id', 'in', [...supportRecordIds])
          .execute(),
    eventIds.length === 0
      ? []
      : db
          .selectFrom('events')
          .select('id')
          .where('chamberId', '=', chamberId)
          .where('id', 'in', [...eventIds])
          .execute(),
  ]);
  return { supportRecordIds: new Set(records.map((r) => r.id)), eventIds: new Set(events.map((e) => e.id)) };
}

export interface RoadmapStatusValues {
  status: RoadmapStatus;
  note: string | null;
  updatedBy: string;
  updatedAt: string;
  supportRecordIds: readonly number[];
  eventIds: readonly number[];
}

/** Sets a cell's status (one row per cell) and replaces its evidence; returns the status id. Run in a transaction. */
export async function writeRoadmapStatus(trx: Transaction<Database>, chamberId: number, cell: RoadmapCell, v: RoadmapStatusValues) {
  const fields = { status: v.status, note: v.note, updatedBy: v.updatedBy, updatedAt: v.updatedAt };
  const { id } = await trx
    .insertInto('roadmap_statuses')
    .values({ chamberId, ...cell, ...fields })
    .onConflict((oc) => oc.columns(['initiativeId', 'rowIndex', 'fiscalYear']).doUpdateSet(fields))
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('roadmap_evidence').where('chamberId', '=', chamberId).where('statusId', '=', id).execute();
  const links = [
    ...v.supportRecordIds.map((supportRecordId) => ({ chamberId, statusId: id, supportRecordId, eventId: null })),
    ...v.eventIds.map((eventId) => ({ chamberId, statusId: id, supportRecordId: null, eventId })),
  ];
  if (links.length > 0) await trx.insertInto('roadmap_evidence').values(links).execute();
  return id;
}

/** Statuses written at once, without evidence (the demo). Run in a transaction. */
export async function insertRoadmapStatuses(
  trx: Transaction<Database>,
  chamberId: number,
  rows: readonly (RoadmapCell & { status: RoadmapStatus; note: string | null; updatedBy: string; updatedAt: string })[],
): Promise<void> {
  if (rows.length > 0)
    await trx
      .insertInto('roadmap_statuses')
      .values(rows.map((row) => ({ chamberId, ...row })))
      .execute();
}
