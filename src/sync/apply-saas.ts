import { HttpError } from "../http.js";
import type { OomnitzaClient } from "../oomnitza/client.js";
import { hasSaasStep, personLabel as describe, type ReportEntry, type ReportRemoved } from "../report/model.js";
import type { Plan } from "./plan.js";
import { runPool } from "./pool.js";

const CHUNK = 100;

export interface SaasApplyOptions {
  concurrency: number;
  shouldStart: () => boolean;
}


function fail(entry: ReportEntry, error: string): void {
  entry.saasOutcome = "failed";
  entry.saasError = error;
}

/**
 * The SaaS side of a run, after people are written: make sure the SaaS record exists,
 * assign everyone in bulk, set external ids, and unassign removed admins when asked.
 * A failure is kept on the person it concerns.
 */
export async function applySaas(client: OomnitzaClient, plan: Plan, entries: ReportEntry[], removed: ReportRemoved[], options: SaasApplyOptions): Promise<{ fatal?: string }> {
  // A refused token (401/403) makes every further write pointless: stop there.
  let fatal: string | undefined;
  const note = (err: unknown): string => {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof HttpError && (err.status === 401 || err.status === 403)) fatal ??= message;
    return message;
  };
  const shouldStart = () => fatal === undefined && options.shouldStart();
  await applySteps(client, plan, entries, removed, { ...options, shouldStart }, note);
  return { fatal };
}

async function applySteps(
  client: OomnitzaClient,
  plan: Plan,
  entries: ReportEntry[],
  removed: ReportRemoved[],
  options: SaasApplyOptions,
  note: (err: unknown) => string,
): Promise<void> {
  // The engine marked each person's SaaS step "planned" when it built the entries.
  const steps = entries.filter(hasSaasStep);
  const unassign = removed.filter((item) => item.action === "unassign");
  if ((steps.length === 0 && unassign.length === 0) || !plan.saas) return;

  let saasId = plan.saas.id;
  if (!saasId) {
    if (!options.shouldStart()) return notAttempted(steps);
    try {
      saasId = await ensureSaas(client, plan.saas.name);
      plan.saas.id = saasId;
    } catch (err) {
      const message = note(err);
      steps.forEach((entry) => fail(entry, message));
      return;
    }
  }

  // People whose own create or update failed get no SaaS step.
  for (const entry of steps) {
    if (entry.outcome === "failed" || entry.outcome === "not-attempted" || !entry.userId) {
      entry.saasOutcome = "not-attempted";
      entry.saasError = "not attempted: the person was not written";
    }
  }
  const toAssign = steps.filter((entry) => entry.saasOutcome === "planned" && entry.saas?.assign);
  for (let i = 0; i < toAssign.length; i += CHUNK) {
    const chunk = toAssign.slice(i, i + CHUNK);
    if (!options.shouldStart()) {
      notAttempted(chunk);
      continue;
    }
    try {
      const errors = await client.assignSaasUsers(saasId, chunk.map((entry) => ({ user_id: entry.userId as string, assign: true })));
      for (const entry of chunk) {
        const error = errors.get(entry.userId as string);
        if (error) fail(entry, `assigning ${describe(entry)} to the SaaS record: ${error}`);
      }
    } catch (err) {
      const message = note(err);
      chunk.forEach((entry) => fail(entry, message));
    }
  }

  const toLabel = steps.filter((entry) => entry.saasOutcome === "planned" && entry.saas?.externalId);
  const skipped = await runPool(
    toLabel,
    options.concurrency,
    async (entry) => {
      try {
        await client.setSaasExternalId(saasId as string, entry.userId as string, entry.saas?.externalId?.after as string, `setting the SaaS external id of ${describe(entry)}`);
      } catch (err) {
        fail(entry, note(err));
      }
    },
    options.shouldStart,
  );
  notAttempted(skipped);
  steps.forEach((entry) => entry.saasOutcome === "planned" && (entry.saasOutcome = "done"));

  for (let i = 0; i < unassign.length; i += CHUNK) {
    const chunk = unassign.slice(i, i + CHUNK);
    if (!options.shouldStart()) {
      chunk.forEach((item) => ((item.outcome = "not-attempted"), (item.error = "not attempted: the run stopped before it")));
      continue;
    }
    try {
      const errors = await client.assignSaasUsers(saasId, chunk.map((item) => ({ user_id: item.userId, assign: false })));
      for (const item of chunk) {
        const error = errors.get(item.userId);
        item.outcome = error ? "failed" : "done";
        if (error) item.error = `unassigning from the SaaS record: ${error}`;
      }
    } catch (err) {
      const message = note(err);
      chunk.forEach((item) => ((item.outcome = "failed"), (item.error = message)));
    }
  }
}

function notAttempted(entries: ReportEntry[]): void {
  for (const entry of entries) {
    entry.saasOutcome = "not-attempted";
    entry.saasError = "not attempted: the run stopped before it (deadline or a refused token)";
  }
}

/** Creates the SaaS record once: a create whose answer was lost is looked up before it is sent again. */
async function ensureSaas(client: OomnitzaClient, name: string): Promise<string> {
  try {
    return (await client.createSaas(name)).saas_id;
  } catch (err) {
    if (!(err instanceof HttpError) || !err.outcomeUnknown) throw err;
    const found = await client.findSaas(name);
    if (found[0]) return found[0].saas_id;
    return (await client.createSaas(name)).saas_id;
  }
}
