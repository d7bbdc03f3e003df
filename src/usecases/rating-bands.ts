/**
 * A chamber's rating bands (評価の段階): the default set unless the chamber chose its own
 * (e.g. the 秋田 wording 順調 ○ / 概ね順調 △ / 一部未達成 ×). Stored as JSON, where the last
 * band's "everything below" is written as min 0 (JSON has no -Infinity).
 */
import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../db/queries/audit.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../domain/errors.js';
import { DEFAULT_RATING_BANDS, type RatingBandSet, ratingBandSetSchema } from '../domain/kpi/rating.js';

const FIELDS: Record<string, string> = { code: 'コード', label: '評価', mark: '記号', min: '下限' };

/** [2, 'min'] → 3段目の下限 */
function fieldName(path: readonly PropertyKey[]): string {
  const [index, field] = path;
  if (typeof index !== 'number') return '';
  return `${index + 1}段目${typeof field === 'string' ? `の${FIELDS[field] ?? field}` : ''}`;
}

/** A band set as JSON writes it: the last band's "everything below" as min 0. */
export const ratingBandsJson = (bands: RatingBandSet) => bands.map((b, i) => ({ ...b, min: i === bands.length - 1 ? 0 : b.min }));

function parseStored(text: string | null): RatingBandSet {
  if (text === null) return DEFAULT_RATING_BANDS;
  const parsed = ratingBandSetSchema.safeParse(JSON.parse(text));
  // A stored set was checked when it was saved; one that no longer passes falls back to the default.
  return parsed.success ? parsed.data : DEFAULT_RATING_BANDS;
}

export async function chamberRatingBands(db: Kysely<Database>, chamberId: number): Promise<{ bands: RatingBandSet; custom: boolean }> {
  const row = await db.selectFrom('chambers').select('ratingBands').where('id', '=', chamberId).executeTakeFirst();
  const text = row?.ratingBands ?? null;
  return { bands: parseStored(text), custom: text !== null };
}

/** Saves a chamber's bands (null: back to the default), refusing an invalid set with its field and reason. */
export async function saveChamberRatingBands({
  db,
  chamberId,
  bands,
  now,
  actor,
}: {
  db: Kysely<Database>;
  chamberId: number;
  bands: unknown;
  now: string;
  actor: Actor;
}): Promise<RatingBandSet> {
  let text: string | null = null;
  let saved: RatingBandSet = DEFAULT_RATING_BANDS;
  if (bands !== null) {
    const parsed = ratingBandSetSchema.safeParse(bands);
    if (!parsed.success)
      throw new DomainError(
        'BAD_REQUEST',
        '評価の段階に誤りがあります',
        parsed.error.issues.map((i) => ({ location: `評価の段階 ${fieldName(i.path)}`, message: i.message })),
      );
    saved = parsed.data;
    text = JSON.stringify(ratingBandsJson(saved));
  }
  await db.transaction().execute(async (trx) => {
    const before = await chamberRatingBands(trx, chamberId);
    await trx.updateTable('chambers').set({ ratingBands: text }).where('id', '=', chamberId).execute();
    await recordAudit(trx, {
      actor,
      at: now,
      chamberId,
      action: 'update',
      target: 'rating_bands',
      summary: `評価の段階を変更: ${saved.map((b) => `${b.mark ?? b.code} ${b.label}`).join(' / ')}`,
      before: ratingBandsJson(before.bands),
      after: ratingBandsJson(saved),
    });
  });
  return saved;
}
