import { describe, expect, it } from "vitest";
import { HOSTILE_CASES } from "../faults/hostile-cases.js";
import { INSTANCE_CASES } from "../faults/hostile-instances.js";

/**
 * Issue 14, one test per hostile case, each through a committed bundle as a child
 * process; the figures (time, peak memory, secrets found) are printed, and the same
 * cases make the hostile table of `npm run test:faults`.
 */
describe("hostile input: the sync ends in bounded time and memory, reports, and shows no secret", () => {
  for (const kase of [...HOSTILE_CASES, ...INSTANCE_CASES]) {
    it(`${kase.point} ${kase.title}`, async () => {
      const result = await kase.run();
      const peak = Number.isFinite(result.peakMb) ? `${Math.round(result.peakMb)} MB peak` : "no peak (ended by a signal)";
      const extra = Object.entries(result.figures ?? {}).map(([name, value]) => `, ${name} ${value}`).join("");
      console.log(`[hostile] ${kase.title}: ${result.outcome}; ${(result.ms / 1000).toFixed(2)} s, ${peak}, ${result.secretsFound} secrets found${extra}`);
      expect(result.problems).toEqual([]);
      expect(result.secretsFound).toBe(0);
    }, 120_000);
  }
});
