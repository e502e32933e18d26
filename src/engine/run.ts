import { buildReport, reportLines, type RunResult } from "../report/build.js";
import { countEntries, type Report, type WriteConcurrency } from "../report/model.js";
import { isoSeconds, type RunContext } from "../sync/admin-values.js";
import { asInputName, type SettingName } from "../sync/decisions.js";
import { checkGuards } from "../sync/guard.js";
import { planSync, type Plan, type PlanInput } from "../sync/plan.js";
import { presentIds } from "../sync/removed.js";
import { errorText } from "../sync/steps/failure.js";
import { notAttempted } from "../sync/steps/types.js";
import { silentLogger, type EngineConfig, type EngineOptions, type Logger } from "./config.js";
import { connect, type Apis } from "./connect.js";
import { executePlan, type Execution } from "./executor.js";
import { AdaptiveLimiter } from "./limiter.js";
import { readState, type State } from "./read.js";
import { runInfo } from "./run-info.js";
import { appliedStatus } from "./status.js";

/** Runs one sync after its settings are known: read both sides, plan, guard, apply, report. */
export async function runSync(config: EngineConfig, options: EngineOptions): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? silentLogger;
  const name = options.settingName ?? asInputName;
  const started = now();
  const run: RunContext = { intercomVersion: config.intercomVersion, syncTime: isoSeconds(started) };
  const apis = connect(config, options);
  let result: RunResult = { status: "failed", fetched: 0 };
  let applied: (Execution & { concurrency: WriteConcurrency }) | undefined;
  try {
    const { plan, fetched, adminsFetched, oomnitzaRead } = await readAndPlan(apis, config, run, log, name);
    result = { status: config.dryRun ? "dry-run" : "success", fetched, plan, oomnitzaRead };
    const verdict = checkGuards({ adminsFetched, managed: plan.managed, removed: plan.removed.length, maxRemovals: config.maxRemovals, removedAdmins: config.removedAdmins, name });
    if (verdict && config.dryRun) result.guard = { fired: false, message: `The real run would abort: ${verdict}` };
    if (verdict && !config.dryRun) {
      log.warn(`Guard: ${verdict}`);
      const refused = notAttempted("a guard refused the plan");
      result = { ...result, status: "aborted", reason: verdict, guard: { fired: true, message: verdict }, outcomes: plan.steps.map(() => refused) };
    } else if (!config.dryRun) {
      applied = await apply(plan, apis, config, options, started.getTime() + config.timeoutMinutes * 60_000);
      applied.warnings.forEach((warning) => log.warn(warning));
      result.outcomes = applied.outcomes;
      if (plan.steps.length > 0) result.writeConcurrency = applied.concurrency;
    }
  } catch (err) {
    result = { ...result, status: "failed", reason: errorText(err) };
    log.warn(result.reason as string);
  } finally {
    apis.http.close();
  }
  const lines = reportLines(result.plan, result.outcomes);
  if (applied && result.status === "success") {
    const counts = countEntries(lines.entries, lines.removed, 0, false);
    const removalsNotAttempted = lines.removed.some((r) => r.outcome === "not-attempted");
    Object.assign(result, appliedStatus({ ...applied, counts, removalsNotAttempted, cancelled: options.signal?.aborted === true, timeoutMinutes: config.timeoutMinutes, name }));
  }
  // The report is this run's own data: redact it where it stands rather than copying it.
  return options.redactor.redactInPlace(buildReport(runInfo(config), result, lines, { started, finished: now() }, apis.http.stats));
}

/**
 * Reads both sides and plans. What was read is dropped once the plan is made: thousands
 * of admins and people need not stay in memory while the writes run.
 */
async function readAndPlan(apis: Apis, config: EngineConfig, run: RunContext, log: Logger, name: SettingName) {
  const state = await readState(apis, config, run, log, name);
  return { plan: planSync(planInput(config, state, run)), fetched: state.admins.length + state.invalid.length, adminsFetched: state.admins.length, oomnitzaRead: readSummary(state) };
}

function readSummary({ read, lookedUp }: State) {
  const { sorted, pageSize, pageRows, pages, rows, total, complete, problems, fallbacks } = read;
  return { sorted, pageSize, pageRows, pages, rows, total, complete, problems, fallbacks, lookedUp };
}

function planInput(config: EngineConfig, state: State, run: RunContext): PlanInput {
  const { admins, invalid, users, saas, all } = state;
  return {
    ...{ admins, invalid, users, run, mapping: config.mapping, syncKey: config.syncKey, preference: config.preference, removedAdmins: config.removedAdmins },
    detectRemovals: config.only === undefined,
    readIncomplete: !state.read.complete,
    present: presentIds(all.admins, all.invalid),
    saas: saas ? { state: saas, name: config.saasName } : undefined,
  };
}

/** Sends the plan's steps until the deadline or a cancellation stops new ones. */
function apply(plan: Plan, apis: Apis, config: EngineConfig, options: EngineOptions, deadline: number): Promise<Execution & { concurrency: WriteConcurrency }> {
  const now = options.now ?? (() => new Date());
  const people = plan.entries.filter((e) => e.action === "create" || e.action === "update").length;
  options.log?.info(`Applying ${people} people writes to Oomnitza${config.records === "users-and-saas-users" ? " and the SaaS steps" : ""}`);
  const stopped = () => options.signal?.aborted === true || now().getTime() >= deadline;
  const stopReason = () => (stopped() ? "the run stopped (deadline or cancellation) before this write" : undefined);
  const limiter = new AdaptiveLimiter({ start: config.writeConcurrency, max: config.maxWriteConcurrency });
  const stopObserving = apis.http.observe((attempt) => attempt.api === "oomnitza" && attempt.method !== "GET" && limiter.observe(attempt));
  return executePlan(plan, apis.oomnitza, { limiter, stopReason, onProgress: options.onProgress })
    .then((execution) => ({ ...execution, concurrency: limiter.concurrency }))
    .finally(stopObserving);
}
