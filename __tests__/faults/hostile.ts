/**
 * Hostile input (issue 14): what Intercom, Oomnitza, a settings file or the runner may
 * throw at a sync, run through the committed bundles as child processes, each with
 * its time, its peak memory and the secrets found in everything it printed or wrote.
 * Shared by `__tests__/e2e/hostile.test.ts` (one test per case) and
 * `npm run test:faults` (the hostile table of docs/reliability.md).
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startGitHubFake, type GitHubFake } from "../../emulators/index.js";
import type { Report } from "../../src/report/model.js";
import { runCommand } from "../support/run-cli.js";
import { ROOT, runBundle, type BundleRun } from "../support/run-bundle.js";
import { tempDir } from "../support/temp.js";

const RSS_HOOK = pathToFileURL(path.join(ROOT, "bench", "rss-hook.mjs")).href;
/** Preload: names under .invalid fail to resolve at once, with no query leaving the machine. */
export const DNS_HOOK = pathToFileURL(path.join(ROOT, "__tests__", "support", "dns-hook.mjs")).href;
export const CLI_BUNDLE = path.join(ROOT, "dist", "cli", "index.js");

/** One run of a bundle, measured. */
export interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The JSON report the run wrote (report-path), when it wrote one. */
  report?: Report;
  /** Bodies and comments of the failure issues the run opened (action runs with GitHub only). */
  issues: string[];
  /** Spawn to exit. */
  ms: number;
  /** Peak resident set size in MB (NaN when the process ended without running its exit hooks). */
  peakMb: number;
  /** Everything the run printed or wrote, for the secret scan. */
  text: string;
}

export interface MeasureOptions {
  env?: Record<string, string>;
  onSpawn?: (child: ChildProcess) => void;
  /** Open the failure issue in a fake GitHub (the run's GitHub context and token are set). */
  github?: boolean;
  /** More modules for node to preload (`--import`), e.g. DNS_HOOK. */
  preload?: string[];
}

function peakOf(file: string): number {
  try {
    // bench/rss-hook.mjs writes { maxRssKb, cpuMs, syncCpuMs }.
    return (JSON.parse(readFileSync(file, "utf8")) as { maxRssKb: number }).maxRssKb / 1024;
  } catch {
    return Number.NaN;
  }
}

function readReport(reportPath: string | undefined): { report?: Report; text: string } {
  if (!reportPath) return { text: "" };
  try {
    const text = readFileSync(reportPath, "utf8");
    return { report: JSON.parse(text) as Report, text };
  } catch {
    return { text: "" };
  }
}

const withoutMaskCommands = (stdout: string) =>
  stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");

/** Runs dist/index.js as the Actions runner does, with the RSS hook preloaded. */
export async function measureAction(inputs: Record<string, string>, options: MeasureOptions = {}): Promise<Measured> {
  const rssFile = path.join(tempDir("ios-rss-"), "max_rss_kb");
  let github: GitHubFake | undefined;
  const env: Record<string, string> = { BENCH_RSS_FILE: rssFile, INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS: "1", ...options.env };
  const all = { ...inputs };
  if (options.github) {
    github = await startGitHubFake({ repository: "acme/people-sync" });
    const runId = 7001;
    github.runs.push({ id: runId, workflow_id: 1, status: "in_progress", conclusion: null, run_started_at: new Date().toISOString() });
    Object.assign(env, { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: "https://github.example", GITHUB_REPOSITORY: "acme/people-sync", GITHUB_RUN_ID: String(runId) });
    all["github-token"] ??= github.token;
  }
  let run: BundleRun;
  try {
    run = await runBundle(all, { env, onSpawn: options.onSpawn, nodeArgs: ["--import", RSS_HOOK, ...(options.preload ?? []).flatMap((hook) => ["--import", hook])] });
  } finally {
    await github?.close();
  }
  const ms = Date.now() - run.spawnedAt;
  const { report, text: reportText } = readReport(run.outputs["report-path"]);
  const issues = (github?.issues ?? []).flatMap((issue) => [issue.body, ...issue.comments]);
  const peakMb = peakOf(rssFile);
  rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return {
    code: run.code,
    stdout: run.stdout,
    stderr: run.stderr,
    outputs: run.outputs,
    summary: run.summary,
    report,
    issues,
    ms,
    peakMb,
    // `::add-mask::` is how the action tells the runner what to mask: the one place a token must appear.
    text: [withoutMaskCommands(run.stdout), run.stderr, run.summary, JSON.stringify(run.outputs), reportText, ...issues].join("\n"),
  };
}

/** Runs dist/cli/index.js with exactly `env` (plus PATH and HOME), with the RSS hook preloaded. */
export async function measureCli(args: string[], env: Record<string, string> = {}, cwd = ROOT, preload: string[] = []): Promise<Measured> {
  const rssDir = tempDir("ios-rss-");
  const rssFile = path.join(rssDir, "max_rss_kb");
  const started = Date.now();
  const run = await runCommand(process.execPath, ["--import", RSS_HOOK, ...preload.flatMap((hook) => ["--import", hook]), CLI_BUNDLE, ...args], { BENCH_RSS_FILE: rssFile, INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS: "1", ...env }, cwd);
  const ms = Date.now() - started;
  const peakMb = peakOf(rssFile);
  rmSync(rssDir, { recursive: true, force: true });
  let report: Report | undefined;
  if (args.includes("--json")) {
    try {
      report = JSON.parse(run.stdout) as Report;
    } catch {
      /* not a report: a usage error, say */
    }
  }
  return { code: run.code, stdout: run.stdout, stderr: run.stderr, outputs: {}, summary: "", report, issues: [], ms, peakMb, text: [run.stdout, run.stderr].join("\n") };
}

/** How many times any of the secrets appears in a text (also URL-encoded). */
export function secretsIn(text: string, secrets: string[]): number {
  let found = 0;
  for (const secret of secrets.filter((s) => s.length >= 4)) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) found += text.split(form).length - 1;
  }
  return found;
}

/** What a hostile case reports: its row of the table, and every expectation it missed. */
export interface HostileResult {
  outcome: string;
  ms: number;
  peakMb: number;
  secretsFound: number;
  /** Expectations that did not hold; empty when the case passed. */
  problems: string[];
  /** Extra figures worth printing (the time from a signal to exit, say). */
  figures?: Record<string, string | number>;
}

export interface HostileCase {
  id: string;
  /** Which point of issue 14 (or 13) it shows. */
  point: string;
  title: string;
  run(): Promise<HostileResult>;
}

/** Collects failed expectations instead of throwing, so every case reports all of them. */
export class Expectations {
  readonly problems: string[] = [];
  that(condition: boolean, message: string): this {
    if (!condition) this.problems.push(message);
    return this;
  }
}

/** The table `npm run test:faults` prints and docs/reliability.md shows. */
export function hostileTable(rows: Array<{ kase: HostileCase; result: HostileResult }>): string {
  const lines = ["| point | case | outcome | time | peak memory | secrets found |", "|---|---|---|---|---|---|"];
  for (const { kase, result } of rows) {
    const peak = Number.isFinite(result.peakMb) ? `${Math.round(result.peakMb)} MB` : "n/a (ended by a signal)";
    const time = `${(result.ms / 1000).toFixed(1)} s`;
    lines.push(`| ${kase.point} | ${kase.title.replace(/\|/g, "\\|")} | ${result.problems.length ? `NOT OK: ${result.problems.join("; ")}` : result.outcome} | ${time} | ${peak} | ${result.secretsFound} |`);
  }
  return lines.join("\n");
}

