import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset } from "../../emulators/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer the emulators give in this file must match the APIs' OpenAPI descriptions.
checkAnswersAgainstOpenApi();

let intercom: IntercomEmulator;
let oomnitza: OomnitzaEmulator;

beforeAll(async () => {
  const { admins, users } = demoDataset();
  intercom = await startIntercomEmulator({ admins });
  oomnitza = await startOomnitzaEmulator({ users });
});
afterAll(async () => {
  await intercom.close();
  await oomnitza.close();
});

const inputs = () => ({
  "intercom-token": intercom.token,
  "intercom-url": intercom.url,
  "oomnitza-url": oomnitza.url,
  "oomnitza-token": oomnitza.token,
});

/** `::add-mask::<token>` is how a secret is registered with the runner, which hides it everywhere after. */
const visible = (text: string) => text.split("\n").filter((line) => !line.startsWith("::add-mask::")).join("\n");

describe("dist/index.js run as GitHub runs it", () => {
  it("syncs, writes the outputs and the job summary, and a second run changes nothing", async () => {
    const first = await runBundle(inputs());
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.outputs.status).toBe("success");
    expect(Number(first.outputs.created)).toBeGreaterThan(0);
    expect(Number(first.outputs.updated)).toBeGreaterThan(0);
    expect(Number(first.outputs.skipped)).toBeGreaterThan(0);
    expect(first.outputs.failed).toBe("0");
    expect(first.summary).toContain("Intercom → Oomnitza sync succeeded");
    expect(first.summary).toMatch(/\| Fetched \| Created \| Updated \|/);
    expect(first.summary).toContain("### Changes");
    expect(first.summary).toContain("### Skipped");
    const reportPath = first.outputs["report-path"] as string;
    expect(existsSync(reportPath)).toBe(true);
    const report = JSON.parse(readFileSync(reportPath, "utf8"));
    expect(report.counts.created).toBe(Number(first.outputs.created));
    expect(report.entries.length).toBe(report.counts.fetched);

    oomnitza.log.reset();
    const second = await runBundle(inputs());
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ status: "success", created: "0", updated: "0", failed: "0" });
    expect(oomnitza.log.writes()).toEqual([]);
    expect(first.stdout).toContain(`::add-mask::${oomnitza.token}`);
    for (const text of [visible(first.stdout), first.stderr, first.summary, readFileSync(reportPath, "utf8"), visible(second.stdout)]) {
      expect(text).not.toContain(intercom.token);
      expect(text).not.toContain(oomnitza.token);
    }
  });

  it("exits 1 naming a missing required input, before any request", async () => {
    intercom.log.reset();
    oomnitza.log.reset();
    const { "oomnitza-token": _omitted, ...rest } = inputs();
    const run = await runBundle(rest);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*input oomnitza-token: required but empty/);
    expect(run.outputs.status).toBe("failed");
    expect(run.summary).toContain("input oomnitza-token: required but empty");
    expect(intercom.log.count()).toBe(0);
    expect(oomnitza.log.count()).toBe(0);
  });

  it("refuses a bad mapping and filter before any request, naming each path", async () => {
    intercom.log.reset();
    oomnitza.log.reset();
    const run = await runBundle({ ...inputs(), mapping: "extends: default\nfields:\n  position: { source: job_title, transform: titlecase }\n", filter: "- include: { mail: { equals: x } }" });
    expect(run.code).toBe(1);
    expect(run.summary).toContain("fields.position.transform: unknown transform `titlecase`; allowed: lowercase");
    // Rendered as Markdown: the brackets escaped, the typed value as inline code.
    expect(run.summary).toContain("filter\\[0\\].include.mail: unknown source `mail` (did you mean email?)");
    expect(intercom.log.count() + oomnitza.log.count()).toBe(0);
  });

  it("fails with exit 1 and a redacted one-line reason when Intercom refuses the token", async () => {
    const run = await runBundle({ ...inputs(), "intercom-token": "ic_bad_token_not_known_123" });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe("failed");
    expect(run.stdout).toMatch(/::error::Sync failed: fetching Intercom admins: Intercom answered 401/);
    expect(visible(run.stdout) + run.summary).not.toContain("ic_bad_token_not_known_123");
  });
});
