import { HttpClient } from "../http.js";
import { IntercomClient } from "../intercom/client.js";
import type { Admin, InvalidAdmin } from "../intercom/schema.js";
import { OomnitzaClient, type OomnitzaUser } from "../oomnitza/client.js";
import { Redactor } from "../redact.js";
import { countEntries, hasSaasStep, type Report, type ReportEntry, type ReportRemoved, type RunInfo, type Status } from "../report/model.js";
import type { Settings } from "../settings.js";
import { applyPlan } from "./apply.js";
import { applySaas } from "./apply-saas.js";
import { planSaas, type SaasState } from "./saas.js";
import { checkGuards } from "./guard.js";
import { planSync, usersThePlanNeeds, type Plan } from "./plan.js";
import { isoSeconds, type RunContext } from "./sources.js";

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface EngineOptions {
  redactor: Redactor;
  log?: Logger;
  now?: () => Date;
  /** Test hook: how long the HTTP layer's first retry waits (default 1 s). */
  retryBaseDelayMs?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Cancellation (the workflow run was cancelled, Ctrl-C): no new write starts, writes
   * in flight finish, and the report says what was done. Like the deadline.
   */
  signal?: AbortSignal;
}

const silent: Logger = { info() {}, warn() {} };

/** Runs the whole pipeline of PRODUCT.md §1 after settings: fetch, plan, guard, apply. */
export async function runSync(settings: Settings, options: EngineOptions): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? silent;
  const started = now();
  const deadline = started.getTime() + settings.timeoutMinutes * 60_000;
  const run: RunContext = { intercomVersion: settings.intercomVersion, syncTime: isoSeconds(started) };
  const http = new HttpClient({
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    retry: { maxAttempts: settings.maxAttempts, baseDelayMs: options.retryBaseDelayMs ?? 1000, maxDelayMs: 60_000 },
    redactor: options.redactor,
  });
  const intercom = new IntercomClient(http, { baseUrl: settings.intercomUrl, token: settings.intercomToken, version: settings.intercomVersion });
  const oomnitza = new OomnitzaClient(http, { baseUrl: settings.oomnitzaUrl, token: settings.oomnitzaToken });

  let entries: ReportEntry[] = [];
  let removed: ReportRemoved[] = [];
  let fetched = 0;
  let managed: number | undefined;
  let status: Status = settings.dryRun ? "dry-run" : "success";
  let reason: string | undefined;
  let guard: Report["guard"];

  const finish = (): Report => {
    http.close();
    const finished = now();
    const report: Report = {
      schemaVersion: 1,
      status,
      reason,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      run: runInfo(settings),
      counts: countEntries(entries, removed, fetched, settings.dryRun),
      guard,
      managed,
      entries,
      removed,
      apiCalls: http.stats,
    };
    // The report is this run's own data: redact it where it stands rather than copying it.
    return options.redactor.redactInPlace(report);
  };

  try {
    log.info(`Fetching Intercom admins from ${new URL(settings.intercomUrl).host} and reading Oomnitza at ${new URL(settings.oomnitzaUrl).host}`);
    const saasMode = settings.records === "users-and-saas-users";
    // Everything that only reads starts at once: the Oomnitza pages need the admins
    // only to decide which users to keep, not to be requested.
    const adminsRead = intercom.listAdmins().then((result) => selectAdmins(result, settings.only));
    const needed = adminsRead.then(({ admins }) => usersThePlanNeeds(admins, settings.mapping, settings.syncKey, run));
    needed.catch(() => {}); // its failure is adminsRead's, reported below
    const reads = [
      adminsRead,
      oomnitza.checkConnection(),
      oomnitza.listUsers(fieldsToRead(settings), needed),
      saasMode ? readSaas(oomnitza, settings.saasName) : Promise.resolve(undefined),
    ] as const;
    // All settle before a failure is reported (in this order), so nothing is left running.
    const settled = await Promise.allSettled(reads);
    for (const outcome of settled) if (outcome.status === "rejected") throw outcome.reason;
    const [intercomResult, , users, saasState] = (settled as Array<PromiseFulfilledResult<unknown>>).map((o) => o.value) as [
      Awaited<typeof adminsRead>,
      void,
      OomnitzaUser[],
      SaasState | undefined,
    ];
    const { admins, invalid, all } = intercomResult;
    fetched = admins.length + invalid.length;
    log.info(`Intercom returned ${admins.length} admins${invalid.length ? ` and ${invalid.length} ${invalid.length === 1 ? "entry" : "entries"} that ${invalid.length === 1 ? "is" : "are"} skipped` : ""}`);
    log.info(`Oomnitza users read; ${users.length} concern this sync${saasState ? `; SaaS record ${JSON.stringify(settings.saasName)} ${saasState.record ? `has ${saasState.users.length} SaaS users` : "does not exist yet"}` : ""}`);

    const detectRemovals = settings.only === undefined;
    const plan = planSync({ admins, invalid, users, mapping: settings.mapping, syncKey: settings.syncKey, preference: settings.preference, run, detectRemovals });
    if (saasState) {
      const presentIds = new Set([...all.admins.map((a) => a.id.trim()), ...all.invalid.flatMap((i) => (i.id ? [i.id.trim()] : []))]);
      planSaas(plan, saasState, { saasName: settings.saasName, preference: settings.preference, presentIds, detectRemovals });
    }
    managed = plan.managed;
    entries = plan.entries.map((entry) => ({
      ...entry,
      outcome: entry.action === "create" || entry.action === "update" ? "planned" : "none",
      ...(hasSaasStep(entry) ? { saasOutcome: "planned" as const } : {}),
    }));
    removed = removedEntries(plan, settings);

    const verdict = checkGuards({ plan, adminsFetched: admins.length, maxRemovals: settings.maxRemovals, removedAdmins: settings.removedAdmins });
    if (verdict) {
      guard = { fired: !settings.dryRun, message: settings.dryRun ? `The real run would abort: ${verdict}` : verdict };
      if (!settings.dryRun) {
        status = "aborted";
        reason = verdict;
        const refused = "not attempted: a guard refused the plan";
        for (const entry of entries) {
          if (entry.outcome === "planned") Object.assign(entry, { outcome: "not-attempted", error: refused });
          if (entry.saasOutcome === "planned") Object.assign(entry, { saasOutcome: "not-attempted", saasError: refused });
        }
        removed.forEach((item) => item.outcome === "planned" && Object.assign(item, { outcome: "not-attempted", error: refused }));
        log.warn(`Guard: ${verdict}`);
        return finish();
      }
    }
    if (settings.dryRun) return finish();

    const writes = entries.filter((e) => e.outcome === "planned").length;
    log.info(`Applying ${writes} people writes to Oomnitza${saasMode ? " and the SaaS steps" : ""}`);
    const cancelled = () => options.signal?.aborted === true;
    const mayWrite = () => !cancelled() && now().getTime() < deadline;
    const applied = await applyPlan(oomnitza, entries, { concurrency: settings.writeConcurrency, shouldStart: mayWrite, onProgress: options.onProgress });
    let fatal = applied.fatal;
    if (saasMode && !fatal) {
      fatal = (await applySaas(oomnitza, plan, entries, removed, { concurrency: settings.writeConcurrency, shouldStart: mayWrite })).fatal;
    }
    const notAttempted = entries.filter((e) => e.saasOutcome === "not-attempted" && e.outcome !== "failed" && e.outcome !== "not-attempted").length + applied.notAttempted;
    if (fatal) {
      status = "failed";
      reason = `Oomnitza refused a write, so the rest were not sent: ${fatal}`;
    } else if (notAttempted > 0 || removed.some((r) => r.outcome === "not-attempted")) {
      status = "failed";
      reason = cancelled()
        ? `the run was cancelled with ${notAttempted} people's writes not attempted`
        : `the run's deadline (timeout-minutes: ${settings.timeoutMinutes}) passed with ${notAttempted} people's writes not attempted`;
    } else {
      const failed = entries.filter((e) => e.outcome === "failed" || e.saasOutcome === "failed").length + removed.filter((r) => r.outcome === "failed").length;
      if (failed > 0) {
        status = "partial";
        reason = `${failed} ${failed === 1 ? "record" : "records"} failed to write`;
      }
    }
    return finish();
  } catch (err) {
    status = "failed";
    reason = err instanceof Error ? err.message : String(err);
    log.warn(reason);
    return finish();
  }
}

