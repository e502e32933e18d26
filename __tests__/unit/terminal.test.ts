import { describe, expect, it } from "vitest";
import { useColor } from "../../src/cli/run.js";
import { ProgressLine } from "../../src/cli/progress.js";
import { emptyCounts, type Report } from "../../src/report/model.js";
import { renderTerminal } from "../../src/report/terminal.js";

function report(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    status: "partial",
    reason: "1 of 2 writes failed",
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:01.500Z",
    durationMs: 1500,
    run: { intercomHost: "api.intercom.io", intercomRegion: "us", intercomVersion: "2.11", oomnitzaHost: "acme.oomnitza.com", records: "users", preference: "create-and-update", syncKey: "email", mapping: "default", dryRun: false },
    counts: { ...emptyCounts(), fetched: 4, updated: 1, failed: 1, skipped: 1, notInOomnitza: 0, removed: 1 },
    entries: [
      { admin: { id: "1", email: "ada@example.com", name: "Ada Lovelace" }, key: "ada@example.com", action: "update", userId: "u1", changes: [{ field: "position", before: "Engineer", after: "Lead" }], outcome: "done" },
      { admin: { id: "2", email: "bob@example.com", name: "Bob\x1b[2J\x1b]0;pwned\x07" }, key: "bob@example.com", action: "create", changes: [{ field: "email", before: null, after: "bob@example.com" }], outcome: "failed", error: "Oomnitza answered 400: username taken" },
      { admin: { id: "3", name: "Pat" }, action: "skip", changes: [], reason: "no sync key", outcome: "none" },
    ],
    removed: [{ userId: "u9", intercomId: "99", email: "gone@example.com", name: "Gone Person", action: "report", outcome: "none" }],
    apiCalls: { total: 5, byApi: { intercom: 1, oomnitza: 4 }, byRoute: {} },
    ...overrides,
  };
}

describe("renderTerminal", () => {
  it("shows the headline, counts, changes as before → after, failures, skips and removed", () => {
    const text = renderTerminal(report(), { color: false });
    expect(text).toMatch(/^⚠ Sync completed with errors\n {2}Updated 1 person in Oomnitza; .*1 failed\.\n {2}Errors: 1 of 2 writes failed/);
    expect(text).toMatch(/fetched 4 {2}created 0 {2}updated 1 {2}unchanged 0 {2}skipped 1 {2}failed 1/);
    expect(text).toContain('~ Ada Lovelace <ada@example.com>  update\n      position: "Engineer" → "Lead"');
    expect(text).toContain("Failures (1)\n  ✖ 1 × create: Oomnitza answered 400: username taken\n      → Oomnitza refused a value");
    expect(text).toContain("\n      Bob <bob@example.com>\n");
    expect(text.indexOf("Failures (1)")).toBeLessThan(text.indexOf("Changes (1)"));
    expect(text).toContain("Skipped (1)\n  - Pat <admin 3>: no sync key");
    expect(text).toContain("Removed from Intercom (1)\n  × Gone Person <gone@example.com> (Intercom ID 99): reported");
  });

  it("shows SaaS steps, SaaS-only changes and SaaS failures in SaaS mode", () => {
    const saasRun = { ...report().run, records: "users-and-saas-users", saasName: "Intercom" };
    const text = renderTerminal(
      report({
        run: saasRun,
        counts: { ...emptyCounts(), fetched: 2, unchanged: 2, failed: 1, saasAssigned: 1 },
        entries: [
          { admin: { id: "1", email: "ada@example.com" }, action: "unchanged", userId: "u1", changes: [], saas: { assign: true, externalId: { before: null, after: "1" } }, outcome: "none", saasOutcome: "done" },
          { admin: { id: "2", email: "bob@example.com" }, action: "unchanged", userId: "u2", changes: [], saas: { assign: false, externalId: { before: "old", after: "2" } }, outcome: "none", saasOutcome: "failed", saasError: "Oomnitza answered 503" },
        ],
      }),
      { color: false },
    );
    expect(text).toMatch(/SaaS assigned 1 {2}SaaS external ids 0/);
    expect(text).toContain('~ ada@example.com  SaaS only\n      SaaS "Intercom": assign\n      SaaS user_external_id: ∅ → "1"');
    expect(text).toContain("Failures (1)\n  ✖ 1 × SaaS: Oomnitza answered 503\n");
  });

  it("never passes control characters from the data to the terminal, and colours only when asked", () => {
    expect(renderTerminal(report(), { color: false })).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    const coloured = renderTerminal(report(), { color: true });
    expect(coloured).toContain("\x1b[33m⚠ Sync completed with errors");
    expect(coloured).not.toContain("\x1b[2J");
  });

  it("says planned numbers in a dry run and caps long sections", () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ admin: { id: String(i), email: `p${i}@example.com` }, action: "skip" as const, changes: [], reason: "x", outcome: "none" as const }));
    const text = renderTerminal(report({ status: "dry-run", reason: undefined, entries: many, removed: [] }), { color: false, maxRows: 2 });
    expect(text).toMatch(/^◌ Dry run: nothing was written/);
    expect(text).toContain("to create 0  to update 1");
    expect(text).toContain("… 3 more; --json lists them all");
  });
});

describe("useColor", () => {
  it("colours only a terminal, and never with NO_COLOR or TERM=dumb", () => {
    const tty = { isTTY: true, write: () => true };
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(tty, { NO_COLOR: "1" })).toBe(false);
    expect(useColor(tty, { NO_COLOR: "" })).toBe(true);
    expect(useColor(tty, { TERM: "dumb" })).toBe(false);
    expect(useColor({ isTTY: false, write: () => true }, {})).toBe(false);
  });
});

describe("ProgressLine", () => {
  it("draws in place on a terminal for runs with many writes, and erases itself", () => {
    let out = "";
    let clock = 0;
    const line = new ProgressLine({ isTTY: true, columns: 60, write: (t: string) => (out += t) }, true, () => (clock += 50));
    for (let done = 1; done <= 40; done++) line.update(done, 40);
    expect(out).toContain("Writing to Oomnitza: 40/40 (100%)");
    expect(out).not.toContain("\n");
    line.clear();
    expect(out.endsWith(`\r${" ".repeat(59)}\r`)).toBe(true);
  });

  it("stays silent off a terminal, when disabled, and for small runs", () => {
    let out = "";
    const write = (t: string) => (out += t);
    new ProgressLine({ isTTY: false, write }, true).update(40, 40);
    new ProgressLine({ isTTY: true, write }, false).update(40, 40);
    new ProgressLine({ isTTY: true, write }, true).update(5, 5);
    expect(out).toBe("");
  });
});
