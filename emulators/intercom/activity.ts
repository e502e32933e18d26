import type { ActivityLog, IntercomAdmin } from "./types.js";
import { Prng } from "../kit/prng.js";

const DAY = 86400;

/**
 * Seeded activity: logins and logouts by current admins, away-mode changes, and the
 * deletions/deprovisionings of admins who are no longer in the list (what a sync
 * could use to spot removals).
 */
export function generateActivityLogs(admins: IntercomAdmin[], seed = 1, now = Math.floor(Date.UTC(2025, 0, 15) / 1000)): ActivityLog[] {
  const prng = new Prng(seed * 7919 + 17);
  const people = admins.filter((a) => a.type === "admin" && a.email);
  const logs: ActivityLog[] = [];
  if (people.length === 0) return logs;
  const actor = people[0] as IntercomAdmin;
  const by = (a: IntercomAdmin) => ({ type: "admin" as const, id: a.id, email: a.email as string, ip: `198.51.100.${prng.int(1, 254)}` });
  for (const a of people) {
    const logins = prng.int(0, 3);
    for (let i = 0; i < logins; i++) {
      const t = now - prng.int(0, 30 * DAY);
      logs.push({ id: prng.uuid(), performed_by: by(a), metadata: { sign_in_method: prng.pick(["email_password", "google_sso", "saml"]) }, created_at: t, activity_type: "admin_login_success", activity_description: `${a.name} successfully logged in.` });
      if (prng.chance(0.5)) logs.push({ id: prng.uuid(), performed_by: by(a), metadata: {}, created_at: t + prng.int(600, 8 * 3600), activity_type: "admin_logout", activity_description: `${a.name} logged out.` });
    }
    if (a.away_mode_enabled) {
      logs.push({ id: prng.uuid(), performed_by: by(a), metadata: { away_mode: true, reassign_conversations: a.away_mode_reassign, source: `admin update from web - Admin id: ${a.id}`, auto_changed: "false", update_by: Number(a.id), update_by_name: a.name }, created_at: now - prng.int(0, 5 * DAY), activity_type: "admin_away_mode_change", activity_description: `${a.name} changed their away mode.` });
    }
  }
  // Admins who left: they show up only here.
  const leavers = Math.max(1, Math.floor(people.length / 20));
  for (let i = 0; i < leavers; i++) {
    const goneId = String(9100000 + prng.int(0, 899999));
    const goneEmail = `former.teammate${i + 1}@example.com`;
    const type = i % 2 === 0 ? "admin_deletion" : "admin_deprovisioned";
    logs.push({ id: prng.uuid(), performed_by: by(actor), metadata: { external_id: goneId }, created_at: now - prng.int(0, 20 * DAY), activity_type: type, activity_description: `${actor.name} removed ${goneEmail} (id ${goneId}) from the workspace.` });
  }
  return logs;
}

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

/** One page of the logs in [after, before], starting after the cursor's entry. */
export function pageActivityLogs(all: ActivityLog[], after: number, before: number | undefined, perPage: number, cursor: [number, string] | undefined): ActivityPage {
  const selected = all.filter((l) => l.created_at >= after && (before === undefined || l.created_at <= before)).sort(compare);
  let start = 0;
  if (cursor) {
    const pivot = { created_at: cursor[0], id: cursor[1] } as ActivityLog;
    start = selected.findIndex((l) => compare(l, pivot) > 0);
    if (start < 0) start = selected.length;
  }
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
