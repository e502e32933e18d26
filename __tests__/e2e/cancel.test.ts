import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { generateAdmins } from "../../emulators/index.js";
import { startIntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";

let running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

describe("cancellation", () => {
  it("a cancelled run (SIGTERM) starts no new write, finishes the one in flight, and still reports", async () => {
    const admins = generateAdmins(12, 3).filter((a) => a.type === "admin" && a.email);
    const intercom = await startIntercomEmulator({ admins });
    const oomnitza = await startOomnitzaEmulator({});
    running.push(intercom, oomnitza);
    oomnitza.controls.setLatency("POST /api/v3/users", 150);
    let child: ChildProcess | undefined;
    const timer = setInterval(() => {
      // Cancel as soon as the first create has arrived at the server.
      if (child && oomnitza.log.count("POST /api/v3/users") >= 1) {
        child.kill("SIGTERM");
        clearInterval(timer);
      }
    }, 5);
    const run = await runBundle(
      { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "write-concurrency": "1", "max-write-concurrency": "1" },
      { onSpawn: (spawned) => (child = spawned) },
    );
    clearInterval(timer);
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe("failed");
    expect(run.stdout).toMatch(/Received SIGTERM: no new writes will start/);
    expect(run.stdout).toMatch(/::error::Sync failed: the run was cancelled with \d+ people's writes not attempted/);
    expect(run.summary).toContain("the run was cancelled");
    const created = oomnitza.users.size;
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThan(admins.length);
    expect(Number(run.outputs.created)).toBe(created);
  });
});
