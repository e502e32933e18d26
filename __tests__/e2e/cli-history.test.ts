/**
 * The command line's headline, idle seats and trend (issue 23.5), through
 * dist/cli/index.js: each run adds its seat figures to a small JSON-lines file in the
 * XDG state folder (or --history FILE), and the terminal draws the trend as sparklines.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runCli } from "../support/run-cli.js";
import { tempDir } from "../support/temp.js";

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

async function start() {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  running.push(intercom, oomnitza);
  return { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token };
}

describe("the command line's seats and trend", () => {
  it("shows the headline and idle seats, keeps a history in the XDG state folder, and draws the trend from the second run", async () => {
    const env = { ...(await start()), XDG_STATE_HOME: tempDir("ios-xdg-") };
    const first = await runCli(["--dry-run"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/teammates 39 · in sync \d+ · inbox seats 34 · idle seats \(30\+ days\) \d+ · changes planned 34/);
    expect(first.stdout).toContain("Trend: no history yet");
    expect(first.stdout).toMatch(/Idle seats: \d+ of 34 inbox seats without a login for 30\+ days/);
    expect(first.stdout).toMatch(/Kenji Watanabe .*last login \S+, 45 days ago \(kept in Oomnitza by an earlier run\)/);
    const file = path.join(env.XDG_STATE_HOME, "intercom-oomnitza-sync", "history.jsonl");
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(1);
    const second = await runCli(["--dry-run"], env);
    expect(second.stdout).toMatch(/Trend over the last 2 runs:\n\s+inbox seats [▁-█]{2} 34 → 34/);
    const json = JSON.parse((await runCli(["--dry-run", "--json"], env)).stdout);
    expect(json.seats).toMatchObject({ teammates: 39, inboxSeats: 34, idleDays: 30 });
    expect(json.entries.find((e: { admin: { email?: string } }) => e.admin.email === "kenji.watanabe@example.com").seat).toMatchObject({ idle: true, daysIdle: 45, evidence: "kept" });
  });

  it("--history FILE moves the history; damaged lines in it are passed over, not a failure", async () => {
    const env = await start();
    const file = path.join(tempDir("ios-hist-"), "runs.jsonl");
    writeFileSync(file, 'not json\n{"at":"2026-11-01T00:00:00Z","status":"success","teammates":30,"inboxSeats":25,"idleSeats":10}\n{"at":"x"}\n');
    const run = await runCli(["--dry-run", "--history", file, "--idle-days", "40"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Trend over the last 2 runs:\n\s+inbox seats [▁-█]{2} 25 → 34/);
    expect(run.stdout).toContain("idle seats (40+ days)");
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(4);
  });

  it("idle-days is validated like every input", async () => {
    const run = await runCli(["--idle-days", "0"], await start());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--idle-days: "0" is not allowed; allowed: a whole number from 1 to 3650/);
  });
});
