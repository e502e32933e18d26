import { any, array, nullable, number, optional, refine, string, type, union, validate, type Infer, type Struct } from "superstruct";
import { HttpError } from "../http/index.js";
import { usableId, type OomnitzaUser, type SaasRecord, type SaasUser } from "../sync/records.js";

/**
 * Every Oomnitza answer the sync reads, checked here at the boundary. Only what the
 * sync uses is required; everything else an instance sends is allowed and ignored
 * (docs/api/oomnitza.md says which shapes are documented and which only assumed).
 */
const Id = union([refine(string(), "id", (value) => value.trim() !== ""), number()]);
/** A record id that goes into request paths (SaaS records): refused unless usable (records.ts). */
const PathId = union([refine(string(), "id", usableId), number()]);
/** A user's id: any text is kept, so a person matched to an unusable one is skipped by the plan, never created twice. */
const UserId = union([string(), number()]);
const Text = optional(nullable(union([string(), number()])));

/** A user row: `user_id` and whatever fields were asked for. */
export const UserRow = type({ user_id: UserId });
/** A SaaS record in a list: `saas_id` and `saas_name`. */
export const SaasRow = type({ saas_id: PathId, saas_name: string() });
/** The answer to `POST /api/v3/saas`: documented as `{"saas_id": "…"}` and nothing more. */
export const CreatedSaas = type({ saas_id: PathId });
/** A user assigned to a SaaS record. */
export const SaasUserRow = type({ user_id: Id, user_external_id: Text, username: optional(nullable(string())), email: optional(nullable(string())), full_name: optional(nullable(string())) });
/** A role of a SaaS record: its id and label. */
export const SaasRoleRow = type({ role_id: Id, role_external_label: optional(nullable(string())), role_external_id: optional(nullable(union([string(), number()]))) });
/** The answer to a role change (`/roles/users`): errors, if any. */
export const RoleChangeAnswer = type({ errors: optional(nullable(array(any()))) });

export function parseSaasRoles(body: unknown, what: string): Array<{ id: string; label: string }> {
  return rows(body, SaasRoleRow, what, "SaaS roles with a role_id").map((row) => ({ id: String(row.role_id), label: String(row.role_external_label ?? row.role_external_id ?? "").trim() }));
}

export function parseCreatedRole(body: unknown, what: string): string {
  return String(check(body, SaasRoleRow, what, "a created SaaS role with a role_id").role_id);
}

/** One item of a bulk (un)assign answer, when the instance sends items at all. */
export const BulkItem = type({ user_id: optional(Id), errors: optional(any()), error: optional(any()) });
const List = array(any());

export function badShape(what: string, expected: string, got: unknown, detail?: string): HttpError {
  const why = detail ? `; ${detail}` : "";
  return new HttpError(`${what}: Oomnitza's answer is not ${expected} (got ${describe(got)}${why}); nothing more was written`, "oomnitza", 200, false, "bad_shape");
}

function check<T>(value: unknown, struct: Struct<T>, what: string, expected: string): T {
  const [error, checked] = validate(value, struct);
  if (!error) return checked;
  const failure = error.failures()[0];
  const path = failure?.path.length ? failure.path.join(".") : "";
  throw badShape(what, expected, value, path ? `${path} is ${failure?.value === undefined ? "missing" : "not valid"}` : undefined);
}

/** A list whose rows each pass `struct`; a bad row is named by its position. */
function rows<T>(body: unknown, struct: Struct<T>, what: string, expected: string, offset = 0): T[] {
  const list = check(body, List, what, `a list of ${expected}`);
  return list.map((row, i) => check(row, struct, what, `a list of ${expected} (row ${offset + i + 1})`));
}

const asUser = (row: Infer<typeof UserRow>): OomnitzaUser => ({ ...(row as Record<string, unknown>), user_id: String(row.user_id) });

export function parseUsers(body: unknown, what: string, skip: number): OomnitzaUser[] {
  return rows(body, UserRow, what, "users with a user_id", skip).map(asUser);
}

/** The created or read user; some instances wrap a single record in a one-element list. */
export function parseUser(body: unknown, what: string): OomnitzaUser {
  const row = Array.isArray(body) && body.length === 1 ? body[0] : body;
  return asUser(check(row, UserRow, what, "a user with a user_id"));
}

export function parseSaasList(body: unknown, what: string): SaasRecord[] {
  return rows(body, SaasRow, what, "SaaS records with saas_id and saas_name").map((row) => ({ saas_id: String(row.saas_id), saas_name: row.saas_name }));
}

/** `POST /api/v3/saas`: only `saas_id` is promised; the name is the one that was sent. */
export function parseCreatedSaas(body: unknown, name: string, what: string): SaasRecord {
  const row = Array.isArray(body) && body.length === 1 ? body[0] : body;
  return { saas_id: String(check(row, CreatedSaas, what, "a created SaaS record with a saas_id").saas_id), saas_name: name };
}

export function parseSaasUsers(body: unknown, what: string): SaasUser[] {
  return rows(body, SaasUserRow, what, "SaaS users with a user_id").map((row) => ({
    user_id: String(row.user_id),
    user_external_id: row.user_external_id === null || row.user_external_id === undefined ? "" : String(row.user_external_id),
    username: row.username ?? undefined,
    email: row.email ?? undefined,
    full_name: row.full_name ?? undefined,
  }));
}

/**
 * Per-item errors of a bulk (un)assign answer, by user id. The answer is undocumented:
 * anything that is not a list of items says nothing, and success is confirmed by
 * reading the SaaS users back, not inferred from here.
 */
export function bulkErrors(text: string): Map<string, string> {
  const errors = new Map<string, string>();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return errors;
  }
  if (!Array.isArray(body)) return errors;
  for (const row of body) {
    const [error, item] = validate(row, BulkItem);
    if (error || item.user_id === undefined) continue;
    const messages = itemErrors(item);
    if (messages) errors.set(String(item.user_id), messages);
  }
  return errors;
}

/** The errors Oomnitza reports for one item (`errors` list or `error` text), if any. */
export function itemErrors(item: { errors?: unknown; error?: unknown }): string | undefined {
  const raw = item.errors ?? item.error;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === "" ? [] : [raw];
  const messages = list.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).filter(Boolean);
  return messages.length ? messages.join("; ") : undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : typeof value;
}
