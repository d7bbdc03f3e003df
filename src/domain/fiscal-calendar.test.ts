import { describe, expect, test } from 'vitest';
import {
  asOf,
  eraYearOfDate,
  fiscalYearBounds,
  fiscalYearOf,
  formatFiscalYear,
  formatJapaneseDate,
  halfOf,
  japanDateOf,
  parseFiscalYear,
  parseIsoDate,
  parseJapaneseDate,
} from './fiscal-calendar.js';

describe('fiscalYearOf', () => {
  test.each([
    ['2024-03-31', 2023],
    ['2024-04-01', 2024],
    ['2024-12-31', 2024],
    ['2025-01-01', 2024],
    ['2025-03-31', 2024],
    ['2019-04-30', 2019],
    ['2019-05-01', 2019],
    ['2024-02-29', 2023],
    ['2000-02-29', 1999],
  ])('%s is FY%i', (date, fy) => {
    expect(fiscalYearOf(date)).toBe(fy);
  });

  test.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-4-1', '', '2024/04/01'])('rejects %j', (date) => {
    expect(() => fiscalYearOf(date)).toThrow(RangeError);
  });
});

test('fiscalYearBounds', () => {
  expect(fiscalYearBounds(2024)).toEqual({ start: '2024-04-01', end: '2025-03-31' });
});

describe('japanDateOf: the day in Japan of an instant (UTC+9)', () => {
  test.each([
    ['2024-06-10T00:00:00.000Z', '2024-06-10'],
    ['2024-06-30T14:59:59.999Z', '2024-06-30'],
    ['2024-06-30T15:00:00.000Z', '2024-07-01'],
    ['2025-03-31T15:00:00Z', '2025-04-01'], // a new fiscal year in Japan while still 3月31日 in UTC
    ['2024-07-01T00:30:00+09:00', '2024-07-01'],
  ])('%s → %s', (instant, date) => {
    expect(japanDateOf(instant)).toBe(date);
  });
  test('not an instant', () => {
    expect(() => japanDateOf('昨日')).toThrow(RangeError);
  });
});

describe('asOf', () => {
  test.each([
    [2024, '04-01', '2024-04-01'],
    [2024, '01-末', '2025-01-31'],
    [2024, '01-31', '2025-01-31'],
    [2023, '02-末', '2024-02-29'],
    [2024, '02-末', '2025-02-28'],
    [2024, '03-31', '2025-03-31'],
    [2024, '12-末', '2024-12-31'],
  ])('FY%i %s is %s', (fy, md, expected) => {
    expect(asOf(fy, md)).toBe(expected);
  });

  test.each([
    [2024, '02-29'],
    [2024, '13-01'],
    [2024, '4-1'],
  ])('FY%i %s is refused', (fy, md) => {
    expect(() => asOf(fy, md)).toThrow(RangeError);
  });
});

test.each([
  ['2024-04-01', 'firstHalf'],
  ['2024-09-30', 'firstHalf'],
  ['2024-10-01', 'secondHalf'],
  ['2025-03-31', 'secondHalf'],
])('halfOf %s is %s', (date, half) => {
  expect(halfOf(date)).toBe(half);
});

