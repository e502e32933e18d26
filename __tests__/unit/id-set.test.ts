import { describe, expect, it } from "vitest";
import { hashId, IdSet } from "../../src/oomnitza/id-set.js";

describe("IdSet", () => {
  it("tells a new id from one seen before, across growth", () => {
    const set = new IdSet();
    const ids = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
    expect(ids.every((id) => set.add(hashId(id)))).toBe(true);
    expect(set.size).toBe(20_000);
    expect(set.add(hashId("user-123"))).toBe(false);
    expect(set.add(hashId("user-20000"))).toBe(true);
    expect(set.size).toBe(20_001);
  });

  it("is sized for the expected count, and a huge expected count (a server's word) allocates no huge table", () => {
    const set = new IdSet(1e12);
    expect(set.add(hashId("x"))).toBe(true);
    expect(set.add(hashId("x"))).toBe(false);
    expect(set.size).toBe(1);
  });

  it("gives 100,000 Oomnitza-like ids 100,000 different hashes, none of them 0", () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const id = (i * 2654435761).toString(16).padStart(32, "0");
      const hash = hashId(id);
      expect(Number.isSafeInteger(hash) && hash > 0).toBe(true);
      hashes.add(hash);
    }
    expect(hashes.size).toBe(100_000);
    expect(hashId("ab")).not.toBe(hashId("ba"));
  });
});
