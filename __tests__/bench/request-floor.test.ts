import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedDataset } from "../../emulators/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { activityLogPages, requestFloor } from "../../bench/floor.js";
import { SCENARIOS } from "../../bench/scenarios.js";
import { Redactor } from "../../src/redact.js";
import { parseSettings } from "../../src/settings/index.js";
import { runSync } from "../../src/engine/run.js";

// The benchmark's scenarios at a small size, in-process. No timing is asserted
// (machines are noisy); request counts are deterministic and must stay near the floor.
let intercom: IntercomEmulator;
let oomnitza: OomnitzaEmulator;
const N = 40;

beforeAll(async () => {
  const { admins, users } = generatedDataset(N, 10 * N, 3, { overlap: 0 });
  intercom = await startIntercomEmulator({ admins, activityLogs: [], rateLimit: null });
  oomnitza = await startOomnitzaEmulator({ users });
});
afterAll(async () => {
  await intercom?.close();
  await oomnitza?.close();
});

describe("the benchmark's scenarios stay within the request floor + 2", () => {
  for (const scenario of SCENARIOS) {
    it(scenario.title, async () => {
      const writes = scenario.prepare(intercom, oomnitza, N);
      const people = oomnitza.users.size;
      intercom.log.reset();
      oomnitza.log.reset();
      const settings = parseSettings(
        { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, ...scenario.inputs },
        { cwd: process.cwd() },
      );
      const report = await runSync(settings, { redactor: new Redactor() });
      expect(report.status, report.reason).toBe("success");
      expect(oomnitza.log.writes()).toHaveLength(writes);
      const requests = intercom.log.count() + oomnitza.log.count();
      // The default mapping fills intercom_last_login: the floor reads the (empty) activity log's one page.
      expect(intercom.log.count("GET /admins/activity_logs")).toBe(1);
      expect(requests).toBeLessThanOrEqual(requestFloor(people, writes, activityLogPages(0)) + 2);
      expect(report.apiCalls.total).toBe(requests);
    });
  }
});
