/**
 * A small seeded generator (mulberry32): the demo, the tests' random data and the bench are
 * the same on every run for the same seed.
 */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((n, [, w]) => n + w, 0);
    let x = next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    const last = items.at(-1);
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  };
  /** About `mean`, give or take `spread` (uniform), never below 0. */
  const around = (mean: number, spread: number): number => Math.max(0, Math.round(mean - spread + next() * 2 * spread));
  return { next, int, pick, weighted, around, chance: (p: number) => next() < p };
}

export type SeededRandom = ReturnType<typeof seededRandom>;
