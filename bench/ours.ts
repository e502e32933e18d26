import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, runBundle } from "../__tests__/support/run-bundle.js";

const RSS_HOOK = pathToFileURL(path.join(ROOT, "bench", "rss-hook.mjs")).href;

export interface OurRun {
  /** The engine's own duration (the report's durationMs): fetch, plan and writes. */
  engineMs: number;
  /** Spawn to exit of `node dist/index.js`, start-up and report file included. */
  processMs: number;
  /** Peak resident set size of the sync's process, in MB. */
  peakRssMb: number;
  /** CPU time (user + system) of the sync's process from its first request to its exit, in ms. */
  syncCpuMs: number;
  /** CPU time of the whole process, start-up included, in ms. */
  cpuMs: number;
  status: string;
  exitCode: number | null;
  /** The counts the report gives (created, updated, unchanged, …). */
  counts: Record<string, number>;
  /** Writes in flight at once, as the report gives it (absent when nothing was written). */
  writeConcurrency?: { start: number; max: number; reached: number };
  /** Epoch ms just before the process was spawned (for the cold start). */
  spawnedAt: number;
}

/**
 * Runs the committed bundle as the Actions runner would, in its own process, so its
 * peak RSS is that of one sync. `inputs` are the action's inputs by name.
 */
export async function runOurs(inputs: Record<string, string>): Promise<OurRun> {
  const rssDir = mkdtempSync(path.join(os.tmpdir(), "ios-bench-"));
  const rssFile = path.join(rssDir, "usage.json");
  const run = await runBundle(inputs, { env: { BENCH_RSS_FILE: rssFile }, nodeArgs: ["--import", RSS_HOOK] });
  try {
    const processMs = Date.now() - run.spawnedAt;
    const reportPath = run.outputs["report-path"];
    if (!reportPath) throw new Error(`the bundle wrote no report (exit code ${run.code}):\n${(run.stdout + run.stderr).slice(-2000)}`);
    const report = JSON.parse(readFileSync(reportPath, "utf8")) as { durationMs: number; status: string; counts: Record<string, number>; reason?: string; writeConcurrency?: OurRun["writeConcurrency"] };
    if (report.status !== "success" && report.status !== "dry-run") throw new Error(`the sync ended with status ${report.status}: ${report.reason ?? ""}`);
    const usage = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRssKb: number; cpuMs: number; syncCpuMs: number };
    return {
      engineMs: report.durationMs,
      processMs,
      peakRssMb: usage.maxRssKb / 1024,
      syncCpuMs: usage.syncCpuMs,
      cpuMs: usage.cpuMs,
      status: report.status,
      exitCode: run.code,
      counts: report.counts,
      writeConcurrency: report.writeConcurrency,
      spawnedAt: run.spawnedAt,
    };
  } finally {
    rmSync(run.workspace, { recursive: true, force: true });
    rmSync(rssDir, { recursive: true, force: true });
  }
}
