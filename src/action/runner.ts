import * as core from "@actions/core";
import path from "node:path";
import type { ProblemLocation } from "../settings/index.js";

/**
 * What the action writes to the runner besides log lines, through @actions/core: the
 * outputs (the GITHUB_OUTPUT file), the job summary (GITHUB_STEP_SUMMARY) and the
 * annotations of a mapping file's problems.
 */

/** The count outputs every mode sets, in action.yml's order. */
export const COUNT_OUTPUTS = ["created", "updated", "unchanged", "skipped", "failed", "removed"] as const;

export function setOutputs(status: string, counts: Partial<Record<(typeof COUNT_OUTPUTS)[number], number>> | undefined, reportPath: string, idleSeats?: number): void {
  core.setOutput("status", status);
  for (const name of COUNT_OUTPUTS) core.setOutput(name, counts?.[name] ?? 0);
  // Empty when the run stopped before both sides were read: no count is better than a wrong 0.
  core.setOutput("idle-seats", idleSeats ?? "");
  core.setOutput("report-path", reportPath);
}

/** Appends Markdown to the job summary; outside GitHub (no GITHUB_STEP_SUMMARY) there is nowhere to write one. */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug("GITHUB_STEP_SUMMARY is not set; no job summary written");
    return;
  }
  // Emptied first: a write that failed earlier leaves its text in the buffer.
  await core.summary.emptyBuffer().addRaw(markdown).write();
}

/**
 * A settings problem in a mapping file of the repository is also an error annotation
 * on that file (and line, for a YAML mistake), besides the failure that lists every
 * problem. The message names the line and the kind of mistake, never the line's text.
 * A file outside the workspace has no place in the repository to point at.
 */
export function annotateLocations(locations: ProblemLocation[], workspace: string, clean: (message: string) => string): void {
  for (const at of locations) {
    const file = path.relative(workspace, at.file).split(path.sep).join("/");
    if (!file || file.startsWith("../") || path.isAbsolute(file)) continue;
    core.error(clean(at.problem), { title: "Intercom → Oomnitza sync settings", file, startLine: at.line, startColumn: at.column });
  }
}
