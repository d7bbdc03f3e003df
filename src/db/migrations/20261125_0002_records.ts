/**
 * The records staff keep, from which KPI actuals are derived: businesses and their
 * membership history, official statistics per fiscal year, the chamber's vocabulary of
 * support-record kinds, support records, events with participants, chamber finances,
 * mutual-aid subscriptions, and manual actuals for KPIs no record can produce.
 *
 * Dated rows store the fiscal year the domain computed, for grouping. Imported rows carry
 * a content key (or the file's own id), so importing the same file twice adds nothing.
 */
import type { Kysely } from 'kysely';
import { dialectOf, idColumn } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idColumn(dialectOf(db));
  type Col = Parameters<typeof id>[0];
  const fk = (table: string) => (col: Col) => col.notNull().references(`${table}.id`).onDelete('cascade');
  const tenant = (table: string) =>
    db.schema.createTable(table).addColumn('id', 'integer', id).addColumn('chamber_id', 'integer', fk('chambers'));

  await tenant('businesses')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kana', 'text')
    .addColumn('industry', 'text')
    .addColumn('district', 'text')
    .addColumn('employees', 'integer')
    .addColumn('founded_on', 'text')
    .addUniqueConstraint('businesses_chamber_code', ['chamber_id', 'code'])
    .execute();

  // 入会日 ≤ day < 退会日: a member who leaves on a day is no longer counted on that day.
  await tenant('memberships')
    .addColumn('business_id', 'integer', fk('businesses'))
    .addColumn('joined_on', 'text', (c) => c.notNull())
    .addColumn('left_on', 'text')
    .addUniqueConstraint('memberships_business_joined', ['business_id', 'joined_on'])
    .execute();
  await db.schema.createIndex('memberships_chamber_joined').on('memberships').columns(['chamber_id', 'joined_on']).execute();

  await tenant('statistics')
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addUniqueConstraint('statistics_chamber_year_item', ['chamber_id', 'fiscal_year', 'item'])
    .execute();

  // sub_kind '' is the kind itself (a kind without 区分), so that the pair can be unique.
  await tenant('record_kinds')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sub_kind', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addUniqueConstraint('record_kinds_chamber_kind_sub', ['chamber_id', 'kind', 'sub_kind'])
    .execute();

  await tenant('support_records')
    .addColumn('content_key', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('business_id', 'integer', (c) => c.references('businesses.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sub_kind', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('amount', 'double precision')
    .addColumn('staff', 'text')
    .addColumn('note', 'text')
    .addUniqueConstraint('support_records_chamber_key', ['chamber_id', 'content_key'])
    .execute();
  await db.schema.createIndex('support_records_kind_date').on('support_records').columns(['chamber_id', 'kind', 'date']).execute();
  await db.schema.createIndex('support_records_business').on('support_records').columns(['business_id']).execute();

  await tenant('events')
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('visitors', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('events_chamber_external', ['chamber_id', 'external_id'])
    .execute();
  await db.schema.createIndex('events_chamber_date').on('events').columns(['chamber_id', 'date']).execute();

  await tenant('event_participants')
    .addColumn('event_id', 'integer', fk('events'))
    .addColumn('business_id', 'integer', (c) => c.notNull().references('businesses.id').onDelete('restrict'))
    .addUniqueConstraint('event_participants_event_business', ['event_id', 'business_id'])
    .execute();

  await tenant('finances')
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addUniqueConstraint('finances_chamber_year_item', ['chamber_id', 'fiscal_year', 'item'])
    .execute();

  // 加入日 ≤ day < 解約日, as for memberships.
  await tenant('mutual_aid')
    .addColumn('content_key', 'text', (c) => c.notNull())
    .addColumn('business_id', 'integer', (c) => c.notNull().references('businesses.id').onDelete('restrict'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('joined_on', 'text', (c) => c.notNull())
    .addColumn('left_on', 'text')
    .addColumn('external_id', 'text')
    .addUniqueConstraint('mutual_aid_chamber_key', ['chamber_id', 'content_key'])
    .execute();
  await db.schema.createIndex('mutual_aid_chamber_type').on('mutual_aid').columns(['chamber_id', 'type', 'joined_on']).execute();

  await tenant('manual_actuals')
    .addColumn('kpi_id', 'integer', fk('kpis'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('manual_actuals_kpi_year', ['kpi_id', 'fiscal_year'])
    .execute();

  // The KPI's declared definition of its actual (JSON text of the plan file's `actual:`).
  await db.schema.alterTable('kpis').addColumn('actual_definition', 'text').execute();
}
