import { HttpClient, HttpError } from "../http.js";
import { IntercomClient } from "../intercom/client.js";
import { OomnitzaClient } from "../oomnitza/client.js";
import { Redactor } from "../redact.js";
import { countEntries, emptyCounts, type Report, type ReportEntry, type ReportRemoved, type RunInfo, type Status } from "../report/model.js";
import type { Settings } from "../settings.js";
import { applyPlan } from "./apply.js";
import { checkGuards } from "./guard.js";
import { planSync, type Plan } from "./plan.js";
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
      counts: entries.length || removed.length ? countEntries(entries, removed, fetched, settings.dryRun) : { ...emptyCounts(), fetched },
      guard,
      managed,
      entries,
      removed,
      apiCalls: http.stats,
    };
    return options.redactor.redactDeep(report);
  };

  try {
    log.info(`Fetching Intercom admins from ${new URL(settings.intercomUrl).host} and checking Oomnitza at ${new URL(settings.oomnitzaUrl).host}`);
    const [intercomResult] = await Promise.all([intercom.listAdmins(), oomnitza.checkConnection()]);
    let { admins, invalid } = intercomResult;
    if (settings.only !== undefined) {
      const wanted = settings.only.trim().toLowerCase();
      admins = admins.filter((admin) => admin.email.trim().toLowerCase() === wanted);
      invalid = [];
      if (admins.length === 0) throw new Error(`no Intercom admin has the email ${JSON.stringify(settings.only)}`);
    }
    fetched = admins.length + invalid.length;
    log.info(`Intercom returned ${admins.length} admins${invalid.length ? ` and ${invalid.length} entries that are skipped` : ""}`);

    const users = await oomnitza.listUsers(fieldsToRead(settings));
    log.info(`Oomnitza holds ${users.length} users`);

    const plan = planSync({ admins, invalid, users, mapping: settings.mapping, syncKey: settings.syncKey, preference: settings.preference, run, detectRemovals: settings.only === undefined });
    managed = plan.managed;
    entries = plan.entries.map((entry) => ({ ...entry, outcome: entry.action === "create" || entry.action === "update" ? "planned" : "none" }));
    removed = removedEntries(plan, settings);

    const verdict = checkGuards({ plan, adminsFetched: admins.length, maxRemovals: settings.maxRemovals, removedAdmins: settings.removedAdmins });
    if (verdict) {
      guard = { fired: !settings.dryRun, message: settings.dryRun ? `The real run would abort: ${verdict}` : verdict };
      if (!settings.dryRun) {
        status = "aborted";
        reason = verdict;
        entries.forEach((entry) => entry.outcome === "planned" && ((entry.outcome = "not-attempted"), (entry.error = "not attempted: a guard refused the plan")));
        log.warn(`Guard: ${verdict}`);
        return finish();
      }
    }
    if (settings.dryRun) return finish();

    const writes = entries.filter((e) => e.outcome === "planned").length;
    log.info(`Applying ${writes} writes to Oomnitza`);
    const applied = await applyPlan(oomnitza, entries, { concurrency: settings.writeConcurrency, deadline, now: () => now().getTime(), onProgress: options.onProgress });
    if (applied.fatal) {
      status = "failed";
      reason = `Oomnitza refused a write, so the rest were not sent: ${applied.fatal}`;
    } else if (applied.notAttempted > 0) {
      status = "failed";
      reason = `the run's deadline (timeout-minutes: ${settings.timeoutMinutes}) passed with ${applied.notAttempted} writes not attempted`;
    } else if (entries.some((e) => e.outcome === "failed")) {
      status = "partial";
      const failed = entries.filter((e) => e.outcome === "failed").length;
      reason = `${failed} of ${writes} writes failed`;
    }
    return finish();
  } catch (err) {
    status = "failed";
    reason = err instanceof HttpError || err instanceof Error ? err.message : String(err);
    log.warn(reason);
    return finish();
  }
}

/** Only the fields the plan compares, so reading a large instance stays light. */
function fieldsToRead(settings: Settings): string[] {
  return [...new Set(["user_id", "username", "email", "first_name", "last_name", "full_name", settings.syncKey, ...settings.mapping.fields.map((rule) => rule.field)])];
}

function removedEntries(plan: Plan, settings: Settings): ReportRemoved[] {
  if (settings.removedAdmins === "ignore") return [];
  return plan.removed.map((entry) => ({ ...entry, action: "report", outcome: "none" }));
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
