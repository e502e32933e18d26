import { describe, expect, it } from "vitest";
import { faultCases, PHASES, PROFILES, runCase } from "./matrix.js";

/** A quick subset of `npm run test:faults`: one transient and one persistent fault per phase, plus lost writes. */
const QUICK = new Set(["503", "reset (persistent)", "truncated JSON", "500 after apply", "401 mid-run"]);

describe.each(PROFILES)("fault injection against the %s Oomnitza (quick subset; npm run test:faults runs every fault × phase)", (profile) => {
  for (const phase of PHASES) {
    for (const fault of faultCases(phase).filter((f) => QUICK.has(f.name))) {
      it(`${phase.name}: ${fault.name}`, async () => {
        const result = await runCase(phase, fault, profile);
        expect(result.clean, result.firstReason).toBe(true);
        expect(result.duplicates).toBe(0);
        expect(result.leaks).toBe(0);
        expect(result.converged, `first run: ${result.firstStatus} ${result.firstReason ?? ""}`).toBe(true);
      });
    }
  }
});
