/**
 * Adds or changes one business with its whole membership history, as entered on the screen:
 * checked (dates, periods that do not overlap, a 事業者コード not used by another business) and
 * refused with the field at fault; a change that alters a closed year's KPIs (組織率 and the
 * like through the periods, ものづくり and the like through the 業種) must be confirmed. The
 * business, its periods and the audit row are written in one transaction.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import {
  type BusinessValues,
  findBusiness,
  findBusinessByCode,
  insertBusiness,
  replaceMemberships,
  supportRecordKindsOfBusiness,
  updateBusiness,
} from '../db/queries/businesses.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import {
  BUSINESS_FIELDS,
  type BusinessField,
  type BusinessInput,
  type BusinessProblem,
  checkBusiness,
  describePeriod,
  sortPeriods,
} from '../domain/records/business.js';
import { type BusinessDetail, businessDetail } from './business-detail.js';
import { businessChangeImpact, requireConfirmation } from './closed-year-impact.js';

export interface SaveBusinessOptions {
  db: Kysely<Database>;
  chamberCode: string;
  /** Absent: a new business. */
  id?: number | undefined;
  input: BusinessInput;
  /** The user saw which closed years' KPIs change and went on. */
  confirmed: boolean;
  actor: Actor;
  today: IsoDate;
  now: string;
}

/** 入力に誤りがあります（事業者コード、会員期間）, with each problem beside its field. */
export function businessProblemsError(problems: readonly BusinessProblem[]): DomainError {
  const labels = [...new Set(problems.map((p) => BUSINESS_FIELDS[p.field.split('.')[0] as BusinessField]))];
  return new DomainError(
    'BAD_REQUEST',
    `入力に誤りがあります（${labels.join('、')}）`,
    problems.map((p) => ({ location: p.field, message: p.message })),
  );
}

export async function saveBusiness(options: SaveBusinessOptions): Promise<BusinessDetail> {
  const { db, chamberCode, id, input, actor, today, now } = options;
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${chamberCode}`);
  const before = id === undefined ? undefined : await findBusiness(db, chamber.id, id);
  if (id !== undefined && !before) throw new DomainError('NOT_FOUND', '事業者が見つかりません');

  const problems = checkBusiness(input, { today });
  const holder = await findBusinessByCode(db, chamber.id, input.code);
  if (holder && holder.id !== before?.id) {
    problems.unshift({ field: 'code', message: `事業者コード「${input.code}」はすでに使われています（${holder.name}）` });
  }
  if (problems.length > 0) throw businessProblemsError(problems);

  const values: BusinessValues = {
    code: input.code,
    name: input.name,
    kana: input.kana,
    industry: input.industry,
    district: input.district,
    employees: input.employees,
    foundedOn: input.foundedOn,
  };
  const memberships = sortPeriods(input.memberships.map((p) => ({ joinedOn: p.joinedOn, leftOn: p.leftOn })));
  const records = before && before.industry !== values.industry ? await supportRecordKindsOfBusiness(db, chamber.id, before.id) : [];
  const impact = await businessChangeImpact(db, {
    chamberCode,
    before,
    after: { industry: values.industry, memberships },
    records,
    today,
  });
  requireConfirmation(impact, { confirmed: options.confirmed, what: before ? 'この事業者を変更する' : 'この事業者を追加する' });

  const savedId = await db.transaction().execute(async (trx) => {
    let businessId: number;
    if (before) {
      businessId = before.id;
      await updateBusiness(trx, chamber.id, before.id, values);
    } else {
      businessId = await insertBusiness(trx, chamber.id, values);
    }
    await replaceMemberships(trx, chamber.id, businessId, memberships);
    const periods = memberships.length === 0 ? '非会員' : `会員期間 ${memberships.map(describePeriod).join('、')}`;
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: before ? 'update' : 'create',
      target: 'businesses',
      targetId: businessId,
      summary: `事業者を${before ? '変更' : '追加'}: ${values.code} ${values.name}（${periods}）`,
      before,
      after: { id: businessId, ...values, memberships },
    });
    return businessId;
  });
  const saved = await businessDetail({ db, chamberId: chamber.id, id: savedId, today });
  if (!saved) throw new Error(`business ${savedId} vanished after saving`);
  return saved;
}
