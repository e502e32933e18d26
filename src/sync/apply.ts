import { HttpError } from "../http.js";
import type { OomnitzaClient } from "../oomnitza/client.js";
import { personLabel as describe, type ReportEntry } from "../report/model.js";
import { runPool } from "./pool.js";
import { normaliseKey } from "./values.js";

export interface ApplyOptions {
  concurrency: number;
  /** False once no new write may start (the deadline passed, or the run was cancelled). */
  shouldStart: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ApplyResult {
  /** Writes not started because the deadline passed. */
  notAttempted: number;
  /** Set when the run must stop (e.g. the token was refused mid-run). */
  fatal?: string;
}


/**
 * Sends the plan's writes with bounded concurrency. One record's failure is kept on
 * that record; only an answer that makes every further write pointless (401/403)
 * stops the rest.
 */
export async function applyPlan(client: OomnitzaClient, entries: ReportEntry[], options: ApplyOptions): Promise<ApplyResult> {
  const writes = entries.filter((e) => (e.action === "create" || e.action === "update") && e.outcome === "planned");
  let fatal: string | undefined;
  let done = 0;
  const skipped = await runPool(
    writes,
    options.concurrency,
    async (entry) => {
      try {
        if (entry.action === "create") await createOnce(client, entry);
        else await client.patchUser(entry.userId as string, Object.fromEntries(entry.changes.map((c) => [c.field, c.after])), `updating ${describe(entry)} in Oomnitza`);
        entry.outcome = "done";
      } catch (err) {
        entry.outcome = "failed";
        entry.error = err instanceof Error ? err.message : String(err);
        if (err instanceof HttpError && (err.status === 401 || err.status === 403)) fatal ??= entry.error;
      }
      options.onProgress?.(++done, writes.length);
    },
    () => fatal === undefined && options.shouldStart(),
  );
  for (const entry of skipped) {
    entry.outcome = "not-attempted";
    entry.error = fatal ? "not attempted: an earlier write was refused" : "not attempted: the run stopped (deadline or cancellation) before this write";
  }
  return { notAttempted: skipped.length, fatal };
}

/**
 * Creates a person at most once. When a create's outcome is unknown (the response
 * was lost after the request was sent), Oomnitza may already hold the person: look
 * it up by username, which is unique, and send the create again only if it is absent.
 */
async function createOnce(client: OomnitzaClient, entry: ReportEntry): Promise<void> {
  const record = Object.fromEntries(entry.changes.map((c) => [c.field, c.after]));
  const what = `creating ${describe(entry)} in Oomnitza`;
  try {
    const created = await client.createUser(record, what);
    entry.userId = created.user_id;
    return;
  } catch (err) {
    // A 2xx whose body could not be read means the person was created: find its id.
    const unreadable = err instanceof HttpError && err.status !== undefined && err.status < 300 && (err.code === "bad_json" || err.code === "bad_shape");
    if (!(err instanceof HttpError) || !(err.outcomeUnknown || unreadable) || typeof record.username !== "string") throw err;
    const existing = await findByUsername(client, record.username);
    if (existing) {
      entry.userId = existing;
      entry.note = unreadable
        ? "Oomnitza's answer to the create could not be read; the person was found in Oomnitza"
        : "the create's response was lost; the person was found in Oomnitza, so it was not sent again";
      return;
    }
    if (unreadable) throw err;
    const created = await client.createUser(record, what);
    entry.userId = created.user_id;
    entry.note = "the first create's response was lost and the person was not in Oomnitza; sent once more";
  }
}

async function findByUsername(client: OomnitzaClient, username: string): Promise<string | undefined> {
  const wanted = normaliseKey(username);
  const found = await client.findUsers("username", username);
  return found.find((user) => normaliseKey(user.username) === wanted)?.user_id;
}
