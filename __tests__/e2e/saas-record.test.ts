/**
 * Creating the SaaS record is a planned step of its own, shown in the dry run, the
 * summary, the terminal and the JSON report; a saas-name that is a near miss of an
 * existing record creates nothing and suggests the record.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";
import { runCli } from "../support/run-cli.js";

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

async function start(saas: Array<{ saas_name: string }> = []) {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users, ...(saas.length ? { saas } : {}) });
  running.push(intercom, oomnitza);
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, records: "users-and-saas-users" };
  const env = { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token, IOS_RECORDS: "users-and-saas-users" };
  return { oomnitza, inputs, env };
}

const report = (run: Awaited<ReturnType<typeof runBundle>>) => JSON.parse(readFileSync(run.outputs["report-path"] as string, "utf8"));

describe("the SaaS record", () => {
  it("a dry run shows that it would be created, in the summary, the JSON report and the terminal", async () => {
    const { oomnitza, inputs, env } = await start();
    const dry = await runBundle({ ...inputs, "saas-name": "Intercom Support", "dry-run": "true" });
    expect(dry.summary).toContain('**SaaS record:** Create SaaS record "Intercom Support": it does not exist yet; a real run creates it.');
    expect(report(dry).saasRecord).toEqual({ name: "Intercom Support", action: "create", outcome: "planned" });
    const cli = await runCli(["--dry-run", "--saas-name", "Intercom Support"], env);
    expect(cli.stdout).toContain('+ Create SaaS record "Intercom Support": it does not exist yet; a real run creates it.');
    expect(oomnitza.log.writes()).toEqual([]);

    const real = await runBundle({ ...inputs, "saas-name": "Intercom Support" });
    expect(real.summary).toMatch(/\*\*SaaS record:\*\* Created SaaS record "Intercom Support" \(id \d+\)\./);
    expect(report(real).saasRecord).toMatchObject({ name: "Intercom Support", action: "create", outcome: "done" });
    const second = await runBundle({ ...inputs, "saas-name": "Intercom Support" });
    expect(report(second).saasRecord).toMatchObject({ name: "Intercom Support", action: "use", outcome: "none" });
    expect(second.summary).not.toContain("**SaaS record:**");
  });

  for (const typo of ["Intercomm", "intercom", "Inter com"]) {
    it(`saas-name "${typo}" next to an existing "Intercom" creates nothing and suggests it`, async () => {
      const { oomnitza, inputs } = await start([{ saas_name: "Intercom" }]);
      const run = await runBundle({ ...inputs, "saas-name": typo });
      expect(run.code).toBe(1);
      expect(run.outputs.status).toBe("failed");
      expect(run.stdout).toMatch(new RegExp(`Oomnitza has no SaaS record named "${typo}"; did you mean "Intercom" \\(id \\d+\\)\\?`));
      expect(oomnitza.log.writes()).toEqual([]);
      expect([...oomnitza.saas.records.values()].filter((r) => r.saas_name === typo)).toEqual([]);
    });
  }
});
