/**
 * A chamber's own rating bands (評価の段階), as JSON (src/domain/kpi/rating.ts
 * ratingBandSetSchema); null: the default A ≥ 100 %, B ≥ 80 %, C ≥ 30 %, D below.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('chambers').addColumn('rating_bands', 'text').execute();
}
