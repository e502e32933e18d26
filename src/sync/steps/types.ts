import type { PlanEntry, RemovedAdmins, RemovedEntry, SaasTarget } from "../decisions.js";
import type { OomnitzaUser, SaasRecord, SaasUser } from "../records.js";

/**
 * A step is one write the plan wants: typed, ordered, immutable. Each kind of step is
 * one file in this folder with a `StepType` (how it is planned, run and reported) and
 * one line in `index.ts`.
 */
export interface StepBase {
  /** Position in the plan's step list. */
  readonly id: number;
  readonly kind: string;
  /** The plan entry (admin) this step concerns. */
  readonly entry?: number;
  /** The removed record this step concerns. */
  readonly removed?: number;
  /** Steps that must have succeeded before this one starts. */
  readonly after: readonly number[];
}

/** A field Oomnitza refused in a write that then went through without it. */
export interface RefusedField {
  field: string;
  value: unknown;
  /** Oomnitza's answer. */
  error: string;
}

/** What became of a step. `userId`/`saasId`/`provides`: what a create made, for the steps after it. */
export type Outcome =
  | { status: "done"; note?: string; userId?: string; saasId?: string; refused?: RefusedField; provides?: Record<string, string>; unkept?: string[]; skipped?: string }
  | { status: "failed"; error: string }
  | { status: "not-attempted"; error: string };

export const done = (extra: { note?: string; userId?: string; saasId?: string; refused?: RefusedField; provides?: Record<string, string> } = {}): Outcome => ({ status: "done", ...extra });
/**
 * An optional write the instance cannot take (its endpoint is absent, 404 or 405): not a
 * failure, and not done either; steps waiting on it are skipped the same way.
 */
export const skipped = (why: string): Outcome => ({ status: "done", skipped: why });
/** Whether an outcome is a skip (see `skipped`). */
export const isSkipped = (outcome: Outcome | undefined): boolean => outcome?.status === "done" && outcome.skipped !== undefined;
export const failed = (error: string): Outcome => ({ status: "failed", error });
export const notAttempted = (why: string): Outcome => ({ status: "not-attempted", error: `not attempted: ${why}` });

/** The Oomnitza calls steps make (the Oomnitza client provides them). */
export interface OomnitzaWrites {
  /** Everyone assigned to a SaaS record (to confirm what a bulk call did). */
  listSaasUsers(saasId: string): Promise<SaasUser[]>;
  createUser(record: Record<string, unknown>, what: string): Promise<OomnitzaUser>;
  patchUser(userId: string, changes: Record<string, unknown>, what: string): Promise<void>;
  /** Users whose field is one of the values, compared as keys (trimmed, any case). */
  lookUpUsers(field: string, values: string[]): Promise<OomnitzaUser[]>;
  /** A few people as Oomnitza holds them now, with `fields` (to see whether a write stuck). */
  readBack(userIds: string[], fields: string[]): Promise<OomnitzaUser[]>;
  createSaas(name: string): Promise<SaasRecord>;
  findSaas(name: string): Promise<SaasRecord[]>;
  /** Bulk (un)assign; per-item errors come back by user id. */
  assignSaasUsers(saasId: string, items: Array<{ user_id: string; assign: boolean }>): Promise<Map<string, string>>;
  setSaasExternalId(saasId: string, userId: string, externalId: string, what: string): Promise<void>;
  /** Makes a role of the SaaS record; its id back. */
  createSaasRole(saasId: string, label: string): Promise<string>;
  /** The SaaS record's roles (to find one a create made when its answer was lost). */
  listSaasRoles(saasId: string): Promise<Array<{ id: string; label: string }>>;
  /** Gives (or takes away) the roles of the SaaS record to (from) the users. */
  setSaasRoles(saasId: string, userIds: string[], roleIds: string[], give: boolean): Promise<void>;
}

export interface StepContext {
  oomnitza: OomnitzaWrites;
  /** The Oomnitza field that identifies a person. */
  syncKey: string;
  /** The read of Oomnitza was not proven complete: look a person up just before creating it. */
  lookupBeforeCreate: boolean;
  entries: readonly PlanEntry[];
  removed: readonly RemovedEntry[];
  /** The person's Oomnitza user id: matched by the plan, or made by its create step. */
  userIdOf(entry: number): string | undefined;
  /** The SaaS record's id: found by the plan, or made by its create step. */
  saasId(): string | undefined;
  /** The SaaS record as planned (its role ids among others). */
  saas?: SaasTarget;
  /** What an earlier step made under a name (e.g. `saas-role:Inbox seat` → its role id). */
  provided(key: string): string | undefined;
}

/** What step types plan from: the plan's decisions. */
export interface StepSource {
  syncKey: string;
  /** The read of Oomnitza was not proven complete. */
  readIncomplete: boolean;
  entries: readonly PlanEntry[];
  removed: readonly RemovedEntry[];
  removedAdmins: RemovedAdmins;
  saas?: SaasTarget;
}

export type Draft<S extends StepBase> = Omit<S, "id" | "after">;

export interface StepType<S extends StepBase = StepBase> {
  readonly kind: S["kind"];
  /** Steps run phase by phase; within a phase in plan order, several at once. */
  readonly phase: number;
  /** Which outcome of the person's report entry it feeds: the person's own write, or the SaaS user's. */
  readonly reportedAs: "person" | "saas-user";
  /** Kinds whose steps must succeed first: those for the same person, and run-wide ones. */
  readonly after: readonly string[];
  /** Bulk endpoints: up to this many steps go in one request, one request at a time. */
  readonly batchSize?: number;
  plan(source: StepSource): Array<Draft<S>>;
  /** One outcome per step; a throw fails them all with its message. */
  run(steps: readonly S[], ctx: StepContext): Promise<Outcome[]>;
  /** How a step waiting on one of this kind is reported when this one did not succeed. */
  blocked(outcome: Outcome): Outcome;
  /**
   * After every step has run: checks what Oomnitza says now about the steps of this kind
   * that succeeded (an answer that proves nothing is confirmed by reading back), and
   * returns a new outcome for each one that did not hold, undefined where it did.
   */
  confirm?(steps: readonly S[], ctx: ConfirmContext): Promise<Array<Outcome | undefined>>;
}

export interface ConfirmContext extends StepContext {
  /** The SaaS record's users as Oomnitza lists them now (read once, after the writes). */
  saasUsers(): Promise<SaasUser[]>;
  /** What became of a step (a confirm that only adds to a done outcome keeps the rest of it). */
  outcomeOf(step: StepBase): Outcome | undefined;
}
