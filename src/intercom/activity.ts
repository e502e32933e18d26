import { array, number, object, string, type, union, validate, type Infer } from "superstruct";
import { HttpError } from "../http/index.js";
import type { ActivitySummary, RemovalEvent } from "../sync/records.js";
import type { IntercomClient } from "./client.js";
import { maybe } from "./schema.js";

/**
 * What the sync reads of the activity log and the team list, checked with superstruct
 * without copying: everything else in an event is allowed and kept.
 */
/** An id as Intercom sends it: text, or a number (taken as its text where it is used). */
const Id = union([string(), number()]);

const ActivityEvent = type({
  activity_type: maybe(string()),
  created_at: number(),
  activity_description: maybe(string()),
  performed_by: maybe(type({ id: maybe(Id), email: maybe(string()) })),
  /** Any object: its members are the event's own. */
  metadata: maybe(object()),
});
type ActivityEvent = Infer<typeof ActivityEvent>;

const ActivityPage = type({
  activity_logs: array(),
  pages: maybe(type({ next: maybe(type({ starting_after: maybe(string()) })) })),
});

const TeamList = type({ teams: array(type({ id: Id, name: maybe(string()) })) });

/** One event as the sync needs it, or undefined when it is not one (it is then skipped and counted). */
export function activityEvent(raw: unknown): ActivityEvent | undefined {
  const [error, event] = validate(raw, ActivityEvent);
  return error ? undefined : event;
}

/** The events and the next cursor of one page, or undefined when the answer is not an activity log list. */
export function activityPage(body: unknown): { events: unknown[]; next: string | undefined } | undefined {
  const [error, page] = validate(body, ActivityPage);
  return error ? undefined : { events: page.activity_logs, next: page.pages?.next?.starting_after ?? undefined };
}

/** Team id → name of a `GET /teams` answer, or undefined when it is not a team list. */
export function teamNames(body: unknown): Map<string, string> | undefined {
  const [error, list] = validate(body, TeamList);
  if (error) return undefined;
  const names = new Map<string, string>();
  for (const team of list.teams) if (team.name) names.set(String(team.id), team.name);
  return names;
}

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
    const page = activityPage(body);
    if (!page) throw new HttpError(`${what}: Intercom's answer is not an activity log list; the log is left out`, "intercom", 200, false, "bad_shape");
    for (const raw of page.events) {
      const event = activityEvent(raw);
      if (!event) {
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
    const next = page.next;
    if (!next || cursors.has(next) || pages >= MAX_PAGES) return { lastLogin, removals, pages, skipped, complete: !next };
    cursors.add(next);
    cursor = next;
  }
}

/** Team id → name, from one `GET /teams` (the 2.11 team list is not paginated). */
export async function readTeams(client: IntercomClient): Promise<Map<string, string>> {
  const what = "reading Intercom's teams";
  const names = teamNames(await client.getJson("/teams", what));
  if (!names) throw new HttpError(`${what}: Intercom's answer is not a team list`, "intercom", 200, false, "bad_shape");
  return names;
}
