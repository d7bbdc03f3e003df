import { describe, expect, test } from 'vitest';
import { checkSupportRecord, type SupportRecordInput, searchKey, supportRecordInputSchema } from './support-record.js';

const recordKinds = [
  { kind: '課題解決', subKinds: [] },
  { kind: '事業承継', subKinds: ['親族内承継', '第三者承継'] },
];
const base: SupportRecordInput = {
  date: '2026-12-01',
  businessId: 1,
  kind: '課題解決',
  subKind: null,
  quantity: 1,
  amount: null,
  staff: null,
  note: null,
};

describe('checkSupportRecord', () => {
  test.each<[string, Partial<SupportRecordInput>, string[]]>([
    ['a record as it should be', {}, []],
    ['today is allowed', { date: '2026-12-03' }, []],
    ['a date after today', { date: '2026-12-04' }, ['date']],
    ['a kind not in the list', { kind: '雑談' }, ['kind']],
    ['a 区分 for a kind without 区分', { subKind: '親族内承継' }, ['subKind']],
    ['a kind with 区分 needs one', { kind: '事業承継' }, ['subKind']],
    ['a 区分 of another kind', { kind: '事業承継', subKind: '専門家派遣' }, ['subKind']],
    ['a 区分 of the kind', { kind: '事業承継', subKind: '第三者承継' }, []],
  ])('%s', (_name, change, fields) => {
    expect(checkSupportRecord({ ...base, ...change }, { today: '2026-12-03', recordKinds }).map((p) => p.field)).toEqual(fields);
  });
});

describe('supportRecordInputSchema', () => {
  test('blank texts become null, texts are trimmed', () => {
    const parsed = supportRecordInputSchema.parse({ ...base, staff: '  佐藤 ', note: '   ', subKind: '' });
    expect(parsed).toMatchObject({ staff: '佐藤', note: null, subKind: null });
  });
  test.each([
    ['date', { date: '2024/4/1' }, '日付を入力してください'],
    ['quantity', { quantity: 0 }, '件数は1以上です'],
    ['quantity', { quantity: 1.5 }, '件数は整数'],
    ['kind', { kind: ' ' }, '種別を選んでください'],
  ])('%s: %j is refused in Japanese', (field, change, message) => {
    const result = supportRecordInputSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('searchKey', () => {
  test.each([
    ['ﾀｶﾊｼ ｾｲｻｸ', 'タカハシセイサク'],
    ['たかはし　せいさく', 'タカハシセイサク'],
    ['タカハシセイサク', 'タカハシセイサク'],
    ['ＡＢＣ商店', 'abc商店'],
    ['ｶﾞｯｺｳ', 'ガッコウ'],
  ])('%s → %s', (input, key) => {
    expect(searchKey(input)).toBe(key);
  });
});
