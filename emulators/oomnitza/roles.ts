/**
 * SaaS roles: `GET|POST /api/v3/saas/{id}/roles` and `POST|PATCH|DELETE
 * /api/v3/saas/{id}/roles/users`. The description gives their shapes but is silent on
 * errors, several users or roles in one call, and users not assigned to the SaaS; the
 * `roleWrites` switch picks the lenient or the exact reading (docs/emulators.md).
 */
import type { ApiRequest, ApiResponse } from "../kit/types.js";
import { isRecord, saasFor, type SaasContext } from "./saas.js";
import type { SaasRecord, SaasRole } from "./saas-store.js";

function present(ctx: SaasContext, role: SaasRole): Record<string, unknown> {
  return {
    role_id: role.role_id,
    saas_id: String(role.saas_id),
    source: role.source,
    role_external_id: role.role_external_id,
    role_external_label: role.role_external_label,
    users_count: ctx.saas.usersWithRole(role.saas_id, role.role_id, (id) => ctx.users.has(id)),
  };
}

const rolesOf = (ctx: SaasContext, saasId: number) => ctx.saas.roles.get(saasId) ?? new Map<string, SaasRole>();
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export function listRoles(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const r = saasFor(ctx, req);
  if (!isRecord(r)) return r;
  return { status: 200, body: [...rolesOf(ctx, r.saas_id).values()].map((role) => present(ctx, role)) };
}

/** `{"role_external_label": "Inbox seat"}` → 201 with the role; the external id is the label unless (lenient) one is given. */
export function createRole(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const r = saasFor(ctx, req);
  if (!isRecord(r)) return r;
  const exact = ctx.strict.roleWrites === "exact";
  if (!req.bodyIsJson || !isObject(req.body)) return ctx.errors.field(400, "body", 'Send {"role_external_label": "…"}', req);
  const body = req.body;
  const allowed = exact ? ["role_external_label"] : ["role_external_label", "role_external_id"];
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown) return ctx.errors.field(400, unknown, `Unknown field '${unknown}': a new SaaS role takes ${allowed.join(" and ")}`, req);
  const label = body.role_external_label;
  if (typeof label !== "string" || label.trim() === "") return ctx.errors.field(400, "role_external_label", "Field 'role_external_label' is required", req);
  if (body.role_external_id !== undefined && typeof body.role_external_id !== "string") return ctx.errors.field(400, "role_external_id", "Field 'role_external_id' expects a string", req);
  const externalId = (body.role_external_id as string | undefined) ?? label;
  const clash = [...rolesOf(ctx, r.saas_id).values()].find((x) => x.role_external_id === externalId);
  const named = body.role_external_id === undefined ? "role_external_label" : "role_external_id";
  if (clash) return ctx.errors.field(400, named, `SaaS '${r.saas_name}' already has a role '${externalId}' (role_id ${clash.role_id})`, req);
  return { status: 201, body: present(ctx, ctx.saas.addRole(r.saas_id, externalId, label)) };
}

/** A string, or (lenient) a number or a list of them, as strings; undefined when the shape is wrong. */
function idList(value: unknown, lenient: boolean): string[] | undefined {
  const one = (x: unknown) => (typeof x === "string" ? x : lenient && typeof x === "number" ? String(x) : undefined);
  if (Array.isArray(value)) {
    const out = value.map(one);
    return out.every((x): x is string => x !== undefined) ? out : undefined;
  }
  const single = one(value);
  return lenient && single !== undefined ? [single] : undefined;
}

interface Checked {
  saas: SaasRecord;
  users: string[];
  errors: string[];
}

/** Users that exist (and, when `mustBeAssigned`, are assigned to the SaaS): refused at once when exact, else reported. */
function checkUsers(ctx: SaasContext, req: ApiRequest, saas: SaasRecord, users: string[], mustBeAssigned: boolean): Checked | ApiResponse {
  const exact = ctx.strict.roleWrites === "exact";
  const missing = users.filter((u) => !ctx.users.has(u));
  const unassigned = users.filter((u) => ctx.users.has(u) && !ctx.saas.assignments.get(saas.saas_id)?.has(u));
  if (exact && missing.length > 0) return ctx.errors.field(400, "users", `No user with user_id ${missing.map((u) => `'${u}'`).join(", ")}`, req);
  if (exact && mustBeAssigned && unassigned.length > 0) return ctx.errors.field(400, "users", `Not assigned to SaaS '${saas.saas_name}': ${unassigned.map((u) => `'${u}'`).join(", ")}`, req);
  // Lenient: a user not yet assigned to the SaaS is assigned on the way.
  if (mustBeAssigned) for (const u of unassigned) ctx.saas.assign(saas.saas_id, u);
  return { saas, users: users.filter((u) => ctx.users.has(u)), errors: missing.map((u) => `User '${u}' not found`) };
}

