import type { Admin, InvalidAdmin } from "../sync/records.js";

/**
 * Intercom's admins as the sync needs them, checked at the boundary by hand: a check
 * per member, no copy of an admin that is valid as it came. A failure names the path,
 * what was expected and what came ("team_ids.0 is not a valid integer (got "x")").
 */

/** One member that is not what the sync needs: where, what was expected, what came. */
export interface Failure {
  path: string;
  /** What was expected: string, boolean, integer, array, or type (an object). */
  type: string;
  value: unknown;
}

type Check = (value: unknown, path: string, failures: Failure[]) => unknown;

/** A JSON object (not null, not a list). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A check that returns the value, coerced when it came in a form the sync tolerates. */
const scalar =
  (type: string, accept: (value: unknown) => boolean, coerce?: (value: unknown) => unknown): Check =>
  (value, path, failures) => {
    const coerced = coerce ? coerce(value) : value;
    if (!accept(coerced)) failures.push({ path, type, value });
    return coerced;
  };

const string = scalar("string", (v) => typeof v === "string");
const boolean = scalar("boolean", (v) => typeof v === "boolean");
/** Ids are strings in 2.11; a number is taken as its text. */
const idString = scalar("string", (v) => typeof v === "string", (v) => (typeof v === "number" ? String(v) : v));
/** Team ids are integers in 2.11; numeric strings are tolerated so one odd id never drops an admin. */
const teamId = scalar("integer", (v) => typeof v === "number" && Number.isInteger(v), (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v));

/** Absent or null is fine; anything else must pass `check`. */
const optional =
  (check: Check): Check =>
  (value, path, failures) =>
    value === undefined || value === null ? value : check(value, path, failures);

const arrayOf =
  (check: Check): Check =>
  (value, path, failures) => {
    if (!Array.isArray(value)) {
      failures.push({ path, type: "array", value });
      return value;
    }
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const checked = check(item, `${path}.${i}`, failures);
      if (checked !== item) (copy ??= [...value])[i] = checked;
    });
    return copy ?? value;
  };

/** An object with these members (others are allowed and kept); a member that was coerced makes a copy. */
const shape =
  (members: Record<string, Check>): Check =>
  (value, path, failures) => {
    if (!isObject(value)) {
      failures.push({ path, type: "type", value });
      return value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const key in members) {
      const item = value[key];
      const checked = (members[key] as Check)(item, path ? `${path}.${key}` : key, failures);
      if (checked !== item) (copy ??= { ...value })[key] = checked;
    }
    return copy ?? value;
  };

/** Required: absent or null fails. */
const required =
  (check: Check, type: string): Check =>
  (value, path, failures) => {
    if (value === undefined || value === null) {
      failures.push({ path, type, value });
      return value;
    }
    return check(value, path, failures);
  };

/** One admin as the sync needs it; unknown extra members are allowed and ignored. */
const checkAdmin = shape({
  type: required(string, "string"),
  id: required(idString, "string"),
  name: optional(string),
  email: required(string, "string"),
  job_title: optional(string),
  away_mode_enabled: optional(boolean),
  away_mode_reassign: optional(boolean),
  has_inbox_seat: optional(boolean),
  team_ids: optional(arrayOf(teamId)),
  avatar: optional(shape({ image_url: optional(string) })),
  team_priority_level: optional(shape({ primary_team_ids: optional(arrayOf(teamId)), secondary_team_ids: optional(arrayOf(teamId)) })),
});

/** The answer to `GET /admins`: an object with an `admins` list (whose entries are checked one by one). */
const checkAdminList = shape({ type: optional(string), admins: required(arrayOf((item) => item), "array") });

/** The admin list of an answer, or why the answer is not one. */
export function adminList(body: unknown): { admins: unknown[] } | { problem: string } {
  const failures: Failure[] = [];
  checkAdminList(body, "", failures);
  return failures.length ? { problem: describeFailures(failures) } : { admins: (body as { admins: unknown[] }).admins };
}

/**
 * Keeps the entries that are admins and valid; every other entry gets a reason.
 * One bad entry never stops the run.
 */
export function cleanAdmins(items: unknown[]): { admins: Admin[]; invalid: InvalidAdmin[] } {
  const admins: Admin[] = [];
  const invalid: InvalidAdmin[] = [];
  items.forEach((item, index) => {
    const raw = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
    const ident = () => ({
      index,
      id: typeof raw.id === "string" || typeof raw.id === "number" ? String(raw.id) : undefined,
      email: typeof raw.email === "string" ? raw.email : undefined,
      name: typeof raw.name === "string" ? raw.name : undefined,
    });
    if (!isObject(item)) {
      invalid.push({ ...ident(), reason: "not an object" });
      return;
    }
    // JSON numbers past 2^53 have already lost digits when they reach us: such an id would be written wrong.
    if (typeof raw.id === "number" && !Number.isSafeInteger(raw.id)) {
      invalid.push({ ...ident(), reason: `id is a number beyond 2^53 (${Number.MAX_SAFE_INTEGER}), so its digits cannot be trusted; Intercom sends ids as text` });
      return;
    }
    if (raw.type !== "admin") {
      invalid.push({ ...ident(), reason: `type is ${JSON.stringify(raw.type ?? null)}, not "admin" (legacy team entry or unknown object)` });
      return;
    }
    const failures: Failure[] = [];
    const admin = checkAdmin(item, "", failures);
    if (failures.length) invalid.push({ ...ident(), reason: describeFailures(failures) });
    else admins.push(admin as Admin);
  });
  return { admins, invalid };
}

/** Up to three failures in words, e.g. "email is missing; away_mode_enabled is not a valid boolean (got "yes")". */
export function describeFailures(failures: Failure[]): string {
  const parts = failures.slice(0, 3).map((failure) => {
    const path = failure.path || "(the value)";
    if (failure.value === undefined) return `${path} is missing`;
    if (failure.value === null) return `${path} is null`;
    return `${path} is not a valid ${failure.type} (got ${preview(failure.value)})`;
  });
  if (failures.length > 3) parts.push(`and ${failures.length - 3} more`);
  return parts.join("; ");
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : String(value);
  return text.length > 40 ? text.slice(0, 39) + "…" : text;
}
