import { any, array, nullable, number, optional, record, string, type, union, validate } from "superstruct";
import { HttpError } from "../http/index.js";
import type { ActivitySummary, RemovalEvent } from "../sync/records.js";
import type { IntercomClient } from "./client.js";

/** What the sync reads of an activity log event; everything else is allowed and ignored. */
const ActivityLog = type({
  activity_type: optional(nullable(string())),
  created_at: optional(nullable(number())),
  activity_description: optional(nullable(string())),
  performed_by: optional(nullable(type({ id: optional(nullable(union([string(), number()]))), email: optional(nullable(string())) }))),
  metadata: optional(nullable(record(string(), any()))),
});
const ActivityPage = type({
  activity_logs: array(any()),
  pages: optional(nullable(type({ next: optional(nullable(type({ starting_after: optional(nullable(string())) }))) }))),
});

const REMOVALS = new Set(["admin_deletion", "admin_deprovisioned"]);
/** A log that keeps handing out cursors is read no further than this. */
const MAX_PAGES = 2000;

/**
 * Reads the activity log since `since` (unix seconds), keeping only what the sync uses:
 * each admin's latest `admin_login_success`, and the removals of admins. Cursor paging
 * through `pages.next.starting_after`; a repeated cursor or too many pages ends the
 * read with what was found. A refusal (401/403: the workspace's plan or the token's
 * scope) is for the caller to decide; the log is optional for the sync.
 */
export async function readActivity(client: IntercomClient, since: number): Promise<ActivitySummary> {
  const what = "reading Intercom's activity log";
  const lastLogin = new Map<string, number>();
  const removals: RemovalEvent[] = [];
  const cursors = new Set<string>();
  let perPage: string | undefined = "250";
  let cursor: string | undefined;
  let pages = 0;
  let skipped = 0;
  for (;;) {
    const query = new URLSearchParams({ created_at_after: String(since), ...(perPage ? { per_page: perPage } : {}), ...(cursor ? { starting_after: cursor } : {}) });
    let body: unknown;
    try {
      body = await client.getJson(`/admins/activity_logs?${query}`, what);
    } catch (err) {
      // per_page is not in the 2.11 description: an instance that refuses it gets the default page size.
      if (perPage && err instanceof HttpError && err.status === 400 && /per_page/.test(err.message)) {
        perPage = undefined;
        continue;
      }
      throw err;
    }
    pages++;
    const [error, page] = validate(body, ActivityPage);
    if (error) throw new HttpError(`${what}: Intercom's answer is not an activity log list; the log is left out`, "intercom", 200, false, "bad_shape");
    for (const raw of page.activity_logs) {
      const [bad, event] = validate(raw, ActivityLog);
      if (bad || typeof event.created_at !== "number") {
        skipped++;
        continue;
      }
      const by = event.performed_by;
      if (event.activity_type === "admin_login_success" && by?.id !== undefined && by.id !== null) {
        const id = String(by.id);
        if ((lastLogin.get(id) ?? 0) < event.created_at) lastLogin.set(id, event.created_at);
      } else if (event.activity_type && REMOVALS.has(event.activity_type)) {
        removals.push({ type: event.activity_type, at: event.created_at, byId: by?.id === undefined || by.id === null ? undefined : String(by.id), byEmail: by?.email ?? undefined, metadata: event.metadata ?? {}, description: event.activity_description ?? "" });
      }
    }
    const next = page.pages?.next?.starting_after ?? undefined;
    if (!next || cursors.has(next) || pages >= MAX_PAGES) return { lastLogin, removals, pages, skipped, complete: !next };
    cursors.add(next);
    cursor = next;
  }
}

/** Team id → name, from one `GET /teams` (the 2.11 team list is not paginated). */
export async function readTeams(client: IntercomClient): Promise<Map<string, string>> {
  const what = "reading Intercom's teams";
  const [error, list] = validate(await client.getJson("/teams", what), type({ teams: array(type({ id: union([string(), number()]), name: optional(nullable(string())) })) }));
  if (error) throw new HttpError(`${what}: Intercom's answer is not a team list`, "intercom", 200, false, "bad_shape");
  return new Map(list.teams.flatMap((team) => (team.name ? [[String(team.id), team.name] as [string, string]] : [])));
}
