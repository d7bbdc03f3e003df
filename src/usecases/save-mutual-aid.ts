/**
 * Adds or changes one 共済 subscription entered on the screen: checked against today's date and
 * the chamber's businesses, refused with the field at fault; a change that alters a closed year's
 * KPIs (加入者数 on an as-of day) must be confirmed. The row and its audit row are written in one
 * transaction.
 *
 * The row's key is the import's (証券番号, or 事業者コード・種類・加入日), recomputed from the
 * values saved: a CSV exported afterwards imports onto this row, and a second row with the key
 * of another is refused beside 証券番号 (or 加入日) instead of being two of one subscription.
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import { findBusinessById } from '../db/queries/businesses.js';
import { findChamberByCode } from '../db/queries/chambers.js';
import {
  findMutualAid,
  findMutualAidByKey,
  insertMutualAid,
  type MutualAidValues,
  type MutualAidView,
  subscriptionsOfBusinesses,
  updateMutualAid,
} from '../db/queries/mutual-aid.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { subscriptionFacts } from '../domain/kpi/changed-by.js';
import {
  checkMutualAid,
  MUTUAL_AID_FIELDS,
  type MutualAidInput,
  type MutualAidProblem,
  mutualAidContentKey,
} from '../domain/records/mutual-aid.js';
import { requireConfirmationForChange } from './closed-year-impact.js';

export interface SaveMutualAidOptions {
  db: Kysely<Database>;
  chamberCode: string;
  /** Absent: a new subscription. */
  id?: number | undefined;
  input: MutualAidInput;
  /** The user saw which closed years' KPIs change and went on. */
  confirmed: boolean;
  actor: Actor;
  today: IsoDate;
  now: string;
}

export function mutualAidLabel(s: { type: string; joinedOn: string; leftOn: string | null; externalId: string | null }, business: string) {
  return `${business} ${s.type} ${s.joinedOn}〜${s.leftOn ?? ''}${s.externalId ? `（証券番号 ${s.externalId}）` : ''}`;
}

function refuse(problems: readonly MutualAidProblem[]): never {
  throw new DomainError(
    'BAD_REQUEST',
    `入力に誤りがあります（${problems.map((p) => MUTUAL_AID_FIELDS[p.field]).join('、')}）`,
    problems.map((p) => ({ location: p.field, message: p.message })),
  );
}

export async function saveMutualAid(options: SaveMutualAidOptions): Promise<MutualAidView> {
  const { db, chamberCode, id, input, actor, today, now } = options;
  const chamber = await findChamberByCode(db, chamberCode);
  if (!chamber) throw new DomainError('NOT_FOUND', `商工会が見つかりません: ${chamberCode}`);
  const before = id === undefined ? undefined : await findMutualAid(db, chamber.id, id);
  if (id !== undefined && !before) throw new DomainError('NOT_FOUND', '共済の加入が見つかりません');

  const problems = checkMutualAid(input, { today });
  const business = await findBusinessById(db, chamber.id, input.businessId);
  if (!business) problems.push({ field: 'businessId', message: '事業者が見つかりません。選び直してください' });
  if (problems.length > 0 || !business) refuse(problems);

  const values: MutualAidValues = {
    contentKey: mutualAidContentKey({
      externalId: input.externalId,
      businessCode: business.code,
      type: input.type,
      joinedOn: input.joinedOn,
    }),
    businessId: business.id,
    type: input.type,
    joinedOn: input.joinedOn,
    leftOn: input.leftOn,
    externalId: input.externalId,
  };
  // The subscriptions of the businesses involved, before and after: `subscribers` counts a business once per 種類.
  const current = await subscriptionsOfBusinesses(db, chamber.id, [business.id, ...(before ? [before.businessId] : [])]);
  await requireConfirmationForChange(db, {
    chamberCode,
    before: subscriptionFacts(current),
    after: subscriptionFacts([...current.filter((s) => s.id !== before?.id), values]),
    today,
    confirmed: options.confirmed,
    what: before ? 'この共済の加入を変更する' : 'この共済の加入を追加する',
  });

  const savedId = await db.transaction().execute(async (trx) => {
    const holder = await findMutualAidByKey(trx, chamber.id, values.contentKey);
    if (holder !== undefined && holder !== before?.id) {
      refuse([
        values.externalId === null
          ? { field: 'joinedOn', message: `${business.name}の${values.type}で加入日が同じものがすでにあります（証券番号で見分けられます）` }
          : { field: 'externalId', message: `証券番号「${values.externalId}」の共済はすでにあります` },
      ]);
    }
    let rowId: number;
    if (before) {
      rowId = before.id;
      await updateMutualAid(trx, chamber.id, rowId, values);
    } else {
      rowId = await insertMutualAid(trx, chamber.id, values);
    }
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId: chamber.id,
      action: before ? 'update' : 'create',
      target: 'mutual_aid',
      targetId: rowId,
      summary: `共済の加入を${before ? '変更' : '追加'}: ${mutualAidLabel(values, business.name)}`,
      before,
      after: { id: rowId, ...values },
    });
    return rowId;
  });
  const saved = await findMutualAid(db, chamber.id, savedId);
  if (!saved) throw new Error(`mutual aid ${savedId} vanished after saving`);
  return saved;
}
