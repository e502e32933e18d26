import type { Admin, InvalidAdmin } from "../sync/records.js";
import { array, boolean, integer, nullable, object, optional, string, type, union, number, coerce, validate, type Infer, StructError, unknown } from "superstruct";

/** Team ids are integers in 2.11; tolerate numeric strings so one odd id never drops an admin. */
const TeamId = coerce(integer(), string(), (value) => (/^\d+$/.test(value) ? Number(value) : value));
const IdString = coerce(string(), number(), (value) => String(value));

/** One admin as the sync needs it; unknown extra fields are allowed and ignored. */
export const AdminStruct = type({
  type: string(),
  id: IdString,
  name: optional(nullable(string())),
  email: string(),
  job_title: optional(nullable(string())),
  away_mode_enabled: optional(nullable(boolean())),
  away_mode_reassign: optional(nullable(boolean())),
  has_inbox_seat: optional(nullable(boolean())),
  team_ids: optional(nullable(array(TeamId))),
  avatar: optional(nullable(type({ image_url: optional(nullable(string())) }))),
  team_priority_level: optional(
    nullable(
      type({
        primary_team_ids: optional(nullable(array(TeamId))),
        secondary_team_ids: optional(nullable(array(TeamId))),
      }),
    ),
  ),
});
// The checked shape is the core's Admin (a compile error here means they drifted apart).
const _adminShapeMatches: (checked: Infer<typeof AdminStruct>) => Admin = (checked) => checked;

export const AdminListStruct = type({
  type: optional(string()),
  admins: array(unknown()),
});

export const MeStruct = type({
  type: optional(string()),
  id: union([string(), number()]),
  email: optional(nullable(string())),
  app: optional(nullable(object())),
});



/**
 * Keeps the entries that are admins and valid; every other entry gets a reason.
 * One bad entry never stops the run.
 */
export function cleanAdmins(items: unknown[]): { admins: Admin[]; invalid: InvalidAdmin[] } {
  const admins: Admin[] = [];
  const invalid: InvalidAdmin[] = [];
  items.forEach((item, index) => {
    const raw = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
    const ident = {
      index,
      id: typeof raw.id === "string" || typeof raw.id === "number" ? String(raw.id) : undefined,
      email: typeof raw.email === "string" ? raw.email : undefined,
      name: typeof raw.name === "string" ? raw.name : undefined,
    };
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      invalid.push({ ...ident, reason: "not an object" });
      return;
    }
    // JSON numbers past 2^53 have already lost digits when they reach us: such an id would be written wrong.
    if (typeof raw.id === "number" && !Number.isSafeInteger(raw.id)) {
      invalid.push({ ...ident, reason: `id is a number beyond 2^53 (${Number.MAX_SAFE_INTEGER}), so its digits cannot be trusted; Intercom sends ids as text` });
      return;
    }
    if (raw.type !== "admin") {
      invalid.push({ ...ident, reason: `type is ${JSON.stringify(raw.type ?? null)}, not "admin" (legacy team entry or unknown object)` });
      return;
    }
    // Most admins are valid as they come; coercion (numeric ids, team ids as text) copies
    // every object and costs five times as much, so it is only tried when needed.
    let [error, admin] = validate(item, AdminStruct);
    if (error) [error, admin] = validate(item, AdminStruct, { coerce: true });
    if (error) {
      invalid.push({ ...ident, reason: describeStructError(error) });
      return;
    }
    admins.push(admin as Admin);
  });
  return { admins, invalid };
}

export function describeStructError(error: StructError): string {
  const failures = error.failures();
  const parts = failures.slice(0, 3).map((failure) => {
    const path = failure.path.join(".") || "(the value)";
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
