/**
 * Cancellation in every phase (issue 14.2), through dist/index.js as GitHub runs it:
 * the first signal stops reads and retry waits (not only new writes) and the run still
 * reports; a second signal ends the process at once. Each case measures the time from
 * the signal to the process's exit. Run by __tests__/e2e/cancel.test.ts and, for the
 * hostile table, by `npm run test:faults`.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { generateAdmins } from "../../emulators/index.js";
import { admin, emulators, resultOf, type Emulators } from "./hostile-cases.js";
import { Expectations, measureAction, type HostileCase, type HostileResult, type Measured } from "./hostile.js";

/** Where the signals went and when. */
interface Signalled {
  run: Measured;
  /** Epoch ms of the first and second signal (when sent). */
  first?: number;
  second?: number;
  exitedAt: number;
}

/**
 * Runs the bundle and sends `signals` once `ready` says so (polled every 5 ms, with the
 * child's stdout so far); the second signal, when given, follows the first after `gapMs`.
 */
async function cancelWhen(env: Emulators, inputs: Record<string, string>, ready: (stdout: string) => boolean, signals: NodeJS.Signals[], gapMs = 100): Promise<Signalled> {
  let child: ChildProcess | undefined;
  let stdout = "";
  const sent: number[] = [];
  const timer = setInterval(() => {
    if (!child || sent.length > 0 || !ready(stdout)) return;
    child.kill(signals[0]);
    sent.push(Date.now());
    if (signals[1]) {
      setTimeout(() => {
        child?.kill(signals[1]);
        sent.push(Date.now());
      }, gapMs);
    }
    clearInterval(timer);
  }, 5);
  const run = await measureAction(
    { ...env.inputs, ...inputs },
    {
      github: true,
      onSpawn: (spawned) => {
        child = spawned;
        spawned.stdout?.on("data", (chunk) => (stdout += chunk));
      },
    },
  );
  clearInterval(timer);
  return { run, first: sent[0], second: sent[1], exitedAt: Date.now() };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** What every cancelled run must show: failed, reported in summary, outputs, report file and issue, within 5 s of the signal. */
function reported(expect: Expectations, s: Signalled, reason: RegExp, signal = "SIGINT"): number {
  const { run } = s;
  const afterSignal = s.first === undefined ? Number.NaN : s.exitedAt - s.first;
  expect.that(s.first !== undefined, "the signal was never sent");
  expect.that(afterSignal < 5000, `ended ${afterSignal} ms after the signal`);
  expect.that(run.code === 1 && run.outputs.status === "failed", `exit ${run.code}, status ${run.outputs.status}`);
  expect.that(reason.test(run.report?.reason ?? ""), `reason: ${run.report?.reason}`);
  expect.that(run.summary.includes("the run was cancelled"), "the summary says the run was cancelled");
  expect.that(Boolean(run.outputs["report-path"]) && existsSync(run.outputs["report-path"] as string), "the report file was written");
  expect.that(run.issues.some((body) => body.includes("the run was cancelled")), "the failure issue says the run was cancelled");
  expect.that(new RegExp(`Received ${signal}: stopping reads and retry waits`).test(run.stdout), "the log says what the signal does");
  return afterSignal;
}

function outcome(s: Signalled, afterSignal: number, expect: Expectations, env: Emulators, what: string): HostileResult {
  return resultOf({ ...s.run, ms: afterSignal }, env.secrets, expect, what, { "signal to exit": seconds(afterSignal) });
}

/** Intercom answers after 60 s: SIGINT while the admins are being read. */
const slowRead: HostileCase = {
  id: "cancel-read",
  point: "14.2",
  title: "SIGINT during a slow read (Intercom answers after 60 s)",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      env.intercom.controls.setLatency("GET /admins", 60_000);
      const s = await cancelWhen(env, {}, (stdout) => stdout.includes("Fetching Intercom admins"), ["SIGINT"]);
      const expect = new Expectations();
      const afterSignal = reported(expect, s, /^the run was cancelled before anything was written \(fetching Intercom admins: cut off because the run was cancelled\)/);
      expect.that(env.oomnitza.log.writes().length === 0, "nothing was written");
      return outcome(s, afterSignal, expect, env, "failed, reported (summary, outputs, report, issue); nothing written");
    } finally {
      await env.close();
    }
  },
};

/** Oomnitza answers 429 with Retry-After: 60 on the read: SIGINT during the wait. */
const longBackoff: HostileCase = {
  id: "cancel-429",
  point: "14.2",
  title: "SIGINT during a 429 back-off (Retry-After: 60)",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      env.oomnitza.controls.failNext("GET /api/v3/users", 20, { status: 429, retryAfter: 60 });
      const s = await cancelWhen(env, {}, () => env.oomnitza.log.count("GET /api/v3/users") >= 1, ["SIGINT"]);
      const expect = new Expectations();
      const afterSignal = reported(expect, s, /^the run was cancelled before anything was written \(reading Oomnitza users: Oomnitza answered 429.*\(not retried: the run was cancelled\)\)/);
      expect.that(env.oomnitza.log.count("GET /api/v3/users") === 1, `${env.oomnitza.log.count("GET /api/v3/users")} reads`);
      return outcome(s, afterSignal, expect, env, "failed, reported; the wait was cut short");
    } finally {
      await env.close();
    }
  },
};

