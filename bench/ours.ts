import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BUNDLE, parseGithubOutput, ROOT } from "../scripts/run-bundle.js";

const RSS_HOOK = pathToFileURL(path.join(ROOT, "bench", "rss-hook.mjs")).href;

export interface OurRun {
  /** The engine's own duration (the report's durationMs): fetch, plan and writes. */
  engineMs: number;
  /** Spawn to exit of `node dist/index.js`, start-up and report file included. */
  processMs: number;
  /** Peak resident set size of the sync's process, in MB. */
  peakRssMb: number;
  status: string;
  exitCode: number | null;
  /** The counts the report gives (created, updated, unchanged, …). */
  counts: Record<string, number>;
  /** Epoch ms just before the process was spawned (for the cold start). */
  spawnedAt: number;
}

/**
 * Runs the committed bundle as the Actions runner would, in its own process, so its
 * peak RSS is that of one sync. `inputs` are the action's inputs by name.
 */
export async function runOurs(inputs: Record<string, string>): Promise<OurRun> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), "ios-bench-"));
  try {
    const outputFile = path.join(workspace, "github_output");
    const rssFile = path.join(workspace, "max_rss_kb");
    writeFileSync(outputFile, "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: workspace,
      BENCH_RSS_FILE: rssFile,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, ["--import", RSS_HOOK, BUNDLE], { env, cwd: workspace, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const processMs = Date.now() - spawnedAt;
    const outputs = parseGithubOutput(readFileSync(outputFile, "utf8"));
    if (!outputs["report-path"]) throw new Error(`the bundle wrote no report (exit code ${exitCode}):\n${output.slice(-2000)}`);
    const report = JSON.parse(readFileSync(outputs["report-path"], "utf8")) as { durationMs: number; status: string; counts: Record<string, number>; reason?: string };
    if (report.status !== "success" && report.status !== "dry-run") throw new Error(`the sync ended with status ${report.status}: ${report.reason ?? ""}`);
    return {
      engineMs: report.durationMs,
      processMs,
      peakRssMb: Number(readFileSync(rssFile, "utf8")) / 1024,
      status: report.status,
      exitCode,
      counts: report.counts,
      spawnedAt,
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
