import type { Counts, Status } from "../report/model.js";
import { cleanLines } from "../report/text.js";

/** The label that finds the open failure issue again. */
export const ISSUE_LABEL = "intercom-oomnitza-sync";
export const ISSUE_TITLE = "Intercom → Oomnitza sync is failing";

/** What the failure issue needs to know about one run. */
export interface RunNotice {
  status: Status;
  /** One line: why the run failed or aborted. */
  reason: string;
  counts?: Counts;
  /** GitHub users or teams to mention, without the "@". */
  notify: string[];
  missedRun?: string;
  runUrl: string;
  runId: number;
  finishedAt: string;
}

/** GitHub rejects issue and comment bodies over 65,536 characters. */
const MAX_REASON = 4000;

const VERDICT: Partial<Record<Status, string>> = {
  failed: "failed",
  aborted: "was aborted by a guard (nothing was written)",
  partial: "completed with errors",
};

/**
 * The reason comes from API answers, so it may hold anything: inside a fence it can
 * neither break the Markdown nor @-mention anyone, and it is cleaned of escape
 * sequences, control characters and bidirectional overrides (the issue body is not
 * masked or cleaned by the runner).
 */
function fenced(text: string): string {
  const clean = cleanLines(text, MAX_REASON);
  const flat = clean.length > MAX_REASON ? clean.slice(0, MAX_REASON - 1) + "…" : clean;
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}text\n${flat}\n${fence}`;
}

function countsLine(counts: Counts): string {
  return (
    `Created ${counts.created} · updated ${counts.updated} · unchanged ${counts.unchanged} · skipped ${counts.skipped} · ` +
    `failed ${counts.failed}${counts.notAttempted ? ` · not attempted ${counts.notAttempted}` : ""} · removed ${counts.removed}`
  );
}

function runLink(notice: Pick<RunNotice, "runUrl" | "runId">): string {
  return `[run ${notice.runId}](${notice.runUrl})`;
}

/** The body of a new failure issue, and of each comment for a later failure. */
export function failureText(notice: RunNotice): string {
  const lines: string[] = [];
  if (notice.notify.length) lines.push(`${notice.notify.map((who) => `@${who}`).join(" ")}\n`);
  lines.push(`**The Intercom → Oomnitza sync ${VERDICT[notice.status] ?? "failed"}** in ${runLink(notice)} (${notice.finishedAt.replace(/\.\d+Z$/, "Z")}).\n`);
  lines.push(`**Reason:**\n\n${fenced(notice.reason)}\n`);
  // A run that stopped before reading Intercom has only zeros to show.
  if (notice.counts && notice.counts.fetched > 0) lines.push(`${countsLine(notice.counts)}\n`);
  if (notice.missedRun) lines.push(`> ⏰ ${notice.missedRun}\n`);
  lines.push(`The run's job summary lists every failure and its report artifact has every person. This issue closes itself when a later run succeeds.`);
  return lines.join("\n");
}

/** The comment that closes the issue when the sync works again. */
export function recoveryText(notice: Pick<RunNotice, "runUrl" | "runId" | "counts" | "status" | "finishedAt">): string {
  const how = notice.status === "partial" ? "completed (with record failures below the fail-on threshold)" : "succeeded";
  const lines = [`✅ The sync ${how} again in ${runLink(notice)} (${notice.finishedAt.replace(/\.\d+Z$/, "Z")}). Closing this issue.`];
  if (notice.counts) lines.push("", countsLine(notice.counts));
  return lines.join("\n");
}