/** Twelve creates one at a time, each taking 150 ms: SIGINT once the first has arrived. */
const duringWrites: HostileCase = {
  id: "cancel-writes",
  point: "14.2",
  title: "SIGINT during writes",
  async run() {
    const admins = generateAdmins(12, 3).filter((a) => a.type === "admin" && a.email);
    const env = await emulators(admins);
    try {
      env.oomnitza.controls.setLatency("POST /api/v3/users", 150);
      const s = await cancelWhen(env, { "write-concurrency": "1", "max-write-concurrency": "1" }, () => env.oomnitza.log.count("POST /api/v3/users") >= 1, ["SIGINT"]);
      const expect = new Expectations();
      const afterSignal = reported(expect, s, /^the run was cancelled with \d+ people's writes not attempted/);
      const created = env.oomnitza.users.size;
      expect.that(created >= 1 && created < admins.length, `${created} of ${admins.length} created`);
      expect.that(Number(s.run.outputs.created) === created, `output created ${s.run.outputs.created}, Oomnitza holds ${created}`);
      return outcome(s, afterSignal, expect, env, `failed, reported; ${created} of ${admins.length} created, the rest not attempted`);
    } finally {
      await env.close();
    }
  },
};

/**
 * Writes held by a 429 with Retry-After: 100000 (more than a day): SIGTERM while the
 * queued writes wait for the hold to pass. The hold is capped and the cancellation ends
 * it, so the run reports at once instead of being killed by the runner.
 */
const writeBackoff: HostileCase = {
  id: "cancel-write-backoff",
  point: "21.4",
  title: "SIGTERM during a write back-off (Retry-After: 100000)",
  async run() {
    const admins = generateAdmins(8, 5).filter((a) => a.type === "admin" && a.email);
    const env = await emulators(admins);
    try {
      env.oomnitza.controls.failNext("POST /api/v3/users", 50, { status: 429, retryAfter: 100_000 });
      const s = await cancelWhen(env, { "write-concurrency": "1", "max-write-concurrency": "1" }, () => env.oomnitza.log.count("POST /api/v3/users") >= 1, ["SIGTERM"]);
      const expect = new Expectations();
      const afterSignal = reported(expect, s, /^the run was cancelled with \d+ people's writes not attempted/, "SIGTERM");
      expect.that(env.oomnitza.users.size === 0, `${env.oomnitza.users.size} people created`);
      return outcome(s, afterSignal, expect, env, "failed, reported; the held writes were not attempted");
    } finally {
      await env.close();
    }
  },
};

/** A write that never answers is cut off 2 s after the signal, and reported as possibly applied. */
const hangingWrite: HostileCase = {
  id: "cancel-hanging-write",
  point: "14.2",
  title: "SIGINT while a write hangs (no second signal)",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      env.oomnitza.controls.failNext("POST /api/v3/users", 1, "hang");
      const s = await cancelWhen(env, {}, (stdout) => stdout.includes("Applying the plan: 1 person to create"), ["SIGINT"]);
      const expect = new Expectations();
      const afterSignal = reported(expect, s, /^the run was cancelled with 0 people's writes not attempted and 1 failed/);
      expect.that(afterSignal >= 1500, `the write in flight was given ${afterSignal} ms, not its 2 s`);
      const error = s.run.report?.entries[0]?.error ?? "";
      expect.that(/cut off because the run was cancelled; Oomnitza may or may not have applied it/.test(error), `entry error: ${error}`);
      return outcome(s, afterSignal, expect, env, "failed, reported; the write was cut off after its 2 s");
    } finally {
      await env.close();
    }
  },
};

/** A write that never answers holds the first signal's grace; the second signal ends the process at once. */
const secondSignal: HostileCase = {
  id: "cancel-twice",
  point: "14.2",
  title: "SIGINT then SIGTERM while a write hangs",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      env.oomnitza.controls.failNext("POST /api/v3/users", 1, "hang");
      const s = await cancelWhen(env, {}, (stdout) => stdout.includes("Applying the plan: 1 person to create"), ["SIGINT", "SIGTERM"], 100);
      const expect = new Expectations();
      const afterSecond = s.second === undefined ? Number.NaN : s.exitedAt - s.second;
      expect.that(s.second !== undefined, "the second signal was never sent");
      expect.that(s.run.code === null, `exit code ${s.run.code}: the second signal did not end the process`);
      expect.that(afterSecond < 1000, `ended ${afterSecond} ms after the second signal`);
      return resultOf({ ...s.run, ms: afterSecond }, env.secrets, expect, "ended by the second signal", { "second signal to exit": seconds(afterSecond) });
    } finally {
      await env.close();
    }
  },
};

/** Both signals at once, before the first reaches the event loop: the second must not be lost. */
const backToBack: HostileCase = {
  id: "cancel-back-to-back",
  point: "14.2",
  title: "SIGINT and SIGTERM back to back while a write hangs",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      env.oomnitza.controls.failNext("POST /api/v3/users", 1, "hang");
      const s = await cancelWhen(env, {}, (stdout) => stdout.includes("Applying the plan: 1 person to create"), ["SIGINT", "SIGTERM"], 0);
      const expect = new Expectations();
      const afterSecond = s.second === undefined ? Number.NaN : s.exitedAt - s.second;
      expect.that(s.run.code === null, `exit code ${s.run.code}: the second signal was lost`);
      expect.that(afterSecond < 1000, `ended ${afterSecond} ms after the second signal`);
      return resultOf({ ...s.run, ms: afterSecond }, env.secrets, expect, "ended by the second signal", { "second signal to exit": seconds(afterSecond) });
    } finally {
      await env.close();
    }
  },
};

export const CANCEL_CASES: HostileCase[] = [slowRead, longBackoff, duringWrites, writeBackoff, hangingWrite, secondSignal, backToBack];
