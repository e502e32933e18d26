import type { FieldValue } from "./values.js";

/**
 * What the plan decides per admin and per removed record, before any step is derived
 * from it. Everything here is plain data that the plan builds once and never changes.
 */
export type Preference = "create-and-update" | "create-only" | "update-only";
/** What happens to the records of admins gone from Intercom: nothing, listed, marked (removal fields written), or marked and unassigned from the SaaS. */
export type RemovedAdmins = "ignore" | "report" | "mark" | "unassign";
export type Action = "create" | "update" | "unchanged" | "skip" | "not-in-oomnitza" | "filtered";

export interface AdminRef {
  id?: string;
  email?: string;
  name?: string;
}

export interface Change {
  field: string;
  /** `null` for a field that had no value (always so on create). */
  before: unknown;
  after: FieldValue;
  /** An `on: change` field in an update: written only because another field changed. */
  rideAlong?: true;
}

export interface PlanEntry {
  admin: AdminRef;
  /** The sync key as the admin spells it. */
  key?: string;
  action: Action;
  /** The matched Oomnitza user. */
  userId?: string;
  /** Create: every field sent. Update: only the changed fields. */
  changes: Change[];
  reason?: string;
  /** SaaS mode: what the person's SaaS user needs. */
  saas?: SaasNeed;
}

export interface SaasNeed {
  /** Assign the person to the SaaS record. */
  assign: boolean;
  /** Set the SaaS user's external id to the Intercom admin id. */
  externalId?: { before: string | null; after: string };
  /** Why nothing is done although something differs (preference, missing record). */
  reason?: string;
  /** The SaaS role the person should hold, and the roles of the mapping's they hold now (taken away). */
  role?: { before: string[]; after: string };
}

/** When and by whom an admin was removed, and how the sync knows. */
export interface RemovalEvidence {
  /** ISO instant. */
  at: string;
  /** Email (else id) of the admin who removed them, when the log says. */
  by?: string;
  /**
   * "log": an event names the removed admin in a field (its id or email as a value);
   * "log-text": only the event's free text names them (inferred);
   * "first-noticed": no event in the window, so the time this sync first saw them gone.
   */
  how: "log" | "log-text" | "first-noticed";
}

export interface RemovedEntry {
  userId: string;
  /** The Intercom id the record still carries. */
  intercomId: string;
  username?: string;
  email?: string;
  name?: string;
  /** removed-admins mark or unassign: when and by whom, and how the sync knows. */
  evidence?: RemovalEvidence;
  /** The person already carries a removal time (it is never written twice). */
  marked?: boolean;
}

/** SaaS mode: the record people are assigned to, or that must be created first. */
export interface SaasTarget {
  name: string;
  id?: string;
  create: boolean;
  /** Role label → role id, for the roles the record has. */
  roleIds?: Record<string, string>;
}

/** Whether the person's SaaS user needs something (assign, external id or role). */
export const needsSaasWrite = (entry: Pick<PlanEntry, "saas">): boolean => Boolean(entry.saas && (entry.saas.assign || entry.saas.externalId || entry.saas.role));

/** How messages name a person: the email, else the sync key, else the Intercom id. */
export const personLabel = (entry: Pick<PlanEntry, "admin" | "key">): string => entry.admin.email || entry.key || `admin ${entry.admin.id}`;

/** How settings are named in messages: the action says `max-removals`, the command line `--max-removals`. */
export type SettingName = (input: string) => string;
export const asInputName: SettingName = (input) => input;