/** `--only EMAIL` narrows the run to one admin; `all` keeps what Intercom returned (for removal detection). */
function selectAdmins(result: { admins: Admin[]; invalid: InvalidAdmin[] }, only: string | undefined) {
  if (only === undefined) return { ...result, all: result };
  const wanted = only.trim().toLowerCase();
  const admins = result.admins.filter((admin) => admin.email.trim().toLowerCase() === wanted);
  if (admins.length === 0) throw new Error(`no Intercom admin has the email ${JSON.stringify(only)}`);
  return { admins, invalid: [] as InvalidAdmin[], all: result };
}

/** Only the fields the plan compares, so reading a large instance stays light. */
function fieldsToRead(settings: Settings): string[] {
  return [...new Set(["user_id", "username", "email", "first_name", "last_name", "full_name", settings.syncKey, ...settings.mapping.fields.map((rule) => rule.field)])];
}

function removedEntries(plan: Plan, settings: Settings): ReportRemoved[] {
  if (settings.removedAdmins === "ignore") return [];
  const unassign = settings.removedAdmins === "unassign";
  return plan.removed.map((entry) => ({ ...entry, action: unassign ? "unassign" : "report", outcome: unassign ? "planned" : "none" }));
}

/** The SaaS record named saas-name and its users; two records of that name is an error, not a guess. */
async function readSaas(client: OomnitzaClient, name: string): Promise<SaasState> {
  const found = await client.findSaas(name);
  if (found.length > 1) {
    throw new Error(`Oomnitza has ${found.length} SaaS records named ${JSON.stringify(name)} (ids ${found.map((r) => r.saas_id).join(", ")}); rename one or set saas-name, nothing was written`);
  }
  const record = found[0];
  return { record, users: record ? await client.listSaasUsers(record.saas_id) : [] };
}

export function runInfo(settings: Settings): RunInfo {
  return {
    intercomHost: new URL(settings.intercomUrl).host,
    intercomRegion: settings.intercomRegion,
    intercomVersion: settings.intercomVersion,
    oomnitzaHost: settings.oomnitzaUrl ? new URL(settings.oomnitzaUrl).host : "",
    records: settings.records,
    preference: settings.preference,
    syncKey: settings.syncKey,
    mapping: settings.mappingSource,
    saasName: settings.records === "users-and-saas-users" ? settings.saasName : undefined,
    dryRun: settings.dryRun,
  };
}
