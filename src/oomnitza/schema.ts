import { HttpError } from "../http/index.js";
import { usableId, type OomnitzaUser, type SaasRecord, type SaasUser } from "../sync/records.js";

/**
 * Every Oomnitza answer the sync reads, checked here at the boundary. Only what the
 * sync uses is required; everything else an instance sends is allowed and ignored
 * (docs/api/oomnitza.md says which shapes are documented and which only assumed).
 * The checks are written out by hand: a page holds up to 1,000 rows, and a check per
 * member costs next to nothing where a schema library would copy every row.
 */

/** Each required or typed member of a row: a check of its value. */
type Members = Record<string, (value: unknown) => boolean>;

/** A number other than NaN. */
const isNumber = (value: unknown) => typeof value === "number" && !Number.isNaN(value);
/** An id: a non-blank string or a number. */
const isId = (value: unknown) => (typeof value === "string" && value.trim() !== "") || isNumber(value);
const optionalId = (value: unknown) => value === undefined || isId(value);
/** Absent, null, a string or a number. */
const isText = (value: unknown) => value === undefined || value === null || typeof value === "string" || isNumber(value);
const isOptionalString = (value: unknown) => value === undefined || value === null || typeof value === "string";
const isRow = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
/** A record id that goes into request paths (SaaS records): refused unless usable (records.ts). */
const isPathId = (value: unknown) => (typeof value === "string" && usableId(value)) || isNumber(value);
/** A user's id: any text is kept, so a person matched to an unusable one is skipped by the plan, never created twice. */
const isUserId = (value: unknown) => typeof value === "string" || isNumber(value);

/** A user row: `user_id` and whatever fields were asked for. */
const USER_ROW: Members = { user_id: isUserId };
/** A SaaS record in a list: `saas_id` and `saas_name`. */
const SAAS_ROW: Members = { saas_id: isPathId, saas_name: (value) => typeof value === "string" };
/** The answer to `POST /api/v3/saas`: documented as `{"saas_id": "…"}` and nothing more. */
const CREATED_SAAS: Members = { saas_id: isPathId };
/** A role of a SaaS record: its id and label. */
const SAAS_ROLE_ROW: Members = { role_id: isId, role_external_label: isOptionalString, role_external_id: isText };
/** A user assigned to a SaaS record. */
const SAAS_USER_ROW: Members = { user_id: isId, user_external_id: isText, username: isOptionalString, email: isOptionalString, full_name: isOptionalString };
/** One item of a bulk (un)assign answer, when the instance sends items at all. */
const BULK_ITEM: Members = { user_id: optionalId };

interface SaasRoleRow {
  role_id: string | number;
  role_external_label?: string | null;
  role_external_id?: string | number | null;
}

export function parseSaasRoles(body: unknown, what: string): Array<{ id: string; label: string }> {
  return rows<SaasRoleRow>(body, SAAS_ROLE_ROW, what, "SaaS roles with a role_id").map((row) => ({ id: String(row.role_id), label: String(row.role_external_label ?? row.role_external_id ?? "").trim() }));
}

export function parseCreatedRole(body: unknown, what: string): string {
  return String(check<SaasRoleRow>(body, SAAS_ROLE_ROW, what, "a created SaaS role with a role_id").role_id);
}

