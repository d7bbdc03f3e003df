/**
 * The line each key was first seen on, for the check that 記録ID and the like are unique in a
 * file. What a Map<string, number> would do, for a million keys: V8's Map takes about three
 * times as long there (a chained table that it rebuilds as it grows, each step a large new
 * object for the GC), while this open-addressing table lives in one typed array.
 *
 * Keys are compared as strings (===); the hash only narrows the search, so a collision costs
 * time, never a wrong answer.
 */
export class FirstLines {
  private readonly keys: string[] = [];
  private readonly lines: number[] = [];
  /** Slot s holds the key's hash at 2s and 1 + its index in `keys` at 2s + 1 (0: empty). */
  private table = new Int32Array(2 * 1024);
  private mask = 1023;

  /** The line `key` was first seen on; when it is new, undefined, and `line` is recorded as its first. */
  firstLineOf(key: string, line: number): number | undefined {
    const hash = hashOf(key);
    const table = this.table;
    let slot = hash & this.mask;
    for (;;) {
      const entry = table[2 * slot + 1] ?? 0;
      if (entry === 0) break;
      if (table[2 * slot] === hash && this.keys[entry - 1] === key) return this.lines[entry - 1];
      slot = (slot + 1) & this.mask;
    }
    this.keys.push(key);
    this.lines.push(line);
    table[2 * slot] = hash;
    table[2 * slot + 1] = this.keys.length;
    // At most half full, so that searches stay short.
    if (2 * this.keys.length > this.mask) this.grow();
    return undefined;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(2 * old.length);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i + 1] ?? 0;
      if (entry === 0) continue;
      const hash = old[i] ?? 0;
      let slot = hash & this.mask;
      while ((this.table[2 * slot + 1] ?? 0) !== 0) slot = (slot + 1) & this.mask;
      this.table[2 * slot] = hash;
      this.table[2 * slot + 1] = entry;
    }
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0;
}
