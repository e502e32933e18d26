import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./run-bundle.js";
import { tempDir } from "./temp.js";

export const CLI_BUNDLE = path.join(ROOT, "dist", "cli", "index.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command (by default the built CLI) as a child process with exactly the given
 * environment plus PATH and HOME, so variables of the developer's shell (an
 * INTERCOM_TOKEN of their own, NO_COLOR) never leak into a test.
 */
export async function runCommand(command: string, args: string[], env: Record<string, string> = {}, cwd: string = ROOT): Promise<CliRun> {
  // The CLI keeps a run history under XDG_STATE_HOME: a test's own folder, never the developer's.
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? cwd, XDG_STATE_HOME: tempDir("ios-state-"), ...env }, cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd: string = ROOT): Promise<CliRun> {
  return runCommand(process.execPath, [CLI_BUNDLE, ...args], env, cwd);
}
