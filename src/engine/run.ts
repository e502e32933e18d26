import { buildReport, reportLines, type RunResult } from "../report/build.js";
import { countEntries, type Report, type WriteConcurrency } from "../report/model.js";
import { skippedNotices, unkeptNotices } from "../report/view.js";
import { isoSeconds, type RunContext } from "../sync/admin-values.js";
import { asInputName, type SettingName } from "../sync/decisions.js";
import { checkGuards } from "../sync/guard.js";
import { isSecretField } from "../sync/mapping.js";
import { planSync, type Plan, type PlanInput } from "../sync/plan.js";
import { presentIds } from "../sync/removed.js";
import { errorText } from "../sync/steps/failure.js";
import { notAttempted } from "../sync/steps/types.js";
import { silentLogger, type EngineConfig, type EngineOptions, type Logger } from "./config.js";
import { connect, type Apis } from "./connect.js";
import { executePlan, type Execution } from "./executor.js";
import { AdaptiveLimiter } from "./limiter.js";
import { readState, type State } from "./read.js";
import { seatsOf } from "./seats.js";
import { runInfo } from "./run-info.js";
import { plural } from "../report/text.js";
import { appliedStatus } from "./status.js";

/** Runs one sync after its settings are known: read both sides, plan, guard, apply, report. */
export async function runSync(config: EngineConfig, options: EngineOptions): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? silentLogger;
  const name = options.settingName ?? asInputName;
  const started = now();
  const run: RunContext = { intercomVersion: config.intercomVersion, syncTime: isoSeconds(started) };
  // A constant written to a field whose name suggests a secret is masked like a token wherever it might appear.
  for (const rule of config.mapping.fields) if (isSecretField(rule.field) && rule.value !== undefined && typeof rule.value !== "boolean") options.redactor.add(String(rule.value));
  const apis = connect(config, options);
  let result: RunResult = { status: "failed", fetched: 0 };
  let applied: (Execution & { concurrency: WriteConcurrency }) | undefined;
  try {
    const { plan, seats, fetched, adminsFetched, oomnitzaRead } = await readAndPlan(apis, config, run, log, name);
    result = { status: config.dryRun ? "dry-run" : "success", fetched, plan, oomnitzaRead, seats };
    const verdict = checkGuards({ adminsFetched, managed: plan.managed, removed: plan.removed.length, maxRemovals: config.maxRemovals, removedAdmins: config.removedAdmins, name });
    if (verdict && config.dryRun) result.guard = { fired: false, message: `The real run would abort: ${verdict}` };
    if (verdict && !config.dryRun) {
      const refused = notAttempted("a guard refused the plan");
      result = { ...result, status: "aborted", reason: verdict, guard: { fired: true, message: verdict }, outcomes: plan.steps.map(() => refused) };
    } else if (!config.dryRun) {
      applied = await apply(plan, apis, config, options, started.getTime() + config.timeoutMinutes * 60_000);
      applied.warnings.forEach((warning) => log.warn(warning));
      result.outcomes = applied.outcomes;
      if (plan.steps.length > 0) result.writeConcurrency = applied.concurrency;
    }
  } catch (err) {
    // Said once, by the adapter (the step's error, the CLI's headline), not here as well.
    // Cancelled before the writes began: nothing was written, and the reason says so first.
    const cancelled = options.signal?.aborted === true && !applied;
    result = { ...result, status: "failed", reason: cancelled ? `the run was cancelled before anything was written (${errorText(err)})` : errorText(err) };
  } finally {
    apis.http.close();
  }
  const lines = reportLines(result.plan, result.outcomes, result.seats);
  if (applied && result.status === "success") {
    const counts = countEntries(lines.entries, lines.removed, 0, false);
    const removalsNotAttempted = lines.removed.some((r) => r.outcome === "not-attempted");
    const succeeded = applied.outcomes.filter((o) => o.status === "done").length;
    Object.assign(result, appliedStatus({ ...applied, counts, succeeded, removalsNotAttempted, cancelled: options.signal?.aborted === true, timeoutMinutes: config.timeoutMinutes, name }));
  }
  // The report is this run's own data: redact it where it stands rather than copying it.
  const report = options.redactor.redactInPlace(buildReport(runInfo(config), result, lines, { started, finished: now() }, apis.http.stats));
  [...unkeptNotices(report), ...skippedNotices(report)].forEach((notice) => log.warn(notice));
  return report;
}

