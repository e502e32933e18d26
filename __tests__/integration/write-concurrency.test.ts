import { describe, expect, it } from "vitest";
import { renderSummary } from "../../src/report/summary.js";
import { renderTerminal } from "../../src/report/terminal.js";
import { admin, useEmulators } from "../support/engine.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer the emulators give in this file must match the APIs' OpenAPI descriptions.
checkAnswersAgainstOpenApi();

const { setup } = useEmulators();
const admins = (n: number) => Array.from({ length: n }, (_, i) => admin(String(100 + i), `p${i}@example.com`));

describe("write concurrency", () => {
  it("grows from write-concurrency while answers are fast, backs off on the server's 429s, and loses no write", async () => {
    const { oomnitza, sync } = await setup(admins(60), { writeLimit: { maxInFlight: 5 } });
    oomnitza.controls.setLatency("POST /api/v3/users", 40);
    const report = await sync({ "write-concurrency": "2", "max-write-concurrency": "12" });
    expect(report.status).toBe("success");
    expect(report.counts).toMatchObject({ created: 60, failed: 0 });
    expect(oomnitza.users.size).toBe(60);
    // It grew past where it started, to where the server refused, and the server never held more than it takes.
    const reached = report.writeConcurrency?.reached ?? 0;
    expect(report.writeConcurrency).toMatchObject({ start: 2, max: 12 });
    expect(reached).toBeGreaterThanOrEqual(5);
    expect(oomnitza.controls.mostWritesInFlight).toBe(5);
    const refused = oomnitza.log.entries.filter((e) => e.fault === "write-limit").length;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(10);
    expect(renderSummary(report)).toContain(`| Oomnitza writes | ${reached} in flight at most (started at 2, could grow to 12) |`);
    expect(renderTerminal(report, { color: false })).toContain(`; writes: ${reached} in flight at most (started at 2, could grow to 12)`);
  });

  it("stays at write-concurrency when max-write-concurrency is the same", async () => {
    const { oomnitza, sync } = await setup(admins(30));
    oomnitza.controls.setLatency("POST /api/v3/users", 10);
    const report = await sync({ "write-concurrency": "3", "max-write-concurrency": "3" });
    expect(report.counts.created).toBe(30);
    expect(report.writeConcurrency).toEqual({ start: 3, max: 3, reached: 3 });
    expect(renderSummary(report)).toContain("| Oomnitza writes | 3 in flight at most (fixed at 3) |");
  });

  it("says nothing about write concurrency when nothing was written", async () => {
    const { sync } = await setup(admins(3));
    const report = await sync({ "dry-run": "true" });
    expect(report.writeConcurrency).toBeUndefined();
    expect(renderSummary(report)).not.toContain("Oomnitza writes");
  });
});
