/**
 * The stop rules reach every wait (issue: right when an instance answers differently):
 * once the first writes have all failed the same way, no write starts, not even a retry
 * of one in flight; a cancellation or a long Retry-After hold does not keep queued
 * writes waiting. Over real sockets, against the Oomnitza emulator.
 */
import { describe, expect, it } from "vitest";
import { admin, useEmulators } from "../support/engine.js";

const { setup } = useEmulators();

const people = (n: number) => Array.from({ length: n }, (_, i) => admin(String(7100 + i), `p${i}@example.com`, { job_title: "Agent" }));
const existing = (n: number) => people(n).map((a) => ({ username: a.email as string, email: a.email as string, position: "Old title", intercom_id: a.id }));

describe("the stop rule", () => {
  it("after the first 10 writes fail the same way, no write starts, retries of writes in flight included", async () => {
    const { oomnitza, sync } = await setup(people(40), { users: existing(40) });
    oomnitza.controls.failNext("PATCH /api/v3/users/:id", 10_000, { status: 500 });
    oomnitza.controls.setLatency("PATCH /api/v3/users/:id", 15);
    let trippedAt = Number.POSITIVE_INFINITY;
    const report = await sync(
      { "write-concurrency": "4", "max-write-concurrency": "4", "max-attempts": "5" },
      { log: { info() {}, warn: (m) => void (m.startsWith("Stopping the writes") && (trippedAt = Math.min(trippedAt, Date.now()))) } },
    );
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/^the first 10 writes all failed the same way/);
    expect(Number.isFinite(trippedAt)).toBe(true);
    const after = oomnitza.log.entries.filter((e) => e.route === "PATCH /api/v3/users/:id" && e.at > trippedAt);
    expect(after.length).toBeLessThanOrEqual(4);
    expect(report.counts.notAttempted).toBeGreaterThanOrEqual(20);
  });

  it("a Retry-After of a day holds queued writes no longer than the longest retry wait, and a cancellation ends the hold at once", async () => {
    const { oomnitza, sync } = await setup(people(6));
    oomnitza.controls.failNext("POST /api/v3/users", 1, { status: 429, retryAfter: 100_000 });
    const controller = new AbortController();
    const t0 = Date.now();
    const done = sync({ "write-concurrency": "1", "max-write-concurrency": "1" }, { signal: controller.signal });
    while (oomnitza.log.count("POST /api/v3/users") < 1 && Date.now() - t0 < 10_000) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelledAt = Date.now();
    controller.abort();
    const report = await done;
    expect(Date.now() - cancelledAt).toBeLessThan(3000);
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/cancelled/);
    expect(oomnitza.log.count("POST /api/v3/users")).toBe(1);
  });
});

describe("odd answers, said as what happened", () => {
  it("a create answered 200 with an HTML page, whose person the look-up then finds, counts as created", async () => {
    const { oomnitza, sync } = await setup(people(2));
    oomnitza.controls.failNext("POST /api/v3/users", 1, "html-page");
    const report = await sync();
    expect(report.status).toBe("success");
    expect(report.counts).toMatchObject({ created: 2, failed: 0 });
    expect(oomnitza.users.size).toBe(2);
    const first = report.entries.find((e) => e.note);
    expect(first?.note).toMatch(/Oomnitza's answer to the create could not be read; the person was found in Oomnitza/);
  });

  it("a SaaS record and a SaaS role created with an HTML page for an answer are found by name, and count as done", async () => {
    const { oomnitza, sync } = await setup(people(3));
    oomnitza.controls.failNext("POST /api/v3/saas", 1, "html-page");
    oomnitza.controls.failNext("POST /api/v3/saas/:id/roles", 1, "html-page");
    const report = await sync({ records: "users-and-saas-users" });
    expect(report.status).toBe("success");
    expect(report.saasRecord).toMatchObject({ action: "create", outcome: "done" });
    expect(report.counts).toMatchObject({ created: 3, saasAssigned: 3, saasRoles: 3, failed: 0 });
    oomnitza.log.reset();
    const again = await sync({ records: "users-and-saas-users" });
    expect(again.status).toBe("success");
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("an answer that is an HTML page says so (not only 'not valid JSON')", async () => {
    const { oomnitza, sync } = await setup(people(1));
    oomnitza.controls.failNext("GET /api/v3/users", 10, "html-page");
    const report = await sync({ "max-attempts": "1" });
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/reading Oomnitza users: Oomnitza answered 200 with an HTML page, not JSON/);
  });
});
