import { appendFileSync } from "node:fs";
import os from "node:os";

/**
 * The few GitHub Actions runner commands the action uses: inputs from `INPUT_*`,
 * workflow commands on stdout (`::warning::…`, `::add-mask::…`), outputs appended to
 * the `GITHUB_OUTPUT` file and the job summary to `GITHUB_STEP_SUMMARY`. Written here
 * rather than taken from @actions/core, which loads an HTTP client (for OIDC tokens)
 * that a run never uses, before the first request.
 */

/** An input as the runner passes it: `INPUT_<NAME>` (spaces as `_`), trimmed; "" when unset. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** Workflow command data: `%`, CR and LF escaped so a message stays one command. */
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${os.EOL}`);
}

export function info(message: string): void {
  process.stdout.write(message + os.EOL);
}

export function debug(message: string): void {
  command("debug", message);
}

export function warning(message: string): void {
  command("warning", message);
}

/** Logs the error and makes the step fail (exit code 1) once the process ends. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  command("error", message);
}

/** Masks the value in every later line of the job's log. */
export function setSecret(secret: string): void {
  command("add-mask", secret);
}

/** An output, as `name<<delimiter` lines in the GITHUB_OUTPUT file (or the old stdout command outside a runner). */
export function setOutput(name: string, value: string | number, env: NodeJS.ProcessEnv = process.env): void {
  const text = String(value);
  const file = env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(`${os.EOL}::set-output name=${name}::${escapeData(text)}${os.EOL}`);
    return;
  }
  const delimiter = `ghadelimiter_${globalThis.crypto.randomUUID()}`;
  if (name.includes(delimiter) || text.includes(delimiter)) throw new Error(`Unexpected input: the output ${name} contains the delimiter ${delimiter}`);
  appendFileSync(file, `${name}<<${delimiter}${os.EOL}${text}${os.EOL}${delimiter}${os.EOL}`, "utf8");
}

/** Appends Markdown to the job summary (the caller checks that GITHUB_STEP_SUMMARY is set). */
export function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) throw new Error("GITHUB_STEP_SUMMARY is not set: there is no job summary to write to");
  appendFileSync(file, markdown, "utf8");
}
