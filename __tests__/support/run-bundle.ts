import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tempDir } from "./temp.js";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BUNDLE = path.join(ROOT, "dist", "index.js");

export interface BundleOptions {
  /** Environment beyond the runner's own variables (GITHUB_API_URL, test hooks, …). */
  env?: Record<string, string>;
  /** Called with the child process as soon as it is spawned (to signal it, say). */
  onSpawn?: (child: ChildProcess) => void;
  /** Arguments for node before the bundle (the benchmark preloads its RSS hook). */
  nodeArgs?: string[];
}

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
  /** Epoch ms just before the process was spawned. */
  spawnedAt: number;
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER … DELIMITER` and `name=value` lines. */
export function parseGithubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] as string);
      outputs[name] = value.join("\n");
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

/**
 * Runs the committed bundle exactly as the Actions runner does: a node process with
 * each input as INPUT_<NAME>, and files behind GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 */
export async function runBundle(inputs: Record<string, string>, options: BundleOptions = {}): Promise<BundleRun> {
  const workspace = tempDir("ios-run-");
  const outputFile = path.join(workspace, "github_output");
  const summaryFile = path.join(workspace, "step_summary.md");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: workspace,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BUNDLE], { env, cwd: workspace, stdio: ["ignore", "pipe", "pipe"] });
  options.onSpawn?.(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    code,
    stdout,
    stderr,
    outputs: parseGithubOutput(readFileSync(outputFile, "utf8")),
    summary: readFileSync(summaryFile, "utf8"),
    workspace,
    spawnedAt,
  };
}
