import { Prng } from "../kit/prng.js";
import { FIRST_NAMES, LAST_NAMES, asciiFold } from "../data/names.js";
import type { ActivityLog, IntercomAdmin, RemovedAdmin } from "./types.js";

const DAY = 86400;

export type RemovalType = "admin_deletion" | "admin_deprovisioned";

/**
 * Where a removal event names the removed admin. The description names no structured
 * field for them (`performed_by` is the admin who acted), so the emulator serves both
 * shapes a client may meet: "metadata" puts them in `metadata.removed_admin_id`,
 * `removed_admin_email` and `removed_admin_name` (names the emulator chose) and in the
 * sentence; "text" names them only in `activity_description`.
 */
export type RemovalShape = "metadata" | "text";

export function performedBy(admin: IntercomAdmin, ip = "127.0.0.1"): ActivityLog["performed_by"] {
  return { type: "admin", id: admin.id, email: admin.email ?? "", ip };
}

/** `admin_login_success`: performed by the admin who signed in. */
export function loginEvent(o: { id: string; admin: IntercomAdmin; at: number; signInMethod?: string; ip?: string }): ActivityLog {
  return {
    id: o.id,
    performed_by: performedBy(o.admin, o.ip),
    metadata: { sign_in_method: o.signInMethod ?? "email_password" },
    created_at: o.at,
    activity_type: "admin_login_success",
    activity_description: `${o.admin.name} successfully logged in.`,
  };
}

/** `admin_deletion` / `admin_deprovisioned`: performed by the admin who removed `removed`. */
export function removalEvent(o: { id: string; actor: IntercomAdmin; removed: RemovedAdmin; at: number; type?: RemovalType; shape?: RemovalShape; ip?: string }): ActivityLog {
  const type = o.type ?? "admin_deletion";
  const { actor, removed } = o;
  if (o.shape === "text") {
    const description = type === "admin_deletion" ? `${actor.name} removed ${removed.name} (${removed.email}) from your workspace.` : `${removed.name} (${removed.email}) was deprovisioned by ${actor.name}.`;
    return { id: o.id, performed_by: performedBy(actor, o.ip), metadata: {}, created_at: o.at, activity_type: type, activity_description: description };
  }
  return {
    id: o.id,
    performed_by: performedBy(actor, o.ip),
    metadata: {
      removed_admin_id: removed.id,
      removed_admin_email: removed.email,
      removed_admin_name: removed.name,
      update_by: Number(actor.id) || undefined,
      update_by_name: actor.name,
    },
    created_at: o.at,
    activity_type: type,
    activity_description: `${actor.name} ${type === "admin_deletion" ? "deleted" : "deprovisioned"} teammate ${removed.name}.`,
  };
}

/**
 * Seeded activity, dated relative to `now` (unix seconds): logins and logouts by current
 * admins within the last 30 days, away-mode changes, and the removals (deletions and
 * deprovisionings, in both shapes) of admins who are no longer in the list.
 */
export function generateActivityLogs(admins: IntercomAdmin[], seed = 1, now = Math.floor(Date.UTC(2025, 0, 15) / 1000)): ActivityLog[] {
  const prng = new Prng(seed * 7919 + 17);
  const people = admins.filter((a) => a.type === "admin" && a.email);
  const logs: ActivityLog[] = [];
  if (people.length === 0) return logs;
  const ip = () => `198.51.100.${prng.int(1, 254)}`;
  for (const a of people) {
    const logins = prng.int(0, 3);
    for (let i = 0; i < logins; i++) {
      const t = now - prng.int(0, 30 * DAY);
      logs.push(loginEvent({ id: prng.uuid(), admin: a, at: t, signInMethod: prng.pick(["email_password", "google_sso", "saml"]), ip: ip() }));
      if (prng.chance(0.5)) logs.push({ id: prng.uuid(), performed_by: performedBy(a, ip()), metadata: {}, created_at: t + prng.int(600, 8 * 3600), activity_type: "admin_logout", activity_description: `${a.name} logged out.` });
    }
    if (a.away_mode_enabled) {
      logs.push({ id: prng.uuid(), performed_by: performedBy(a, ip()), metadata: { away_mode: true, reassign_conversations: a.away_mode_reassign, source: `admin update from web - Admin id: ${a.id}`, auto_changed: "false", update_by: Number(a.id), update_by_name: a.name }, created_at: now - prng.int(0, 5 * DAY), activity_type: "admin_away_mode_change", activity_description: `${a.name} changed their away mode.` });
    }
  }
  // Admins who left: they show up only here. At least one of each type in each shape.
  const listed = new Set(people.map((a) => (a.email as string).toLowerCase()));
  const domain = (people[0]?.email as string).split("@")[1] ?? "example.com";
  const leavers = Math.max(4, Math.floor(people.length / 20));
  for (let i = 0; i < leavers; i++) {
    const first = prng.pick(FIRST_NAMES);
    const last = prng.pick(LAST_NAMES);
    let email = `${asciiFold(first)}.${asciiFold(last)}`.toLowerCase() + `@${domain}`;
    for (let k = 2; listed.has(email); k++) email = `${asciiFold(first)}.${asciiFold(last)}${k}`.toLowerCase() + `@${domain}`;
    listed.add(email);
    const removed: RemovedAdmin = { id: String(9100000 + prng.int(0, 899999)), email, name: `${first} ${last}` };
    logs.push(
      removalEvent({
        id: prng.uuid(),
        actor: prng.pick(people),
        removed,
        at: now - prng.int(0, 20 * DAY),
        type: i % 2 === 0 ? "admin_deletion" : "admin_deprovisioned",
        shape: Math.floor(i / 2) % 2 === 0 ? "metadata" : "text",
        ip: ip(),
      }),
    );
  }
  return logs;
}
