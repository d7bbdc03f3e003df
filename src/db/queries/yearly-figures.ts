/** Yearly figures entered by hand: official statistics (statistics) and the chamber's finances (finances), by fiscal year and item. */
import type { Kysely, Transaction } from 'kysely';
import type { FiscalYear } from '../../domain/fiscal-calendar.js';
import type { Database } from '../schema.js';

type Q = Kysely<Database> | Transaction<Database>;

export interface YearlyFigureRow {
  fiscalYear: FiscalYear;
  item: string;
  value: number;
}

export async function listYearlyFigures(db: Q, chamberId: number): Promise<{ statistics: YearlyFigureRow[]; finances: YearlyFigureRow[] }> {
  const [statistics, finances] = await Promise.all([
    db.selectFrom('statistics').select(['fiscalYear', 'item', 'value']).where('chamberId', '=', chamberId).execute(),
    db.selectFrom('finances').select(['fiscalYear', 'item', 'amount as value']).where('chamberId', '=', chamberId).execute(),
  ]);
  return { statistics, finances };
}

/** Sets the items of one year: a number is stored, null removes the item's figure. */
export async function setYearlyFigures(
  trx: Q,
  chamberId: number,
  fiscalYear: FiscalYear,
  table: 'statistics' | 'finances',
  values: ReadonlyMap<string, number | null>,
): Promise<void> {
  for (const [item, value] of values) {
    await trx.deleteFrom(table).where('chamberId', '=', chamberId).where('fiscalYear', '=', fiscalYear).where('item', '=', item).execute();
    if (value === null) continue;
    if (table === 'statistics') await trx.insertInto('statistics').values({ chamberId, fiscalYear, item, value }).execute();
    else await trx.insertInto('finances').values({ chamberId, fiscalYear, item, amount: value }).execute();
  }
}
