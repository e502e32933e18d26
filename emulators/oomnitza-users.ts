import { coerceInput, comparable, FieldError, formatOutput, type FieldDef, type OutputQuirks } from "./oomnitza-fields.js";
import { filterFields, FilterSyntaxError, matchesFilter, parseFilter } from "./oomnitza-filter.js";
import type { OomnitzaErrors } from "./oomnitza-errors.js";
import type { ApiRequest, ApiResponse } from "./server.js";

export interface OomnitzaUser {
  user_id: string;
  username: string;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  full_name?: string | null;
  position?: string | null;
  [field: string]: unknown;
}

export interface UsersContext {
  users: Map<string, OomnitzaUser>;
  defs: Map<string, FieldDef>;
  quirks: OutputQuirks;
  maxPageSize: number;
  errors: OomnitzaErrors;
  clock: () => number;
  newUserId: () => string;
}

/** What the caller's token says about who is writing. */
export interface Actor {
  username: string;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

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

function intParam(req: ApiRequest, name: string, fallback: number, min: number): number | string {
  const raw = req.query.get(name);
  if (raw === null || raw.trim() === "") return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) return `'${name}' must be an integer of at least ${min}, got '${raw}'`;
  return Number(raw);
}

export function listUsers(ctx: UsersContext, req: ApiRequest): ApiResponse {
  const limit = intParam(req, "limit", DEFAULT_LIMIT, 1);
  if (typeof limit === "string") return ctx.errors.field(400, "limit", limit, req);
  const skip = intParam(req, "skip", 0, 0);
  if (typeof skip === "string") return ctx.errors.field(400, "skip", skip, req);

  let fields: string[] | undefined;
  const rawFields = req.query.get("fields");
  if (rawFields !== null && rawFields.trim() !== "") {
    fields = rawFields.split(",").map((f) => f.trim()).filter((f) => f.length > 0);
    const unknown = fields.find((f) => !ctx.defs.has(f));
    if (unknown) return ctx.errors.field(400, "fields", `Unknown field '${unknown}' in fields`, req);
  }

  let rows = [...ctx.users.values()];
  const rawFilter = req.query.get("filter");
  if (rawFilter !== null && rawFilter.trim() !== "") {
    let tree;
    try {
      tree = parseFilter(rawFilter);
    } catch (e) {
      if (e instanceof FilterSyntaxError) return ctx.errors.list(400, `Invalid filter: ${e.message}`, req);
      throw e;
    }
    const unknown = filterFields(tree).find((f) => !ctx.defs.has(f));
    if (unknown) return ctx.errors.list(400, `Invalid filter: unknown field '${unknown}'`, req);
    rows = rows.filter((u) => matchesFilter(tree, (f) => comparable(ctx.defs.get(f), u[f])));
  }

  const sortby = req.query.get("sortby");
  if (sortby !== null && sortby.trim() !== "") {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(sortby);
    if (!m) return ctx.errors.field(400, "sortby", `'sortby' must look like '<field> asc' or '<field> desc', got '${sortby}'`, req);
    const field = m[1] as string;
    if (!ctx.defs.has(field)) return ctx.errors.field(400, "sortby", `Unknown field '${field}' in sortby`, req);
    const desc = (m[2] ?? "asc").toLowerCase() === "desc";
    rows = sortRows(rows, field, ctx.defs.get(field), desc);
  }

  const take = Math.min(limit, MAX_LIMIT, ctx.maxPageSize);
  const page = rows.slice(skip, skip + take);
  return {
    status: 200,
    headers: { "x-total-count": rows.length },
    body: page.map((u) => presentUser(ctx, u, fields)),
  };
}

/** Stable: equal keys keep creation order. Empty values sort last ascending, first descending. */
function sortRows(rows: OomnitzaUser[], field: string, def: FieldDef | undefined, desc: boolean): OomnitzaUser[] {
  const keyed = rows.map((u, i) => ({ u, i, k: comparable(def, u[field]) }));
  keyed.sort((a, b) => {
    let c: number;
    if (a.k === b.k) c = 0;
    else if (a.k === null) c = 1;
    else if (b.k === null) c = -1;
    else c = a.k < b.k ? -1 : 1;
    if (desc) c = -c;
    return c || a.i - b.i;
  });
  return keyed.map((x) => x.u);
}

export function getUser(ctx: UsersContext, req: ApiRequest): ApiResponse {
  const user = ctx.users.get(req.params.id ?? "");
  if (!user) return ctx.errors.list(404, `User '${req.params.id}' not found`, req);
  return { status: 200, body: presentUser(ctx, user) };
}

function findByUsername(ctx: UsersContext, username: string, exceptId?: string): OomnitzaUser | undefined {
  const key = username.trim().toLowerCase();
  for (const u of ctx.users.values()) {
    if (u.user_id !== exceptId && typeof u.username === "string" && u.username.trim().toLowerCase() === key) return u;
  }
  return undefined;
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
  const clash = findByUsername(ctx, body.username);
  if (clash) return ctx.errors.field(400, "username", `A user with username '${clash.username}' already exists`, req);
  const now = Math.floor(ctx.clock() / 1000);
  const user: OomnitzaUser = {
    user_id: ctx.newUserId(),
    ...body,
    username: body.username,
    creation_date: now,
    change_date: now,
    created_by: actor.username,
    changed_by: actor.username,
  };
  if (!("full_name" in body)) user.full_name = fullName(user.first_name, user.last_name);
  ctx.users.set(user.user_id, user);
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
  Object.assign(user, body);
  if (!("full_name" in body) && ("first_name" in body || "last_name" in body)) user.full_name = fullName(user.first_name, user.last_name);
  user.change_date = Math.floor(ctx.clock() / 1000);
  user.changed_by = actor.username;
  return { status: 200, body: presentUser(ctx, user) };
}
