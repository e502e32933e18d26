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
