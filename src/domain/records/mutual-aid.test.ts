import { describe, expect, test } from 'vitest';
import { checkMutualAid, type MutualAidInput, mutualAidContentKey, mutualAidInputSchema } from './mutual-aid.js';

const base: MutualAidInput = { businessId: 1, type: '貯蓄共済', joinedOn: '2020-06-01', leftOn: null, externalId: null };

describe('checkMutualAid', () => {
  test.each<[string, Partial<MutualAidInput>, string[]]>([
    ['a subscription as it should be', {}, []],
    ['joined today', { joinedOn: '2026-12-03' }, []],
    ['joined after today', { joinedOn: '2026-12-04' }, ['joinedOn']],
    ['left today', { leftOn: '2026-12-03' }, []],
    ['left after today', { leftOn: '2026-12-04' }, ['leftOn']],
  ])('%s', (_name, change, fields) => {
    expect(checkMutualAid({ ...base, ...change }, { today: '2026-12-03' }).map((p) => p.field)).toEqual(fields);
  });
});

describe('mutualAidInputSchema', () => {
  test('証券番号 is read as the import reads a code; blank is none', () => {
    expect(mutualAidInputSchema.parse({ ...base, externalId: ' １２３－４５６ ' }).externalId).toBe('123-456');
    expect(mutualAidInputSchema.parse({ ...base, externalId: '　' }).externalId).toBeNull();
  });
  test.each([
    ['leftOn', { leftOn: '2020-06-01' }, '解約日は加入日より後'],
    ['leftOn', { leftOn: '2020-05-31' }, '解約日は加入日より後'],
    ['leftOn', { leftOn: '2020-13-01' }, '解約日は日付で'],
    ['joinedOn', { joinedOn: '' }, '加入日を入力してください'],
    ['type', { type: '生命共済' }, '種類は 貯蓄共済・福祉共済 から'],
    ['businessId', { businessId: null }, '事業者を選んでください'],
  ])('%s: %j is refused in Japanese', (field, change, message) => {
    const result = mutualAidInputSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
  test('解約日 the day after 加入日 is a period of one day', () => {
    expect(mutualAidInputSchema.safeParse({ ...base, leftOn: '2020-06-02' }).success).toBe(true);
  });
});

describe('mutualAidContentKey', () => {
  test.each([
    [{ externalId: '123-456', businessCode: 'A001', type: '貯蓄共済', joinedOn: '2020-06-01' }, 'id:123-456'],
    [{ externalId: null, businessCode: 'A001', type: '貯蓄共済', joinedOn: '2020-06-01' }, 'c:A001/貯蓄共済/2020-06-01'],
    [{ externalId: undefined, businessCode: 'A001', type: '福祉共済', joinedOn: '2020-06-01' }, 'c:A001/福祉共済/2020-06-01'],
  ])('%j → %s', (s, key) => {
    expect(mutualAidContentKey(s)).toBe(key);
  });
});
