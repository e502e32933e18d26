import type { GitHubRepo } from "../github/client.js";
import type { IssueAction } from "../github/issue.js";
import { reportFailure, reportRecovery } from "../github/issue.js";
import { pingHeartbeat } from "../runtime/heartbeat.js";
import type { Redactor } from "../redact.js";
import type { Counts, Status } from "../report/model.js";

/** What the notifications need to know about a finished run. */
export interface RunResult {
  status: Status;
  reason?: string;
  counts?: Counts;
  finishedAt: string;
  /** Whether the step fails (decideExit): a failing `partial` alerts like a failure. */
  fails: boolean;
  dryRun: boolean;
  notify: string[];
  heartbeatUrl?: string;
  missedRun?: string;
}

export interface NotifyDeps {
  /** Undefined outside GitHub Actions or without a token: no issue then. */
  github?: GitHubRepo;
  redactor: Redactor;
  info(message: string): void;
  warn(message: string): void;
  retryBaseDelayMs?: number;
}

export interface NotifyOutcome {
  issue?: IssueAction;
  heartbeat: "sent" | "failed" | "not-sent";
}

/**
 * A failing run opens (or comments on) the failure issue; a good run
 * closes it and pings the heartbeat. A dry run does neither: it writes nothing, so it
 * proves nothing about the real sync. Every problem here is a warning, never a failure.
 */
export async function notifyAfterRun(result: RunResult, deps: NotifyDeps): Promise<NotifyOutcome> {
  const outcome: NotifyOutcome = { heartbeat: "not-sent" };
  if (result.dryRun) {
    deps.info("Dry run: the failure issue and the heartbeat are left alone.");
    return outcome;
  }
  const good = !result.fails && (result.status === "success" || result.status === "partial");
  if (deps.github) {
    const { runUrl, runId } = deps.github.context;
    outcome.issue = result.fails
      ? await reportFailure(deps.github, { status: result.status, reason: result.reason ?? "unknown reason", counts: result.counts, notify: result.notify, missedRun: result.missedRun, runUrl, runId, finishedAt: result.finishedAt }, deps.redactor)
      : good
        ? await reportRecovery(deps.github, { status: result.status, counts: result.counts, runUrl, runId, finishedAt: result.finishedAt }, deps.redactor)
        : undefined;
    const issue = outcome.issue;
    if (issue?.kind === "warning") deps.warn(issue.message);
    else if (issue && issue.kind !== "none") deps.info(`${issue.kind[0]?.toUpperCase()}${issue.kind.slice(1)} the failure issue #${issue.number}.`);
  }
  if (good && result.heartbeatUrl) {
    const problem = await pingHeartbeat(result.heartbeatUrl, { redactor: deps.redactor, retryBaseDelayMs: deps.retryBaseDelayMs });
    if (problem) deps.warn(deps.redactor.redact(problem));
    else deps.info("Heartbeat sent.");
    outcome.heartbeat = problem ? "failed" : "sent";
  }
  return outcome;
}