function answer(errors: string[], users: string[], roles: string[]): ApiResponse {
  return { status: 200, body: { ...(users.length === 1 ? { user_id: users[0] } : {}), ...(roles.length === 1 ? { role_id: roles[0] } : {}), errors } };
}

/** POST and DELETE take `{"users": [user_id, …], "roles": [role_id, …]}`. */
function readPairs(ctx: SaasContext, req: ApiRequest, mustBeAssigned: boolean): (Checked & { roles: string[] }) | ApiResponse {
  const saas = saasFor(ctx, req);
  if (!isRecord(saas)) return saas;
  const lenient = ctx.strict.roleWrites === "lenient";
  const body = req.bodyIsJson && isObject(req.body) ? req.body : undefined;
  const users = idList(body?.users, lenient);
  const roles = idList(body?.roles, lenient);
  const shape = 'Send {"users": ["<user_id>", …], "roles": ["<role_id>", …]}';
  if (!users) return ctx.errors.field(400, "users", shape, req);
  if (!roles) return ctx.errors.field(400, "roles", shape, req);
  const known = rolesOf(ctx, saas.saas_id);
  const unknownRoles = roles.filter((id) => !known.has(id));
  if (!lenient && unknownRoles.length > 0) return ctx.errors.field(400, "roles", `SaaS '${saas.saas_name}' has no role ${unknownRoles.map((x) => `'${x}'`).join(", ")}`, req);
  const checked = checkUsers(ctx, req, saas, users, mustBeAssigned);
  if (!("saas" in checked)) return checked;
  return { ...checked, roles: roles.filter((id) => known.has(id)), errors: [...checked.errors, ...unknownRoles.map((x) => `Role '${x}' not found`)] };
}

/** Adds the roles to each user's roles in this SaaS (holding one already is a no-op). */
export function assignRoles(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const p = readPairs(ctx, req, true);
  if (!("saas" in p)) return p;
  for (const u of p.users) {
    const a = ctx.saas.assignments.get(p.saas.saas_id)?.get(u);
    if (a) a.role_ids = [...new Set([...(a.role_ids ?? []), ...p.roles])];
  }
  return answer(p.errors, p.users, p.roles);
}

/** Takes the roles from each user in this SaaS; 204 without a body (so lenient mode reports nothing). */
export function unassignRoles(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const p = readPairs(ctx, req, false);
  if (!("saas" in p)) return p;
  for (const u of p.users) {
    const a = ctx.saas.assignments.get(p.saas.saas_id)?.get(u);
    if (a) a.role_ids = (a.role_ids ?? []).filter((id) => !p.roles.includes(id));
  }
  return { status: 204 };
}

/**
 * Overwrites a user's roles in this SaaS: `{"users": "<user_id>", "roles":
 * [{"role_external_id": "…", "role_external_label": "…"}]}`; a role_external_id the SaaS
 * lacks makes a new role (labelled with the label sent, else the id).
 */
export function setRoles(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const saas = saasFor(ctx, req);
  if (!isRecord(saas)) return saas;
  const lenient = ctx.strict.roleWrites === "lenient";
  const body = req.bodyIsJson && isObject(req.body) ? req.body : undefined;
  const users = lenient ? idList(body?.users, true) : typeof body?.users === "string" ? [body.users] : undefined;
  if (!users) return ctx.errors.field(400, "users", `Send {"users": "<user_id>", "roles": [{"role_external_id": "…"}]}${lenient ? " (or a list of user ids)" : ""}`, req);
  const items = Array.isArray(body?.roles) ? (body.roles as unknown[]) : undefined;
  const bad = (x: unknown) => !isObject(x) || typeof x.role_external_id !== "string" || x.role_external_id === "" || (x.role_external_label !== undefined && typeof x.role_external_label !== "string");
  if (!items || items.some(bad)) return ctx.errors.field(400, "roles", 'Send "roles": [{"role_external_id": "…", "role_external_label": "…"}]', req);
  const checked = checkUsers(ctx, req, saas, users, true);
  if (!("saas" in checked)) return checked;
  const known = rolesOf(ctx, saas.saas_id);
  const roleIds = (items as Array<{ role_external_id: string; role_external_label?: string }>).map((x) => {
    const found = [...known.values()].find((role) => role.role_external_id === x.role_external_id);
    return (found ?? ctx.saas.addRole(saas.saas_id, x.role_external_id, x.role_external_label ?? x.role_external_id)).role_id;
  });
  const unique = [...new Set(roleIds)];
  for (const u of checked.users) {
    const a = ctx.saas.assignments.get(saas.saas_id)?.get(u);
    if (a) a.role_ids = unique;
  }
  return answer(checked.errors, checked.users, unique);
}
