import * as core from "@actions/core";
import { cancelOnSignals } from "../runtime/signals.js";
import { HARD_STOP_GRACE_MS, raceDeadline } from "./hard-stop.js";
import { connectGitHub, type GitHubRepo } from "../github/client.js";
import { readRunContext, type RunContext } from "../github/context.js";
import { checkRunHistory, describeHistory, missedRunNote, type RunHistory } from "../github/history.js";
import { readHistory, type History } from "../github/artifacts.js";
import { runActionCheck } from "./check.js";
import { annotateLocations, setOutputs, writeJobSummary } from "./runner.js";
import { notifyAfterRun } from "./notify.js";
import { Redactor } from "../redact.js";
import { decideExit } from "../report/exit.js";
import { writeReportFile } from "../report/file.js";
import { plainMarkdown } from "../report/markdown.js";
import { renderSummary } from "../report/summary.js";
import { cleanLines, cleanText } from "../report/text.js";
import { unfinishedReport } from "../report/unfinished.js";
import { INPUT_NAMES, INPUTS, loadParsers, parseBoolean, parseNotifyList, parseSettings, SettingsError, type InputName } from "../settings/index.js";
import { runInfo } from "../engine/run-info.js";
import { runSync } from "../engine/run.js";
import { hardStopOverride, retryDelayOverride } from "../runtime/timing-overrides.js";

export interface ActionResult {
  /**
   * The engine was given up on at the hard stop and may still hold open requests;
   * the caller ends the process so the job does not sit until GitHub kills it.
   */
  abandoned: boolean;
}

/**
 * The action's entry point, as the runner (src/index.ts) and `npx @github/local-action`
 * (which stands in for @actions/core) call it.
 */
export async function run(): Promise<void> {
  const { abandoned } = await runAction();
  // Requests the engine still holds open would keep the job alive until GitHub kills it.
  if (abandoned) process.exit(process.exitCode ?? 1);
}

/**
 * The GitHub Action adapter: inputs in; summary, outputs, failure issue, heartbeat and
 * exit code out, all through @actions/core (which reads the runner's environment,
 * process.env). No sync logic here.
 */
