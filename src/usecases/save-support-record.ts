/**
 * Adds or changes one support record entered on the screen: checked against the chamber's
 * 種別 and 区分 and today's date, refused with the field at fault; a change that alters a
 * closed year's KPIs must be confirmed. The record, the monthly summary and the audit row are
 * written in one transaction.
 *
 * A record entered here gets a 記録ID (W-…) so that it exports and imports again as itself.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { findBusinessById } from '../db/queries/businesses.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import { listRecordKinds } from '../db/queries/record-kinds.js';
import { refreshSupportMonthly, TouchedKinds } from '../db/queries/support-monthly.js';
import {
  findSupportRecord,
  insertSupportRecord,
  type SupportRecordValues,
  type SupportRecordView,
  updateSupportRecord,
} from '../db/queries/support-records.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { fiscalYearOf, type IsoDate } from '../domain/fiscal-calendar.js';
import type { CountedRecord } from '../domain/kpi/counted-by.js';
import { checkSupportRecord, SUPPORT_RECORD_FIELDS, type SupportRecordInput } from '../domain/records/support-record.js';
import { requireConfirmationForClosedYears } from './closed-year-impact.js';

export interface SaveSupportRecordOptions {
  db: Kysely<Database>;
  chamberCode: string;
  /** Absent: a new record. */
  id?: number | undefined;
  input: SupportRecordInput;
  /** The user saw which closed years' KPIs change and went on. */
  confirmed: boolean;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export function countedRecord(r: Pick<SupportRecordView, 'kind' | 'subKind' | 'businessIndustry' | 'fiscalYear'>): CountedRecord {
  return { kind: r.kind, subKind: r.subKind, industry: r.businessIndustry, fiscalYear: r.fiscalYear };
}

export async function saveSupportRecord(options: SaveSupportRecordOptions): Promise<SupportRecordView> {
  const { db, chamberCode, id, input, actor, today, now } = options;
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${chamberCode}`);
  const before = id === undefined ? undefined : await findSupportRecord(db, chamber.id, id);
  if (id !== undefined && !before) throw new DomainError('NOT_FOUND', '支援記録が見つかりません');

  const problems = checkSupportRecord(input, { today, recordKinds: await listRecordKinds(db, chamber.id) });
  const business = input.businessId === null ? undefined : await findBusinessById(db, chamber.id, input.businessId);
  if (input.businessId !== null && !business) problems.push({ field: 'businessId', message: '事業者が見つかりません。選び直してください' });
  if (problems.length > 0) {
    throw new DomainError(
      'BAD_REQUEST',
      `入力に誤りがあります（${problems.map((p) => SUPPORT_RECORD_FIELDS[p.field]).join('、')}）`,
      problems.map((p) => ({ location: p.field, message: p.message })),
    );
  }

  const values: SupportRecordValues = {
    externalId: before?.externalId ?? `W-${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    date: input.date,
    fiscalYear: fiscalYearOf(input.date),
    businessId: input.businessId,
    kind: input.kind,
    subKind: input.subKind,
    quantity: input.quantity,
    amount: input.amount,
    staff: input.staff,
    note: input.note,
  };
  const after = { kind: values.kind, subKind: values.subKind, businessIndustry: business?.industry ?? null, fiscalYear: values.fiscalYear };
  await requireConfirmationForClosedYears(db, {
    chamberCode,
    records: before ? [countedRecord(before), countedRecord(after)] : [countedRecord(after)],
    today,
    confirmed: options.confirmed,
    what: before ? 'この支援記録を変更する' : 'この支援記録を追加する',
  });

  const savedId = await db.transaction().execute(async (trx) => {
    const touched = new TouchedKinds().add(values.kind, values.fiscalYear);
    let recordId: number;
    if (before) {
      recordId = before.id;
      await updateSupportRecord(trx, chamber.id, before.id, values);
      touched.add(before.kind, before.fiscalYear);
    } else {
      recordId = await insertSupportRecord(trx, chamber.id, `id:${values.externalId}`, values);
    }
    await refreshSupportMonthly(trx, chamber.id, touched);
    const label = `${values.date} ${values.kind}${values.subKind ? `（${values.subKind}）` : ''}${business ? ` ${business.name}` : ''}`;
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: before ? 'update' : 'create',
      target: 'support_records',
      targetId: recordId,
      summary: `支援記録を${before ? '変更' : '追加'}: ${label}`,
      before,
      after: { id: recordId, ...values },
    });
    return recordId;
  });
  const saved = await findSupportRecord(db, chamber.id, savedId);
  if (!saved) throw new Error(`support record ${savedId} vanished after saving`);
  return saved;
}
