import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../test/random.js';
import { FirstLines } from './first-lines.js';

describe('FirstLines', () => {
  test('the first line of each key, as a Map gives it', () => {
    const firstLines = new FirstLines();
    expect(firstLines.firstLineOf('S-1', 2)).toBeUndefined();
    expect(firstLines.firstLineOf('S-2', 3)).toBeUndefined();
    expect(firstLines.firstLineOf('S-1', 4)).toBe(2);
    expect(firstLines.firstLineOf('S-1', 5)).toBe(2);
    expect(firstLines.firstLineOf('', 6)).toBeUndefined();
    expect(firstLines.firstLineOf('', 7)).toBe(6);
    expect(firstLines.firstLineOf('s-1', 8)).toBeUndefined();
  });

  test('300,000 keys, a third of them repeated: through every growth, and hash collisions', () => {
    // These keys include 6 pairs of different keys with the same 32-bit hash (and many that
    // share a slot): a collision must cost time only.
    const random = seededRandom(20261125);
    const firstLines = new FirstLines();
    const map = new Map<string, number>();
    const wrong: string[] = [];
    for (let line = 1; line <= 300_000; line++) {
      const key = random.chance(0.3) ? `S${random.int(0, line)}` : `K${line}-${random.int(0, 1e9).toString(36)}あ`;
      const expected = map.get(key);
      if (expected === undefined) map.set(key, line);
      const got = firstLines.firstLineOf(key, line);
      if (got !== expected) wrong.push(`${key}: ${got} / ${expected}`);
    }
    expect(wrong).toEqual([]);
  });
});
