/**
 * Records what became of one 工程表 entry (a roadmap item in one of its years): the status, a
 * note, and the support records and events that show it (replaced as a whole). The entry must be
 * one the plan has (the item covers the year); 未実施 and 延期 need a note; the evidence must be
 * the chamber's. The status, its evidence and the audit row are written in one transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import {
  existingEvidence,
  findRoadmapEvidence,
  findRoadmapItem,
  findRoadmapStatus,
  type RoadmapCell,
  writeRoadmapStatus,
} from '../db/queries/roadmap.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { type FiscalYear, formatFiscalYear, type IsoDate } from '../domain/fiscal-calendar.js';
import { ROADMAP_STATE_LABELS, type RoadmapState } from '../domain/plan/roadmap-status.js';
import { checkRoadmapStatus, ROADMAP_STATUS_FIELDS, type RoadmapStatusInput } from '../domain/plan/roadmap-status-input.js';
import { entryView, type RoadmapEntryView } from './roadmap-progress.js';

export interface SaveRoadmapStatusOptions {
  db: Kysely<Database>;
  chamberCode: string;
  itemId: number;
  fiscalYear: FiscalYear;
  input: RoadmapStatusInput;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export interface SavedRoadmapEntry extends RoadmapEntryView {
  itemId: number;
}

export async function saveRoadmapStatus(options: SaveRoadmapStatusOptions): Promise<SavedRoadmapEntry> {
  const { db, chamberCode, itemId, fiscalYear, input, actor, today, now } = options;
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${chamberCode}`);
  const item = await findRoadmapItem(db, chamber.id, itemId);
  if (!item) throw new DomainError('NOT_FOUND', '工程表の項目が見つかりません');
  if (fiscalYear < item.firstYear || fiscalYear > item.lastYear) {
    const span =
      item.firstYear === item.lastYear
        ? formatFiscalYear(item.firstYear)
        : `${formatFiscalYear(item.firstYear)}〜${formatFiscalYear(item.lastYear)}`;
    throw new DomainError('BAD_REQUEST', `「${item.text}」は${formatFiscalYear(fiscalYear)}の工程にありません（${span}）`);
  }

  const problems = checkRoadmapStatus(input);
  const found = await existingEvidence(db, chamber.id, input);
  const missingRecords = input.supportRecordIds.filter((id) => !found.supportRecordIds.has(id));
  const missingEvents = input.eventIds.filter((id) => !found.eventIds.has(id));
  if (missingRecords.length > 0 || missingEvents.length > 0) {
    const what = [
      ...(missingRecords.length > 0 ? [`支援記録（ID ${missingRecords.join('、')}）`] : []),
      ...(missingEvents.length > 0 ? [`イベント（ID ${missingEvents.join('、')}）`] : []),
    ];
    problems.push({ field: 'evidence', message: `根拠の${what.join('と')}が見つかりません。選び直してください` });
  }
  if (problems.length > 0) {
    throw new DomainError(
      'BAD_REQUEST',
      `入力に誤りがあります（${problems.map((p) => ROADMAP_STATUS_FIELDS[p.field]).join('、')}）`,
      problems.map((p) => ({ location: p.field, message: p.message })),
    );
  }

  const cell: RoadmapCell = { initiativeId: item.initiativeId, rowIndex: item.rowIndex, fiscalYear };
  const statusId = await db.transaction().execute(async (trx) => {
    const before = await findRoadmapStatus(trx, chamber.id, cell);
    const beforeEvidence = before ? await findRoadmapEvidence(trx, chamber.id, before.id) : undefined;
    const id = await writeRoadmapStatus(trx, chamber.id, cell, {
      status: input.status,
      note: input.note,
      updatedBy: actor.login,
      updatedAt: now,
      supportRecordIds: input.supportRecordIds,
      eventIds: input.eventIds,
    });
    const from: RoadmapState = before?.status ?? entryView(fiscalYear, undefined, undefined, today).state;
    const label = `施策${item.measureNumber}（${item.initiativeNumber}）${item.text.replace(/\s+/g, ' ')} ${formatFiscalYear(fiscalYear, 'short')}`;
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: before ? 'update' : 'create',
      target: 'roadmap_statuses',
      targetId: `${itemId}/${fiscalYear}`,
      summary: `工程表の進み具合を${before ? '変更' : '記録'}: ${label} ${ROADMAP_STATE_LABELS[from]}→${ROADMAP_STATE_LABELS[input.status]}`,
      before: before && {
        status: before.status,
        note: before.note,
        supportRecordIds: beforeEvidence?.supportRecords.map((r) => r.id) ?? [],
        eventIds: beforeEvidence?.events.map((e) => e.id) ?? [],
      },
      after: { itemId, text: item.text, fiscalYear, ...input },
    });
    return id;
  });

  const saved = await findRoadmapStatus(db, chamber.id, cell);
  return { itemId, ...entryView(fiscalYear, saved, await findRoadmapEvidence(db, chamber.id, statusId), today) };
}
