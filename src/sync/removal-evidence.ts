import type { RemovalEvidence, RemovedEntry } from "./decisions.js";
import type { RemovalEvent } from "./records.js";

/** The Oomnitza fields a marked removal writes (removed-admins: mark or unassign). */
export const REMOVAL_FIELDS = { at: "intercom_removed_at", by: "intercom_removed_by" } as const;
export const REMOVAL_FIELD_TYPES: Record<string, string> = { [REMOVAL_FIELDS.at]: "date (unix seconds)", [REMOVAL_FIELDS.by]: "text" };

const lower = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value).trim().toLowerCase() : "");

/**
 * The evidence for one removed record: the latest deletion or deprovisioning whose
 * fields hold the admin's Intercom id or email, else the latest whose text names their
 * email (or full name), else the time of this run. Pure: events in, evidence out.
 */
export function removalEvidence(removed: RemovedEntry, events: readonly RemovalEvent[], now: string): RemovalEvidence {
  const id = lower(removed.intercomId);
  const email = lower(removed.email);
  const name = lower(removed.name);
  const latest = (matches: (event: RemovalEvent) => boolean) => events.filter(matches).reduce<RemovalEvent | undefined>((best, event) => (!best || event.at > best.at ? event : best), undefined);
  const structured = latest((event) => Object.entries(event.metadata).some(([key, value]) => !/^update_by/.test(key) && (lower(value) === id || (email !== "" && lower(value) === email))));
  const text = structured ? undefined : latest((event) => (email !== "" && event.description.toLowerCase().includes(email)) || (name.length >= 5 && event.description.toLowerCase().includes(name)));
  const event = structured ?? text;
  if (!event) return { at: now, how: "first-noticed" };
  const by = event.byEmail || event.byId;
  return { at: new Date(event.at * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"), ...(by ? { by } : {}), how: structured ? "log" : "log-text" };
}