describe('和暦', () => {
  test.each([
    ['2019-04-30', '平成31年4月30日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2020-01-01', '令和2年1月1日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
    ['2024-02-29', '令和6年2月29日'],
  ])('%s is %s', (date, text) => {
    expect(formatJapaneseDate(date)).toBe(text);
  });

  test('era letter', () => {
    expect(eraYearOfDate('2024-04-01')).toEqual({ era: '令和', letter: 'R', year: 6 });
  });

  test.each([
    [2024, '令和6年度', 'R6年度', '2024年度'],
    [2022, '令和4年度', 'R4年度', '2022年度'],
    [2021, '令和3年度', 'R3年度', '2021年度'],
    [2019, '令和元年度', 'R1年度', '2019年度'],
    [2018, '平成30年度', 'H30年度', '2018年度'],
    [1988, '昭和63年度', 'S63年度', '1988年度'],
    [1989, '平成元年度', 'H1年度', '1989年度'],
  ])('FY%i is %s / %s / %s', (fy, era, short, western) => {
    expect(formatFiscalYear(fy)).toBe(era);
    expect(formatFiscalYear(fy, 'short')).toBe(short);
    expect(formatFiscalYear(fy, 'western')).toBe(western);
  });
});

describe('parseFiscalYear', () => {
  test.each([
    [2024, 2024],
    ['2024', 2024],
    ['２０２４年度', 2024],
    ['FY2024', 2024],
    ['R6', 2024],
    ['r6', 2024],
    ['R6年度', 2024],
    ['Ｒ６年度', 2024],
    ['令和6年度', 2024],
    ['令和 6 年度', 2024],
    ['令和元年度', 2019],
    ['R1', 2019],
    ['平成31年度', 2019],
    ['H30', 2018],
    ['昭和63年度', 1988],
  ])('%j is FY%i', (input, fy) => {
    expect(parseFiscalYear(input)).toBe(fy);
  });

  test.each(['昭和64年度', '令和0年度', 'R', '6年度', 'abc', '', 2024.5, '平成32年度'])('%j is not a fiscal year', (input) => {
    expect(parseFiscalYear(input)).toBeUndefined();
  });

  test('round trip over a century', () => {
    for (let fy = 1930; fy <= 2040; fy++) {
      expect(parseFiscalYear(formatFiscalYear(fy))).toBe(fy);
      expect(parseFiscalYear(formatFiscalYear(fy, 'short'))).toBe(fy);
    }
  });
});

test('parseIsoDate', () => {
  expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
});

describe('parseJapaneseDate', () => {
  test.each([
    ['2024-04-01', '2024-04-01'],
    ['2024/4/1', '2024-04-01'],
    ['2024/04/01', '2024-04-01'],
    ['2024.4.1', '2024-04-01'],
    ['2024-4-1', '2024-04-01'],
    ['2024年4月1日', '2024-04-01'],
    ['R6.4.1', '2024-04-01'],
    ['R6/4/1', '2024-04-01'],
    ['R6-4-1', '2024-04-01'],
    ['r6.4.1', '2024-04-01'],
    ['R6年4月1日', '2024-04-01'],
    ['令和6年4月1日', '2024-04-01'],
    ['令和6.4.1', '2024-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
    ['S50.12.31', '1975-12-31'],
    ['明治20年3月1日', '1887-03-01'],
    ['Ｒ６．４．１', '2024-04-01'],
    ['２０２４／４／１', '2024-04-01'],
    ['２０２４年４月１日', '2024-04-01'],
    ['令和６年４月１日', '2024-04-01'],
    ['㋿6年4月1日', '2024-04-01'],
    ['  2024/4/1  ', '2024-04-01'],
    ['\u30002024/4/1\u3000', '2024-04-01'],
    ['令和 6 年 4 月 1 日', '2024-04-01'],
    ['2024/2/29', '2024-02-29'],
    ['2025/3/31', '2025-03-31'],
  ])('%j is %s', (input, expected) => {
    expect(parseJapaneseDate(input)).toBe(expected);
  });

  test.each([
    ['2023-02-29', 'no 29 February in 2023'],
    ['2024/4/31', 'April has 30 days'],
    ['2024/13/1', 'month 13'],
    ['2024/0/1', 'month 0'],
    ['2024/4/0', 'day 0'],
    ['令和1年4月30日', '令和 starts 2019-05-01'],
    ['R1.4.30', '令和 starts 2019-05-01'],
    ['平成31年5月1日', '平成 ends 2019-04-30'],
    ['H32.1.1', '平成 ends 2019-04-30'],
    ['昭和64年1月8日', '昭和 ends 1989-01-07'],
    ['令和0年5月1日', 'year 0'],
    ['X6.4.1', 'unknown era letter'],
    ['R6.4', 'no day'],
    ['2024/4-1', 'mixed separators'],
    ['24/4/1', '2-digit year'],
    ['20240401', 'no separators'],
    ['45383', 'Excel serial number'],
    ['2024/4/1 0:00', 'a time'],
    ['2024年4月1', 'no 日'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['abc', 'text'],
    ['0000-01-01', 'year 0'],
  ])('%j is refused (%s)', (input) => {
    expect(parseJapaneseDate(input)).toBeUndefined();
  });

  test('every day of 2019 in both eras round-trips through formatJapaneseDate', () => {
    for (let t = Date.UTC(2019, 0, 1); t <= Date.UTC(2019, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      expect(parseJapaneseDate(formatJapaneseDate(iso))).toBe(iso);
    }
  });
});
