import type { IntercomHandler } from "./state.js";
import type { ActivityLog } from "./types.js";

/** `GET /admins/activity_logs`: newest first, opaque cursors in `pages.next.starting_after`. */
export interface ActivityPage {
  logs: ActivityLog[];
  page: number;
  perPage: number;
  totalPages: number;
  next: string | null;
}

/** Newest first; ties broken by id so the order (and every cursor) is stable. */
function compare(a: ActivityLog, b: ActivityLog): number {
  return b.created_at - a.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function encodeCursor(log: ActivityLog): string {
  return Buffer.from(JSON.stringify([log.created_at, log.id])).toString("base64url");
}

export function decodeCursor(cursor: string): [number, string] | undefined {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "string") return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  return undefined;
}

/** The log in page order, sorted once per list (again when events were added), so paging a large log stays cheap. */
const sortedLogs = new WeakMap<ActivityLog[], { length: number; sorted: ActivityLog[]; windows: Map<string, ActivityLog[]> }>();
function inWindow(all: ActivityLog[], after: number, before: number | undefined): ActivityLog[] {
  let cached = sortedLogs.get(all);
  if (!cached || cached.length !== all.length) {
    cached = { length: all.length, sorted: [...all].sort(compare), windows: new Map() };
    sortedLogs.set(all, cached);
  }
  const key = `${after}:${before ?? ""}`;
  let selected = cached.windows.get(key);
  if (!selected) {
    selected = cached.sorted.filter((l) => l.created_at >= after && (before === undefined || l.created_at <= before));
    if (cached.windows.size > 16) cached.windows.clear();
    cached.windows.set(key, selected);
  }
  return selected;
}

/** The index of the first entry after `pivot` in a list sorted by `compare`. */
function firstAfter(sorted: ActivityLog[], pivot: ActivityLog): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compare(sorted[mid] as ActivityLog, pivot) > 0) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** One page of the logs in [after, before], starting after the cursor's entry. */
export function pageActivityLogs(all: ActivityLog[], after: number, before: number | undefined, perPage: number, cursor: [number, string] | undefined): ActivityPage {
  const selected = inWindow(all, after, before);
  const start = cursor ? firstAfter(selected, { created_at: cursor[0], id: cursor[1] } as ActivityLog) : 0;
  const logs = selected.slice(start, start + perPage);
  const more = start + perPage < selected.length;
  return {
    logs,
    page: Math.floor(start / perPage) + 1,
    perPage,
    totalPages: Math.max(1, Math.ceil(selected.length / perPage)),
    next: more && logs.length > 0 ? encodeCursor(logs[logs.length - 1] as ActivityLog) : null,
  };
}

const UNIX = /^\d{1,12}$/;

export const activityLogs: IntercomHandler = (req, _ctx, state) => {
  // The plan check comes before the parameters: a workspace without the feature gets nothing else.
  if (state.activityLogRestricted) return state.errors.error(403, "api_plan_restricted", "Active subscription needed.", req);
  const after = req.query.get("created_at_after");
  if (after === null || after === "") {
    return state.errors.error(400, "parameter_not_found", "created_at_after is a required parameter", req, { field: "created_at_after" });
  }
  if (!UNIX.test(after)) return state.errors.error(400, "parameter_invalid", "created_at_after must be a UNIX timestamp", req, { field: "created_at_after" });
  const before = req.query.get("created_at_before");
  if (before !== null && before !== "" && !UNIX.test(before)) {
    return state.errors.error(400, "parameter_invalid", "created_at_before must be a UNIX timestamp", req, { field: "created_at_before" });
  }
  const perPageRaw = req.query.get("per_page");
  const perPage = perPageRaw ? Number(perPageRaw) : 20;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 250) {
    return state.errors.error(400, "parameter_invalid", "per_page must be an integer from 1 to 250", req, { field: "per_page" });
  }
  const startingAfter = req.query.get("starting_after");
  const cursor = startingAfter ? decodeCursor(startingAfter) : undefined;
  if (startingAfter && !cursor) return state.errors.error(400, "parameter_invalid", "starting_after is not a valid cursor", req, { field: "starting_after" });
  const page = pageActivityLogs(state.activityLogs, Number(after), before ? Number(before) : undefined, perPage, cursor);
  return {
    status: 200,
    body: {
      type: "activity_log.list",
      pages: {
        type: "pages",
        next: page.next ? { per_page: perPage, starting_after: page.next } : null,
        page: page.page,
        per_page: perPage,
        total_pages: page.totalPages,
      },
      activity_logs: page.logs,
    },
  };
};
