import { array, boolean, coerce, integer, is, nullable, number, optional, string, type, validate, type Failure, type Infer, type Struct } from "superstruct";
import type { Admin, InvalidAdmin } from "../sync/records.js";

/**
 * Intercom's admins as the sync needs them, checked at the boundary with superstruct.
 * Unknown members are allowed and kept (`type`, not `object`); an admin that is valid
 * as it came is not copied. A failure names the path, what was expected and what came
 * ("team_ids.0 is not a valid integer (got "x")").
 */

/** Absent or null: Intercom sends either for a member that has no value. */
export const maybe = <T, S>(struct: Struct<T, S>) => optional(nullable(struct));

/** Coercion "id as text": ids are strings in 2.11; a number is taken as its text. */
const IdText = coerce(string(), number(), (id) => String(id));
/** Coercion "team id as integer": team ids are integers in 2.11; numeric strings are tolerated so one odd id never drops an admin. */
const TeamId = coerce(integer(), string(), (id) => (/^\d+$/.test(id) ? Number(id) : id));
const TeamIds = maybe(array(TeamId));

/** One admin as the sync needs it. */
export const AdminStruct = type({
  type: string(),
  id: IdText,
  name: maybe(string()),
  email: string(),
  job_title: maybe(string()),
  away_mode_enabled: maybe(boolean()),
  away_mode_reassign: maybe(boolean()),
  has_inbox_seat: maybe(boolean()),
  team_ids: TeamIds,
  avatar: maybe(type({ image_url: maybe(string()) })),
  team_priority_level: maybe(type({ primary_team_ids: TeamIds, secondary_team_ids: TeamIds })),
});
// The checked shape is the core's Admin (a compile error here means they drifted apart).
const _adminShapeMatches: (checked: Infer<typeof AdminStruct>) => Admin = (checked) => checked;
void _adminShapeMatches;

/** The answer to `GET /admins`: an object with an `admins` list (whose entries are checked one by one). */
export const AdminListStruct = type({ type: maybe(string()), admins: array() });

/** The admin list of an answer, or why the answer is not one. */
export function adminList(body: unknown): { admins: unknown[] } | { problem: string } {
  const [error, list] = validate(body, AdminListStruct);
  return error ? { problem: describeFailures(error.failures()) } : { admins: list.admins };
}

/** A JSON object (not null, not a list). */
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

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
    // Most admins are valid as they come and are kept as they are; coercion copies the
    // admin (the answer stays as it came), so it is only tried for one that is not.
    if (is(item, AdminStruct)) {
      admins.push(item);
      return;
    }
    const [error, admin] = validate(item, AdminStruct, { coerce: true });
    if (error) invalid.push({ ...ident(), reason: describeFailures(error.failures()) });
    else admins.push(admin);
  });
  return { admins, invalid };
}

/**
 * Up to three failures in words, e.g. "email is missing; away_mode_enabled is not a valid
 * boolean (got "yes")". A failure inside a value that has already failed (the members of a
 * list given where an object belongs) says nothing new and is left out.
 */
export function describeFailures(failures: Iterable<Pick<Failure, "path" | "type" | "value">>): string {
  const reported: string[] = [];
  const parts: string[] = [];
  let more = 0;
  for (const failure of failures) {
    const path = failure.path.join(".");
    if (reported.some((done) => done === "" || path === done || path.startsWith(`${done}.`))) continue;
    reported.push(path);
    if (parts.length === 3) {
      more++;
      continue;
    }
    const where = path || "(the value)";
    if (failure.value === undefined) parts.push(`${where} is missing`);
    else if (failure.value === null) parts.push(`${where} is null`);
    else parts.push(`${where} is not a valid ${failure.type} (got ${preview(failure.value)})`);
  }
  if (more > 0) parts.push(`and ${more} more`);
  return parts.join("; ");
}

/** A short preview of a value: never more than 40 characters, never a whole object. */
function preview(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : String(value);
  return text.length > 40 ? text.slice(0, 39) + "…" : text;
}
