import { array, coerce, is, nullable, number, optional, refine, string, type, union, unknown, validate, type Infer, type Struct } from "superstruct";
import { HttpError } from "../http/index.js";
import { usableId, type OomnitzaUser, type SaasRecord, type SaasUser } from "../sync/records.js";

/**
 * Every Oomnitza answer the sync reads, checked here at the boundary with superstruct.
 * Only what the sync uses is required; everything else an instance sends is allowed and
 * kept (`type`, not `object`; docs/api/oomnitza.md says which shapes are documented and
 * which only assumed). A page holds up to 1,000 rows: a row that passes as it came is
 * neither copied nor changed; only a row that needs a declared coercion is copied.
 */

/** Absent or null. */
const maybe = <T, S>(struct: Struct<T, S>) => optional(nullable(struct));
/** An id: a non-blank string or a number. */
const Id = union([refine(string(), "id", (id) => id.trim() !== ""), number()]);
/** A record id that goes into request paths (SaaS records): refused unless usable (records.ts). */
const PathId = union([refine(string(), "path id", usableId), number()]);
/** Coercion "user id as text": any text is kept, so a person matched to an unusable one is skipped by the plan, never created twice; a number is taken as its text. */
const UserId = coerce(string(), number(), (id) => String(id));
/** Absent, null, a string or a number. */
const Text = maybe(union([string(), number()]));

/** A user row: `user_id` and whatever fields were asked for. */
const UserRow = type({ user_id: UserId });
/** A SaaS record in a list: `saas_id` and `saas_name`. */
const SaasRow = type({ saas_id: PathId, saas_name: string() });
/** The answer to `POST /api/v3/saas`: documented as `{"saas_id": "…"}` and nothing more. */
const CreatedSaas = type({ saas_id: PathId });
/** A role of a SaaS record: its id and label. */
const SaasRoleRow = type({ role_id: Id, role_external_label: maybe(string()), role_external_id: Text });
/** A user assigned to a SaaS record. */
const SaasUserRow = type({ user_id: Id, user_external_id: Text, username: maybe(string()), email: maybe(string()), full_name: maybe(string()) });
/** One item of a bulk (un)assign answer, when the instance sends items at all. */
const BulkItem = type({ user_id: optional(Id), errors: unknown(), error: unknown() });
/** The answer to a role change (`/roles/users`), when it has an `errors` list. */
const RoleChangeAnswer = type({ errors: array() });

export function parseSaasRoles(body: unknown, what: string): Array<{ id: string; label: string }> {
  return answerList(body, SaasRoleRow, what, "SaaS roles with a role_id").map((row) => ({ id: String(row.role_id), label: String(row.role_external_label ?? row.role_external_id ?? "").trim() }));
}

export function parseCreatedRole(body: unknown, what: string): string {
  return String(answer(body, SaasRoleRow, what, "a created SaaS role with a role_id").role_id);
}

/** The errors of a role change answer (`/roles/users`): its `errors` list without blanks; anything else says nothing. */
export function roleChangeErrors(body: unknown): string[] {
  if (!is(body, RoleChangeAnswer)) return [];
  return body.errors.filter((e) => e !== null && e !== undefined && e !== "").map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
}

export function badShape(what: string, expected: string, got: unknown, detail?: string): HttpError {
  const why = detail ? `; ${detail}` : "";
  return new HttpError(`${what}: Oomnitza's answer is not ${expected} (got ${describe(got)}${why}); nothing more was written`, "oomnitza", 200, false, "bad_shape");
}

/**
 * The answer as `struct` takes it: as it came when it passes, else with its declared
 * coercions applied to a copy; else an error naming the first member that fails.
 */
function answer<T, S>(value: unknown, struct: Struct<T, S>, what: string, expected: string): T {
  if (is(value, struct)) return value;
  const [error, coerced] = validate(value, struct, { coerce: true });
  if (!error) return coerced;
  const failure = error.failures()[0];
  const member = failure?.path.length ? failure.path.join(".") : undefined;
  throw badShape(what, expected, value, member && `${member} is ${failure?.value === undefined ? "missing" : "not valid"}`);
}

/** A list whose rows each pass `struct` (a coerced row takes its place in the list); a bad row is named by its position. */
function answerList<T, S>(body: unknown, struct: Struct<T, S>, what: string, expected: string, offset = 0): T[] {
  if (!Array.isArray(body)) throw badShape(what, `a list of ${expected}`, body);
  for (let i = 0; i < body.length; i++) body[i] = answer(body[i], struct, what, `a list of ${expected} (row ${offset + i + 1})`);
  return body as T[];
}

/** A user as the core sees it: `user_id` as text (the struct's coercion), every other member as it came. */
const asUser = (row: Infer<typeof UserRow>) => row as OomnitzaUser;

/** A page of users: the answer's own list, each row as it came unless its user_id had to be taken as text. */
export function parseUsers(body: unknown, what: string, skip: number): OomnitzaUser[] {
  return answerList(body, UserRow, what, "users with a user_id", skip) as OomnitzaUser[];
}

/** The created or read user; some instances wrap a single record in a one-element list. */
export function parseUser(body: unknown, what: string): OomnitzaUser {
  const row = Array.isArray(body) && body.length === 1 ? body[0] : body;
  return asUser(answer(row, UserRow, what, "a user with a user_id"));
}

export function parseSaasList(body: unknown, what: string): SaasRecord[] {
  return answerList(body, SaasRow, what, "SaaS records with saas_id and saas_name").map((row) => ({ saas_id: String(row.saas_id), saas_name: row.saas_name }));
}

/** `POST /api/v3/saas`: only `saas_id` is promised; the name is the one that was sent. */
export function parseCreatedSaas(body: unknown, name: string, what: string): SaasRecord {
  const row = Array.isArray(body) && body.length === 1 ? body[0] : body;
  return { saas_id: String(answer(row, CreatedSaas, what, "a created SaaS record with a saas_id").saas_id), saas_name: name };
}

export function parseSaasUsers(body: unknown, what: string): SaasUser[] {
  return answerList(body, SaasUserRow, what, "SaaS users with a user_id").map((row) => ({
    user_id: String(row.user_id),
    user_external_id: row.user_external_id === null || row.user_external_id === undefined ? "" : String(row.user_external_id),
    username: row.username ?? undefined,
    email: row.email ?? undefined,
    full_name: row.full_name ?? undefined,
    ...rowRoles((row as { roles?: unknown }).roles),
  }));
}

/** The role ids a SaaS user row shows: `{role_id: "1,2"}` or `[{role_id: 1}, …]`; nothing when the row has no roles member. */
const RowRole = type({ role_id: union([string(), number()]) });

function rowRoles(raw: unknown): { roles?: string[] } {
  const ids = (value: string | number): string[] => (typeof value === "number" ? [String(value)] : value.split(",").map((id) => id.trim()).filter(Boolean));
  if (Array.isArray(raw)) return { roles: raw.flatMap((item) => (is(item, RowRole) ? ids(item.role_id) : [])) };
  if (is(raw, RowRole)) return { roles: ids(raw.role_id) };
  return {};
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
  for (const item of body) {
    if (!is(item, BulkItem) || item.user_id === undefined) continue;
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
