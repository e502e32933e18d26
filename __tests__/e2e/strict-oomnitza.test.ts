/**
 * dist/index.js against the strict Oomnitza profile: answers as minimal as documented,
 * CSRF required, `sortby` refused or ignored with a new order on every page, a silent
 * page cap of 200, `role` required on create, `position` a dropdown. Each run is
 * compared with the same sync against the friendly profile: the same counts, and never
 * a duplicate person, over two runs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

checkAnswersAgainstOpenApi();

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

/** The strict instance wants a role on create; the default mapping plus a constant does it. */
const MAPPING = "extends: default\nallow-access-fields: [role]\nfields:\n  role: { value: 2, on: create }\n  position: { source: job_title, on: create }\n";

async function sync(options: OomnitzaEmulatorOptions, extra: Record<string, string> = {}) {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users, ...options });
  running.push(intercom, oomnitza);
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, mapping: MAPPING, ...extra };
  const first = await runBundle(inputs);
  const writesBetween = oomnitza.log.writes().length;
  oomnitza.log.reset();
  const second = await runBundle(inputs);
  return { first, second, oomnitza, writesBetween, secondWrites: oomnitza.log.writes() };
}

const counts = (outputs: Record<string, string>) => ({ status: outputs.status, created: outputs.created, updated: outputs.updated, unchanged: outputs.unchanged, skipped: outputs.skipped, failed: outputs.failed });

/** Emails held by more than one person (the demo data has one such pair on purpose: an ambiguous match). */
function duplicates(oomnitza: OomnitzaEmulator): string[] {
  const seen = new Map<string, number>();
  for (const user of oomnitza.users.values()) {
    const key = String(user.email ?? "").trim().toLowerCase();
    if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([email]) => email);
}

describe("dist/index.js against a strict Oomnitza", () => {
  it("reads like a friendly one when sortby is refused, ignored with a new order every page, or pages are capped at 200", async () => {
    const friendly = await sync({});
    expect(counts(friendly.first.outputs)).toMatchObject({ status: "success", created: "20", failed: "0" });
    for (const strict of [{ sortby: "refuse" as const }, { sortby: "ignore-and-reorder" as const }, { sortby: "accept" as const, pageCap: 200 }]) {
      const run = await sync({ profile: "strict", strict: { ...strict, dropdowns: {} } });
      const label = JSON.stringify(strict);
      expect(counts(run.first.outputs), `${label}: ${run.first.stdout}`).toEqual(counts(friendly.first.outputs));
      expect(counts(run.second.outputs), label).toEqual(counts(friendly.second.outputs));
      expect(run.secondWrites, label).toEqual([]);
      expect(duplicates(run.oomnitza), label).toEqual(duplicates(friendly.oomnitza));
      expect(run.oomnitza.users.size, label).toBe(friendly.oomnitza.users.size);
    }
  }, 60_000);

  it("says in the summary when the instance refused sortby, and when a read was not proven complete", async () => {
    const refused = await sync({ profile: "strict", strict: { sortby: "refuse", dropdowns: {} } });
    expect(refused.first.summary).toMatch(/Oomnitza read: the instance refused sortby=user\\_id asc, so users are read in its own order/);
    const reordered = await sync({ profile: "strict", strict: { dropdowns: {} } });
    expect(reordered.first.summary).toMatch(/The read of Oomnitza's people is not proven complete \(some people came twice/);
    expect(reordered.first.summary).toMatch(/\| Oomnitza read \| 300 rows in 2 pages of 200 \(1000 asked\), asked in user\\_id order; not proven complete, so 37 admins were looked up by key before planning \(2 requests, LIKE … or …\) \|/);
  }, 60_000);

  it("in SaaS mode creates the SaaS record from a minimal answer, assigns everyone (confirmed by reading back), and a second run writes nothing", async () => {
    const run = await sync({ profile: "strict", strict: { dropdowns: {} } }, { records: "users-and-saas-users" });
    expect(run.first.code, run.first.stdout).toBe(0);
    expect(run.first.outputs).toMatchObject({ status: "success", created: "20", failed: "0" });
    const record = [...run.oomnitza.saas.records.values()].filter((r) => r.saas_name === "Intercom");
    expect(record).toHaveLength(1);
    const assigned = [...(run.oomnitza.saas.assignments.get(record[0]!.saas_id)?.values() ?? [])];
    expect(assigned).toHaveLength(35);
    expect(assigned.every((a) => /^\d+$/.test(a.user_external_id))).toBe(true);
    expect(run.second.outputs).toMatchObject({ status: "success", created: "0", updated: "0", failed: "0" });
    expect(run.secondWrites).toEqual([]);
    expect(duplicates(run.oomnitza)).toEqual(["sam.taylor@example.com"]);
  }, 60_000);

  it("writes with the CSRF token the connection check handed out", async () => {
    const run = await sync({ profile: "strict", strict: { dropdowns: {}, sortby: "accept" } });
    expect(run.first.outputs).toMatchObject({ status: "success", failed: "0" });
    expect(Number(run.writesBetween)).toBeGreaterThan(30);
  }, 60_000);

  it("creates a person whose job title the position dropdown refuses, without it, and names position in the summary", async () => {
    const run = await sync({ profile: "strict", strict: { sortby: "accept" } });
    expect(run.first.outputs).toMatchObject({ status: "success", created: "20", failed: "0" });
    const ravi = [...run.oomnitza.users.values()].find((u) => u.email === "nora.haddad@example.com");
    expect(ravi).toBeDefined();
    expect(ravi?.position).toBeUndefined();
    expect(run.first.summary).toContain("### Fields Oomnitza refused (the people were written without them)");
    expect(run.first.summary).toMatch(/\| Nora Haddad &lt;nora\.haddad@example\.com&gt; \| position \| "Onboarding Specialist" \| [^|]*position[^|]* \| If the field is a dropdown, add the value to its list/);
    expect(run.second.outputs).toMatchObject({ created: "0", updated: "0", failed: "0" });
  }, 60_000);
});