/**
 * Reads both sides and plans. What was read is dropped once the plan is made: thousands
 * of admins and people need not stay in memory while the writes run.
 */
async function readAndPlan(apis: Apis, config: EngineConfig, run: RunContext, log: Logger, name: SettingName) {
  const state = await readState(apis, config, run, log, name);
  const plan = planSync(planInput(config, state, { ...run, teamNames: state.teamNames, lastLogins: state.activity?.lastLogin }));
  return { plan, seats: seatsOf(state, plan, config, run), fetched: state.admins.length + state.invalid.length, adminsFetched: state.admins.length, oomnitzaRead: readSummary(state) };
}

function readSummary({ read, lookedUp, lookups }: State) {
  const { sorted, pageSize, pageRows, pages, rows, total, complete, problems, fallbacks } = read;
  return { sorted, pageSize, pageRows, pages, rows, total, complete, problems, fallbacks, lookedUp, ...(lookups ? { lookups } : {}) };
}

function planInput(config: EngineConfig, state: State, run: RunContext): PlanInput {
  const { admins, invalid, users, saas, all } = state;
  return {
    ...{ admins, invalid, users, run, mapping: config.mapping, syncKey: config.syncKey, preference: config.preference, removedAdmins: config.removedAdmins },
    detectRemovals: config.only === undefined,
    readIncomplete: !state.read.complete,
    present: presentIds(all.admins, all.invalid),
    saas: saas ? { state: saas, name: config.saasName } : undefined,
    removalEvents: state.activity?.removals,
  };
}

/** Sends the plan's steps until the deadline or a cancellation stops new ones. */
function apply(plan: Plan, apis: Apis, config: EngineConfig, options: EngineOptions, deadline: number): Promise<Execution & { concurrency: WriteConcurrency }> {
  const now = options.now ?? (() => new Date());
  const count = (kind: string) => plan.steps.filter((step) => step.kind === kind).length;
  const parts = [plural(count("create-person"), "person", "people", "to create"), plural(count("update-person"), "person", "people", "to update")];
  const saasSteps = plan.steps.length - count("create-person") - count("update-person");
  if (saasSteps) parts.push(plural(saasSteps, "SaaS step", "SaaS steps"));
  options.log?.info(`Applying the plan: ${parts.join(", ")}`);
  const stopped = () => options.signal?.aborted === true || now().getTime() >= deadline;
  const stopReason = () => (stopped() ? "the run stopped (deadline or cancellation) before this write" : undefined);
  const limiter = new AdaptiveLimiter({ start: config.writeConcurrency, max: config.maxWriteConcurrency });
  const stopObserving = apis.http.observe((attempt) => attempt.api === "oomnitza" && attempt.method !== "GET" && limiter.observe(attempt));
  // A write waiting for a slot (a Retry-After holds them all) must notice a cancellation or the deadline at once.
  const release = () => limiter.stop();
  options.signal?.addEventListener("abort", release, { once: true });
  const deadlineTimer = setTimeout(release, Math.max(0, deadline - now().getTime()));
  const onStop = (reason: string) => {
    options.log?.warn(`Stopping the writes: ${reason}; no further write is sent`);
    limiter.stop();
    apis.http.stopWrites(reason);
  };
  return executePlan(plan, apis.oomnitza, { limiter, stopReason, onProgress: options.onProgress, onStop })
    .then((execution) => ({ ...execution, concurrency: limiter.concurrency }))
    .finally(() => {
      stopObserving();
      clearTimeout(deadlineTimer);
      options.signal?.removeEventListener("abort", release);
      limiter.stop();
    });
}
