import { describe, expect, it } from "vitest";
import { CANCEL_CASES } from "../faults/hostile-cancel.js";

/**
 * Cancellation in every phase, through dist/index.js: the first signal stops reads and
 * retry waits, starts no new write, and the run still reports (summary, outputs, report
 * file, failure issue) within 5 s; a second signal ends the process at once. Each case
 * prints the time from the signal to the process's exit.
 */
describe("cancellation", () => {
  for (const kase of CANCEL_CASES) {
    it(kase.title, async () => {
      const result = await kase.run();
      const extra = Object.entries(result.figures ?? {}).map(([name, value]) => `${name} ${value}`).join(", ");
      console.log(`[cancel] ${kase.title}: ${result.outcome}; ${extra}`);
      expect(result.problems).toEqual([]);
      expect(result.secretsFound).toBe(0);
    }, 60_000);
  }
});
