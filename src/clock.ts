/**
 * What day it is. The one place that reads the clock and decides the time zone: a 商工会's
 * day is a day in Japan, so "today" is the calendar date in Asia/Tokyo whatever the
 * server's TZ. Everything below the edges receives `today` or `now` as a value.
 */
import type { IsoDate } from './domain/fiscal-calendar.js';

const tokyoDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayInTokyo(now: Date = new Date()): IsoDate {
  return tokyoDate.format(now);
}

export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

export interface Clock {
  today(): IsoDate;
  now(): string;
}

export const systemClock: Clock = { today: () => todayInTokyo(), now: () => nowIso() };

/**
 * The instant a day in Japan begins (JST has no daylight saving: always UTC+9), for
 * filtering instants (the audit trail's `at`) by the dates people think in.
 */
export function startOfDayInTokyo(date: IsoDate): string {
  return new Date(`${date}T00:00:00+09:00`).toISOString();
}

/** The instant as a date and time in Japan: 2026-12-01 09:05:03. */
export function formatInTokyo(instant: string): string {
  const d = new Date(Date.parse(instant) + 9 * 3_600_000);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