/** The errors of a role change answer (`/roles/users`): its `errors` list without blanks; anything else says nothing. */
export function roleChangeErrors(body: unknown): string[] {
  if (!isRow(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter((e) => e !== null && e !== undefined && e !== "").map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
}

export function badShape(what: string, expected: string, got: unknown, detail?: string): HttpError {
  const why = detail ? `; ${detail}` : "";
  return new HttpError(`${what}: Oomnitza's answer is not ${expected} (got ${describe(got)}${why}); nothing more was written`, "oomnitza", 200, false, "bad_shape");
}

/** The first member of `row` that fails its check, or "" when the row is an object whose members all pass; undefined when it is not an object. */
function firstFailure(row: unknown, members: Members): string | undefined {
  if (!isRow(row)) return undefined;
  for (const key in members) if (!(members[key] as (value: unknown) => boolean)(row[key])) return key;
  return "";
}

function check<T>(value: unknown, members: Members, what: string, expected: string): T {
  const failed = firstFailure(value, members);
  if (failed === "") return value as T;
  const detail = failed === undefined ? undefined : `${failed} is ${(value as Record<string, unknown>)[failed] === undefined ? "missing" : "not valid"}`;
  throw badShape(what, expected, value, detail);
}

/** A list whose rows each pass; a bad row is named by its position. */
function rows<T>(body: unknown, members: Members, what: string, expected: string, offset = 0): T[] {
  if (!Array.isArray(body)) throw badShape(what, `a list of ${expected}`, body);
  for (let i = 0; i < body.length; i++) check(body[i], members, what, `a list of ${expected} (row ${offset + i + 1})`);
  return body as T[];
}

/** A user as the core sees it: `user_id` as text. The row is the answer's own, so it is changed where it stands, not copied. */
function asUser(row: Record<string, unknown>): OomnitzaUser {
  if (typeof row.user_id !== "string") row.user_id = String(row.user_id);
  return row as OomnitzaUser;
}

export function parseUsers(body: unknown, what: string, skip: number): OomnitzaUser[] {
  const list = rows<Record<string, unknown>>(body, USER_ROW, what, "users with a user_id", skip);
  for (const row of list) asUser(row);
  return list as OomnitzaUser[];
}

/** The created or read user; some instances wrap a single record in a one-element list. */
export function parseUser(body: unknown, what: string): OomnitzaUser {
  const row = Array.isArray(body) && body.length === 1 ? body[0] : body;
  return asUser(check(row, USER_ROW, what, "a user with a user_id"));
}

export function parseSaasList(body: unknown, what: string): SaasRecord[] {
  return rows<{ saas_id: string | number; saas_name: string }>(body, SAAS_ROW, what, "SaaS records with saas_id and saas_name").map((row) => ({ saas_id: String(row.saas_id), saas_name: row.saas_name }));
}

/** `POST /api/v3/saas`: only `saas_id` is promised; the name is the one that was sent. */
export function parseCreatedSaas(body: unknown, name: string, what: string): SaasRecord {
  const row = Array.isArray(body) && body.length === 1 ? body[0] : body;
  return { saas_id: String(check<{ saas_id: string | number }>(row, CREATED_SAAS, what, "a created SaaS record with a saas_id").saas_id), saas_name: name };
}

interface SaasUserRow {
  user_id: string | number;
  user_external_id?: string | number | null;
  username?: string | null;
  email?: string | null;
  full_name?: string | null;
}

export function parseSaasUsers(body: unknown, what: string): SaasUser[] {
  return rows<SaasUserRow>(body, SAAS_USER_ROW, what, "SaaS users with a user_id").map((row) => ({
    user_id: String(row.user_id),
    user_external_id: row.user_external_id === null || row.user_external_id === undefined ? "" : String(row.user_external_id),
    username: row.username ?? undefined,
    email: row.email ?? undefined,
    full_name: row.full_name ?? undefined,
    ...rowRoles((row as { roles?: unknown }).roles),
  }));
}

/** The role ids a SaaS user row shows: `{role_id: "1,2"}` or `[{role_id: 1}, …]`; nothing when the row has no roles member. */
function rowRoles(raw: unknown): { roles?: string[] } {
  const ids = (value: unknown): string[] => (typeof value === "number" ? [String(value)] : typeof value === "string" ? value.split(",").map((id) => id.trim()).filter(Boolean) : []);
  if (Array.isArray(raw)) return { roles: raw.flatMap((item) => (isRow(item) ? ids(item.role_id) : [])) };
  if (isRow(raw) && "role_id" in raw) return { roles: ids(raw.role_id) };
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
    if (firstFailure(item, BULK_ITEM) !== "" || item.user_id === undefined) continue;
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
