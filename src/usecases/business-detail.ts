/** One business as the screen shows it: its fields, its periods, whether it is a member today, what refers to it. */
import type { Kysely } from 'kysely';
import { type BusinessRecord, type BusinessReferences, countBusinessReferences, findBusiness } from '../db/queries/businesses.js';
import type { Database } from '../db/schema.js';
import type { IsoDate } from '../domain/fiscal-calendar.js';
import { isMemberOn } from '../domain/records/business.js';

export interface BusinessDetail extends BusinessRecord {
  /** A member today. */
  member: boolean;
  references: BusinessReferences;
}

export async function businessDetail({
  db,
  chamberId,
  id,
  today,
}: {
  db: Kysely<Database>;
  chamberId: number;
  id: number;
  today: IsoDate;
}): Promise<BusinessDetail | undefined> {
  const business = await findBusiness(db, chamberId, id);
  if (!business) return undefined;
  return { ...business, member: isMemberOn(business.memberships, today), references: await countBusinessReferences(db, chamberId, id) };
}
