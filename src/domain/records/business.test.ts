import { describe, expect, test } from 'vitest';
import { type BusinessInput, businessInputSchema, checkBusiness, describePeriod, isMemberOn, type MembershipPeriod } from './business.js';

const today = '2024-06-01';
const base: BusinessInput = {
  code: 'A001',
  name: '㈱髙橋製作所',
  kana: 'タカハシセイサクショ',
  industry: '製造業',
  district: '象潟',
  employees: 12,
  foundedOn: '1975-04-01',
  memberships: [],
};
const p = (joinedOn: string, leftOn: string | null = null): MembershipPeriod => ({ joinedOn, leftOn });

describe('checkBusiness', () => {
  test.each<[string, Partial<BusinessInput>, string[]]>([
    ['a business as it should be', {}, []],
    ['no membership at all (非会員)', { memberships: [] }, []],
    ['one open period', { memberships: [p('2010-04-01')] }, []],
    ['joined today', { memberships: [p(today)] }, []],
    ['joined tomorrow', { memberships: [p('2024-06-02')] }, ['memberships.0.joinedOn']],
    ['left tomorrow (entered ahead)', { memberships: [p('2010-04-01', '2024-06-02')] }, ['memberships.0.leftOn']],
    ['left today', { memberships: [p('2010-04-01', today)] }, []],
    ['founded tomorrow', { foundedOn: '2024-06-02' }, ['foundedOn']],
    ['left on the day it joined', { memberships: [p('2020-04-01', '2020-04-01')] }, ['memberships.0.leftOn']],
    ['left before it joined', { memberships: [p('2020-04-01', '2019-04-01')] }, ['memberships.0.leftOn']],
    ['left and joined again later', { memberships: [p('2010-04-01', '2015-03-31'), p('2018-04-01')] }, []],
    ['left and joined again the same day: the periods touch', { memberships: [p('2010-04-01', '2015-04-01'), p('2015-04-01')] }, []],
    ['two open periods', { memberships: [p('2010-04-01'), p('2018-04-01')] }, ['memberships.1.joinedOn']],
    ['joined again before it left', { memberships: [p('2010-04-01', '2015-04-02'), p('2015-04-01')] }, ['memberships.1.joinedOn']],
    ['the same 入会日 twice', { memberships: [p('2010-04-01', '2011-04-01'), p('2010-04-01', '2012-04-01')] }, ['memberships.1.joinedOn']],
    [
      'in any order: the later period is at fault',
      { memberships: [p('2018-04-01'), p('2010-04-01', '2019-03-31')] },
      ['memberships.0.joinedOn'],
    ],
    [
      'a long period holds a later one after a short one',
      { memberships: [p('2000-04-01', '2020-04-01'), p('2005-04-01', '2006-04-01'), p('2010-04-01', '2011-04-01')] },
      ['memberships.1.joinedOn', 'memberships.2.joinedOn'],
    ],
    ['a period already wrong is not compared', { memberships: [p('2010-04-01', '2009-04-01'), p('2010-04-01')] }, ['memberships.0.leftOn']],
  ])('%s', (_name, change, fields) => {
    expect(checkBusiness({ ...base, ...change }, { today }).map((x) => x.field)).toEqual(fields);
  });

  test('an overlap names the period it overlaps, in Japanese', () => {
    const [problem] = checkBusiness({ ...base, memberships: [p('2010-04-01', '2021-03-31'), p('2020-04-01')] }, { today });
    expect(problem).toEqual({
      field: 'memberships.1.joinedOn',
      message: 'ほかの会員期間（平成22年4月1日〜令和3年3月31日（退会））と重なっています。退会日か入会日を直してください',
    });
  });
});

describe('businessInputSchema', () => {
  const raw = {
    code: 'A001',
    name: '㈱髙橋製作所',
    kana: null,
    industry: null,
    district: null,
    employees: null,
    foundedOn: null,
    memberships: [],
  };
  test('normalises like the importer: code, name, フリガナ in 全角カタカナ; blanks become null', () => {
    const parsed = businessInputSchema.parse({
      ...raw,
      code: ' Ａ－００１ ',
      name: '  ㈱髙橋　 製作所 ',
      kana: 'たかはし ｾｲｻｸｼｮ',
      industry: '　',
      district: ' 象潟 ',
    });
    expect(parsed).toMatchObject({ code: 'A-001', name: '㈱髙橋 製作所', kana: 'タカハシ セイサクショ', industry: null, district: '象潟' });
  });
  test.each([
    ['code', { code: '　' }, '事業者コードを入力してください'],
    ['name', { name: ' ' }, '事業者名を入力してください'],
    ['kana', { kana: '髙橋' }, 'フリガナに使えない文字（髙 橋）'],
    ['employees', { employees: -1 }, '従業員数は0以上です'],
    ['employees', { employees: 1.5 }, '従業員数は整数'],
    ['foundedOn', { foundedOn: '1975/4/1' }, '創業日は日付で入力してください'],
    ['memberships', { memberships: [{ joinedOn: '', leftOn: null }] }, '入会日を入力してください'],
  ])('%s: %j is refused in Japanese', (field, change, message) => {
    const result = businessInputSchema.safeParse({ ...raw, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('membership periods', () => {
  test.each([
    ['2010-04-01', true],
    ['2010-03-31', false],
    ['2021-03-31', true],
    ['2021-04-01', false],
    ['2022-04-01', true],
  ])('a member on %s: %s', (day, member) => {
    expect(isMemberOn([p('2010-04-01', '2021-04-01'), p('2022-04-01')], day)).toBe(member);
  });
  test('describePeriod', () => {
    expect(describePeriod(p('2019-05-01'))).toBe('令和元年5月1日〜');
    expect(describePeriod(p('1850-01-01', '2020-04-01'))).toBe('1850-01-01〜令和2年4月1日（退会）');
  });
});
