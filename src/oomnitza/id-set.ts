/**
 * The ids a read has seen, kept as 53-bit hashes in one typed array instead of a Set of
 * strings: a read of 55,000 people then holds no id string once its page is done.
 * Two different ids with one hash would look like a person read twice, which makes
 * the read unproven and the sync look every admin up: slower, never wrong (at 55,000
 * ids the chance is about one in three million).
 */
export class IdSet {
  private slots: Float64Array;
  private count = 0;

  /**
   * `expected`: how many ids are likely (the read's total), so the table need not grow;
   * taken at most up to 100,000, since a total is only what the server says.
   */
  constructor(expected = 0) {
    let size = 1 << 12;
    while (size < Math.min(expected, 100_000) * 2) size *= 2;
    this.slots = new Float64Array(size);
  }

  get size(): number {
    return this.count;
  }

  /** False when the hash was there already. */
  add(hash: number): boolean {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i] as number;
      if (slot === hash) return false;
      if (slot === 0) {
        this.slots[i] = hash;
        this.count++;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.count = 0;
    for (const hash of old) if (hash !== 0) this.add(hash);
  }
}

/** A 53-bit hash of a string (two 32-bit FNV-1a passes with different offsets), never 0. */
export function hashId(id: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hash = (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
  return hash === 0 ? 1 : hash;
}