export async function runAction(): Promise<ActionResult> {
  const env = process.env;
  const redactor = new Redactor();
  const raw: Partial<Record<InputName, string>> = {};
  for (const name of INPUT_NAMES) {
    // Plain text: the settings check every input at once, with their own messages.
    raw[name] = core.getInput(name, { trimWhitespace: true });
    if ("secret" in INPUTS[name] && raw[name]) {
      core.setSecret(raw[name] as string);
      redactor.add(raw[name]);
    }
  }
  // Messages can carry server text: no escape sequence, control character or line break
  // from a server reaches the log, an annotation or a workflow command.
  // Redacted before and after: a token split by an invisible character is whole again once cleaned.
  const clean = (m: string) => redactor.redact(cleanText(redactor.redact(m), 4000));
  const log = { info: (m: string) => core.info(clean(m)), warn: (m: string) => core.warning(clean(m)) };
  const retryBaseDelayMs = retryDelayOverride(env);
  const context = readRunContext(env);
  /**
   * A run that could not produce a report (broken settings, or anything unexpected)
   * still takes the normal path: outputs, job summary, failure issue, failed step.
   */
  const failWithoutReport = async (why: string, ownLines = false) => {
    const message = ownLines ? redactor.redact(cleanLines(redactor.redact(why))) : clean(why);
    setOutputs("failed", undefined, "");
    // Values a user typed are shown as inline code: never a live link, image, heading or HTML.
    await writeJobSummary(`## ❌ Intercom → Oomnitza sync failed

${plainMarkdown(message)}
`);
    // A scheduled run with broken settings fails every day: that is worth an issue too.
    const github = await gitHubFor(context, raw["github-token"] ?? "", log);
    await notifyAfterRun(
      { status: "failed", reason: message, finishedAt: new Date().toISOString(), fails: true, dryRun: parseBoolean(raw["dry-run"] ?? "") === true, notify: parseNotifyList(raw.notify ?? "").names },
      { github, redactor, ...log, retryBaseDelayMs },
    );
    core.setFailed(message);
  };
  try {
    let settings;
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    try {
      // A mapping or a filter is YAML (filters may match with RE2); without them neither parser is loaded.
      if (raw.mapping || raw.filter) await loadParsers();
      settings = parseSettings(raw, { cwd: workspace, describeInput: (n) => `input ${n}` });
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      annotateLocations(err.locations, workspace, clean);
      await failWithoutReport(err.message, true);
      return { abandoned: false };
    }

    if (settings.mode === "check") {
      await runActionCheck(settings, env, redactor, log, retryBaseDelayMs);
      return { abandoned: false };
    }
    const started = new Date();
    // The sync's own log (reads, plan, warnings) is one folded section of the job's log.
    const { raced, githubReady, history, trend } = await core.group("Intercom → Oomnitza sync", async () => {
      const cancel = cancelOnSignals(log.warn);
      const sync = runSync(settings, { redactor, log, retryBaseDelayMs, signal: cancel.signal });
      // Octokit is loaded while the sync's first requests are on their way, not before them.
      const githubReady = gitHubFor(context, settings.githubToken, log);
      // The history lookup runs alongside the sync: it only reads GitHub.
      const history: Promise<RunHistory | undefined> = githubReady.then((github) => (github ? checkRunHistory(github, redactor) : undefined));
      history.catch(() => {}); // awaited below, after the sync
      // So do earlier runs' reports, for the trend.
      const trend: Promise<History | undefined> = githubReady.then((github) => (github ? readHistory(github, redactor) : undefined));
      trend.catch(() => {});
      const raced = await raceDeadline(sync, hardStopOverride(env) ?? settings.timeoutMinutes * 60_000 + HARD_STOP_GRACE_MS).finally(cancel.dispose);
      return { raced, githubReady, history, trend };
    });
    const report = raced.finished ? raced.value : unfinishedReport(runInfo(settings), settings.timeoutMinutes, started, new Date(), HARD_STOP_GRACE_MS);
    const reportPath = writeReportFile(report);
    setOutputs(report.status, report.counts, reportPath, report.seats?.idleSeats);

    const github = await githubReady;
    const previous = await history;
    if (previous?.kind === "unknown") log.warn(`GitHub: the missed-run check was skipped: ${previous.why}`);
    const missedRun = missedRunNote(previous);
    if (missedRun) log.warn(missedRun);
    await writeJobSummary(redactor.redact(renderSummary(report, { reportHint: reportHint(context), notices: missedRun ? [missedRun] : [], runRows: runRows(context, previous), trend: await trend.catch(() => undefined) })));

    const decision = decideExit(report, settings.failOn);
    await notifyAfterRun(
      { status: report.status, reason: report.reason, counts: report.counts, finishedAt: report.finishedAt, fails: decision.fail, dryRun: settings.dryRun, notify: settings.notify, heartbeatUrl: settings.heartbeatUrl, missedRun },
      { github, redactor, ...log, retryBaseDelayMs },
    );
    if (decision.fail) core.setFailed(clean(decision.message));
    else core.info(clean(decision.message));
    return { abandoned: !raced.finished };
  } catch (err) {
    const why = `Sync failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`;
    try {
      await failWithoutReport(why);
    } catch {
      core.setFailed(clean(why));
    }
    return { abandoned: false };
  }
}

/**
 * Outside GitHub Actions there is no repository to open an issue in. Inside, an empty
 * token only costs the issue and the missed-run check, so it is a warning.
 */
async function gitHubFor(context: RunContext | undefined, token: string, log: { warn(m: string): void }): Promise<GitHubRepo | undefined> {
  if (!context) {
    core.debug("GITHUB_REPOSITORY or GITHUB_RUN_ID is not set: no failure issue and no missed-run check");
    return undefined;
  }
  if (!token.trim()) {
    log.warn("The github-token input is empty: no failure issue will be opened or closed, and earlier runs are not checked for missed runs.");
    return undefined;
  }
  return connectGitHub(context, token.trim());
}

function reportHint(context: RunContext | undefined): string {
  const where = context ? `the scheduled workflow uploads it as the [run's artifact](${context.runUrl}#artifacts)` : "upload it with actions/upload-artifact";
  return `The full report, with every person, is the JSON file named by the report-path output; ${where}.`;
}

function runRows(context: RunContext | undefined, history: RunHistory | undefined): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (context) rows.push(["Workflow run", context.runUrl]);
  if (history) rows.push(["Previous successful run", describeHistory(history)]);
  return rows;
}
