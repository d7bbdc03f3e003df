import { describe, expect, test } from 'vitest';
import { checkEvent, type EventInput, eventInputSchema } from './event.js';

const base: EventInput = {
  name: 'にかほ軽トラ市',
  date: '2026-11-03',
  category: 'コミュニティビジネス',
  visitors: 250,
  participantIds: [1, 2],
};

describe('checkEvent', () => {
  test.each<[string, Partial<EventInput>, string[]]>([
    ['an event as it should be', {}, []],
    ['today is allowed', { date: '2026-12-03' }, []],
    ['a date after today', { date: '2026-12-04' }, ['date']],
  ])('%s', (_name, change, fields) => {
    expect(checkEvent({ ...base, ...change }, { today: '2026-12-03' }).map((p) => p.field)).toEqual(fields);
  });
});

describe('eventInputSchema', () => {
  test('blank 区分 becomes null, texts are trimmed, no participants is allowed', () => {
    expect(eventInputSchema.parse({ ...base, name: ' 創業塾 ', category: '　', participantIds: [] })).toMatchObject({
      name: '創業塾',
      category: null,
      participantIds: [],
    });
  });
  test.each([
    ['name', { name: '  ' }, '名称を入力してください'],
    ['date', { date: '2024/4/1' }, '日付を入力してください'],
    ['date', { date: '2023-02-29' }, '日付を入力してください'],
    ['visitors', { visitors: -1 }, '来場者数は0以上です'],
    ['visitors', { visitors: 1.5 }, '来場者数は整数'],
    ['category', { category: 'あ'.repeat(51) }, '区分は50文字以内'],
    ['participantIds', { participantIds: [1, 2, 1] }, '同じ事業者が2回入っています'],
  ])('%s: %j is refused in Japanese', (field, change, message) => {
    const result = eventInputSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});
