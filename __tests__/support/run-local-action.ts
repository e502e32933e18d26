import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./run-bundle.js";
import { tempDir } from "./temp.js";

/** The action's entry point for local-action: it exports run() and does not start on import (src/index.ts does). */
export const LOCAL_ACTION_ENTRY = "src/action/main.ts";

export interface LocalActionRun {
  /** local-action's own exit code: 0 even when the action failed (its stand-in for setFailed only records it). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the action set, from local-action's `::set-output name=…::value` lines. */
  outputs: Record<string, string>;
  /** What the action wrote to the job summary (the file GITHUB_STEP_SUMMARY names in the .env file). */
  summary: string;
  /** Whether the action called setFailed (local-action logs it as `::error::`). */
  failed: boolean;
  workspace: string;
  envFile: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * One `KEY=value` line of a .env file as dotenv reads it: single quotes (or backticks)
 * keep the value as written, line breaks included; no escape is expanded in them.
 */
function envLine(key: string, value: string): string {
  const quote = !value.includes("'") ? "'" : !value.includes("`") ? "`" : undefined;
  if (!quote) throw new Error(`${key}: a value with both ' and \` cannot be written to a .env file`);
  return `${key}=${quote}${value}${quote}`;
}

/**
 * Runs the action from its TypeScript source the ecosystem's way,
 * `npx local-action run . src/action/main.ts <.env>`: local-action (@github/local-action)
 * stands in for @actions/core and reads the inputs (`INPUT_<NAME>`) and the runner's
 * variables from the .env file, which this writes into a fresh workspace. `echo` also
 * shows local-action's log as it runs.
 */
export async function runLocalAction(inputs: Record<string, string>, options: { env?: Record<string, string>; echo?: boolean } = {}): Promise<LocalActionRun> {
  const workspace = tempDir("ios-local-action-");
  const summaryFile = path.join(workspace, "step_summary.md");
  writeFileSync(summaryFile, "");
  const variables: Record<string, string> = { GITHUB_STEP_SUMMARY: summaryFile, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace, ...options.env };
  for (const [name, value] of Object.entries(inputs)) variables[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  const envFile = path.join(workspace, ".env");
  writeFileSync(envFile, Object.entries(variables).map(([key, value]) => envLine(key, value)).join("\n") + "\n");

  // Only what npm needs: no GITHUB_* of a surrounding workflow reaches the action.
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? workspace, NO_COLOR: "1", FORCE_COLOR: "0" };
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const child = spawn(npx, ["--no", "local-action", "run", ".", LOCAL_ACTION_ENTRY, envFile], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    if (options.echo) process.stdout.write(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    if (options.echo) process.stderr.write(chunk);
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const lines = stdout.replace(ANSI, "").split("\n");
  const outputs: Record<string, string> = {};
  for (const line of lines) {
    const match = /^::set-output name=([^:]+)::(.*)$/.exec(line);
    if (match) outputs[match[1] as string] = match[2] as string;
  }
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, "utf8") : "",
    failed: lines.some((line) => line.startsWith("::error::")),
    workspace,
    envFile,
  };
}
