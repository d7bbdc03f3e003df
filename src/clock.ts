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
