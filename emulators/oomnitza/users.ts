import { coerceInput, FieldError, formatOutput, type FieldDef, type OutputQuirks } from "./fields.js";
import { queryRecords } from "./query.js";
import type { OomnitzaErrors } from "./errors.js";
import type { Prng } from "../kit/prng.js";
import type { ApiRequest, ApiResponse } from "../kit/types.js";
import type { OomnitzaStrictness } from "./profile.js";
import type { SortCache, UsernameIndex } from "./indexes.js";
import type { Actor, OomnitzaUser } from "./types.js";
import { dropFields, inventedPage, type OomnitzaHostility } from "./hostile.js";

export interface UsersContext {
  users: Map<string, OomnitzaUser>;
  defs: Map<string, FieldDef>;
  quirks: OutputQuirks;
  maxPageSize: number;
  errors: OomnitzaErrors;
  clock: () => number;
  newUserId: () => string;
  usernames: UsernameIndex;
  sorted: SortCache<Record<string, unknown>>;
  /** Live: the profile's switches. */
  strict: OomnitzaStrictness;
  shuffler: Prng;
  /** Live: the hostile switches (hostile.ts). */
  hostile: OomnitzaHostility;
}

/** A stored user as the API shows it (all fields, or `user_id` plus the asked-for ones). */
export function presentUser(ctx: UsersContext, user: OomnitzaUser, fields?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { user_id: user.user_id };
  const names = fields ?? Object.keys(user);
  for (const name of names) {
    if (name === "user_id") continue;
    const v = formatOutput(ctx.defs.get(name), user[name], ctx.quirks);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export function listUsers(ctx: UsersContext, req: ApiRequest): ApiResponse {
  const invented = inventedPage(ctx.hostile, req);
  if (invented) return invented;
  return queryRecords(req, { rows: [...ctx.users.values()], defs: ctx.defs, errors: ctx.errors, maxPageSize: ctx.maxPageSize, present: (u, fields) => presentUser(ctx, u as OomnitzaUser, fields), sorted: ctx.sorted, strict: ctx.strict, shuffler: ctx.shuffler });
}

export function getUser(ctx: UsersContext, req: ApiRequest): ApiResponse {
  const user = ctx.users.get(req.params.id ?? "");
  if (!user) return ctx.errors.list(404, `User '${req.params.id}' not found`, req);
  return { status: 200, body: presentUser(ctx, user) };
}

function findByUsername(ctx: UsersContext, username: string, exceptId?: string): OomnitzaUser | undefined {
  return ctx.usernames.find(ctx.users, username, exceptId);
}

/** Checks and coerces a written body; a problem is reported as a 400 naming the field. */
type Coerced = { values: Record<string, unknown> } | { refused: ApiResponse };

function coerceBody(ctx: UsersContext, req: ApiRequest): Coerced {
  const refuse = (field: string, message: string): Coerced => ({ refused: ctx.errors.field(400, field, message, req) });
  if (!req.bodyIsJson) return refuse("body", "The request body is not valid JSON");
  const body = req.body;
  if (!body || typeof body !== "object" || Array.isArray(body)) return refuse("body", "The request body must be a JSON object of user fields");
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
    const def = ctx.defs.get(field);
    if (!def) return refuse(field, `Unknown field '${field}': the instance has no such user field`);
    if (def.readOnly) return refuse(field, `Field '${field}' is read-only`);
    try {
      out[field] = coerceInput(field, def, value);
    } catch (e) {
      if (e instanceof FieldError) return refuse(e.field, e.message);
      throw e;
    }
  }
  if ("username" in out && (typeof out.username !== "string" || out.username.trim() === "")) {
    return refuse("username", "Field 'username' cannot be empty");
  }
  const refused = refusedDropdownValue(ctx.strict.dropdowns, out);
  if (refused) return refuse(refused.field, refused.message);
  return { values: out };
}

function fullName(first: unknown, last: unknown): string | null {
  const s = [first, last].filter((x) => typeof x === "string" && x.trim() !== "").join(" ").trim();
  return s === "" ? null : s;
}

export function createUser(ctx: UsersContext, req: ApiRequest, actor: Actor): ApiResponse {
  const coerced = coerceBody(ctx, req);
  if ("refused" in coerced) return coerced.refused;
  const body = coerced.values;
  if (typeof body.username !== "string") return ctx.errors.field(400, "username", "Field 'username' is required", req);
  const missing = ctx.strict.requiredOnCreate.filter((f) => isEmpty(body[f]));
  const kept = dropFields(ctx.hostile, body);
  if (missing.length > 0) return ctx.errors.fields(400, missing.map((field) => ({ field, message: `Field '${field}' is required` })), req);
  const clash = findByUsername(ctx, body.username);
  if (clash) return ctx.errors.field(400, "username", `A user with username '${clash.username}' already exists`, req);
  const now = Math.floor(ctx.clock() / 1000);
  const user: OomnitzaUser = {
    user_id: ctx.newUserId(),
    ...kept,
    username: body.username,
    creation_date: now,
    change_date: now,
    created_by: actor.username,
    changed_by: actor.username,
  };
  if (!("full_name" in body)) user.full_name = fullName(user.first_name, user.last_name);
  ctx.users.set(user.user_id, user);
  ctx.usernames.note(ctx.users, user);
  ctx.sorted.version++;
  return { status: 200, body: presentUser(ctx, user) };
}

export function patchUser(ctx: UsersContext, req: ApiRequest, actor: Actor): ApiResponse {
  const user = ctx.users.get(req.params.id ?? "");
  if (!user) return ctx.errors.list(404, `User '${req.params.id}' not found`, req);
  const coerced = coerceBody(ctx, req);
  if ("refused" in coerced) return coerced.refused;
  const body = coerced.values;
  if (typeof body.username === "string") {
    const clash = findByUsername(ctx, body.username, user.user_id);
    if (clash) return ctx.errors.field(400, "username", `A user with username '${clash.username}' already exists`, req);
  }
  const oldUsername = user.username;
  Object.assign(user, dropFields(ctx.hostile, body));
  if (typeof body.username === "string") ctx.usernames.note(ctx.users, user, oldUsername);
  ctx.sorted.version++;
  if (!("full_name" in body) && ("first_name" in body || "last_name" in body)) user.full_name = fullName(user.first_name, user.last_name);
  user.change_date = Math.floor(ctx.clock() / 1000);
  user.changed_by = actor.username;
  return { status: 200, body: presentUser(ctx, user) };
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** A dropdown field written with a value its list does not hold (empty values clear the field and pass). */
function refusedDropdownValue(dropdowns: Record<string, string[]>, values: Record<string, unknown>): { field: string; message: string } | undefined {
  for (const [field, allowed] of Object.entries(dropdowns)) {
    const v = values[field];
    if (!(field in values) || isEmpty(v) || allowed.includes(String(v))) continue;
    return { field, message: `'${String(v)}' is not an allowed value of field '${field}' (allowed: ${allowed.map((a) => `'${a}'`).join(", ")})` };
  }
  return undefined;
}
