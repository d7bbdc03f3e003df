import { describe, expect, test } from 'vitest';
import { type Expr, visitorCategories } from './definition.js';

describe('visitorCategories', () => {
  test.each<[string, Expr, string[]]>([
    ['one 区分', { visitors: { categories: ['コミュニティビジネス'] } }, ['コミュニティビジネス']],
    ['every 区分', { visitors: {} }, []],
    ['not visitors', { members: { asOf: '04-01' } }, []],
    [
      'inside add and ratio, once each',
      {
        ratio: {
          numerator: { add: [{ visitors: { categories: ['商談会', 'セミナー'] } }, { visitors: { categories: ['商談会'] } }] },
          denominator: { statistic: '商工業者数' },
          percent: false,
        },
      },
      ['商談会', 'セミナー'],
    ],
  ])('%s', (_name, expr, categories) => {
    expect(visitorCategories(expr)).toEqual(categories);
  });
});
