import type { FieldDef } from "./fields.js";
import type { OomnitzaErrors } from "./errors.js";
import { queryRecords } from "./query.js";
import type { Actor, OomnitzaUser } from "./types.js";
import type { SaasAssignment, SaasRecord, SaasStore } from "./saas-store.js";
import type { Prng } from "../kit/prng.js";
import type { ApiRequest, ApiResponse } from "../kit/types.js";
import type { OomnitzaStrictness } from "./profile.js";

export const SAAS_FIELDS: Map<string, FieldDef> = new Map(
  Object.entries({
    saas_id: { type: "integer", readOnly: true },
    saas_name: { type: "string" },
    category: { type: "string" },
    publisher: { type: "string" },
    url: { type: "string" },
    source: { type: "string" },
    version: { type: "string" },
    usage_statistic: { type: "string" },
    usage_history: { type: "string" },
    renewal_date: { type: "string" },
    visited: { type: "integer" },
    available_licenses: { type: "integer" },
    total_licenses: { type: "integer" },
    annual_spend: { type: "number" },
    hash: { type: "boolean" },
    is_inf: { type: "boolean" },
    ignored: { type: "string" },
    linked: { type: "string" },
    link_key: { type: "string" },
    changedate: { type: "string", readOnly: true },
    changedby: { type: "string", readOnly: true },
    creationdate: { type: "string", readOnly: true },
    createdby: { type: "string", readOnly: true },
    uid: { type: "integer", readOnly: true },
    deleted: { type: "string", readOnly: true },
  } satisfies Record<string, FieldDef>),
);

export interface SaasContext {
  saas: SaasStore;
  users: Map<string, OomnitzaUser>;
  errors: OomnitzaErrors;
  maxPageSize: number;
  /** Live: the profile's switches. */
  strict: OomnitzaStrictness;
  shuffler: Prng;
}

function presentSaas(r: SaasRecord, fields?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of fields ? ["saas_id", ...fields] : Object.keys(r)) if (r[k] !== null && r[k] !== undefined) out[k] = r[k];
  return out;
}

export function saasFor(ctx: SaasContext, req: ApiRequest): SaasRecord | ApiResponse {
  const id = Number(req.params.id);
  const record = Number.isInteger(id) ? ctx.saas.records.get(id) : undefined;
  return record ?? ctx.errors.list(404, `SaaS '${req.params.id}' not found`, req);
}

export function isRecord(x: SaasRecord | ApiResponse): x is SaasRecord {
  return "saas_id" in x;
}

export function listSaas(ctx: SaasContext, req: ApiRequest): ApiResponse {
  return queryRecords(req, { rows: [...ctx.saas.records.values()], defs: SAAS_FIELDS, errors: ctx.errors, maxPageSize: ctx.maxPageSize, present: (r, f) => presentSaas(r as SaasRecord, f), strict: ctx.strict, shuffler: ctx.shuffler });
}

export function getSaas(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const r = saasFor(ctx, req);
  return isRecord(r) ? { status: 200, body: presentSaas(r) } : r;
}

/** Answers the created record with `saas_id` as a string (the description declares only that member), or under `minimalAnswers` just `{"saas_id"}`. */
export function createSaas(ctx: SaasContext, req: ApiRequest, actor: Actor): ApiResponse {
  const body = req.body;
  if (!req.bodyIsJson || !body || typeof body !== "object" || Array.isArray(body)) return ctx.errors.field(400, "body", "The request body must be a JSON object of SaaS fields", req);
  const values = body as Record<string, unknown>;
  for (const [field, value] of Object.entries(values)) {
    const def = SAAS_FIELDS.get(field);
    if (!def) return ctx.errors.field(400, field, `Unknown field '${field}': SaaS records have no such field`, req);
    if (def.readOnly) return ctx.errors.field(400, field, `Field '${field}' is read-only`, req);
    if (value !== null && typeof value === "object") return ctx.errors.field(400, field, `Field '${field}' expects a ${def.type}`, req);
  }
  if (typeof values.saas_name !== "string" || values.saas_name.trim() === "") return ctx.errors.field(400, "saas_name", "Field 'saas_name' is required", req);
  const record = ctx.saas.add({ ...values, saas_name: values.saas_name }, actor.username);
  // The description's answer is `{"saas_id": "<id>"}`; the friendly profile adds the record.
  if (ctx.strict.minimalAnswers) return { status: 200, body: { saas_id: String(record.saas_id) } };
  return { status: 200, body: { ...presentSaas(record), saas_id: String(record.saas_id) } };
}

/**
 * The one `roles` object a row carries (the description's shape): empty strings without
 * roles; with several, every role's values joined with "," (`userRowRoles: "all"`) or
 * only the first role's (`"first"`).
 */
function rowRoles(ctx: SaasContext, saasId: number, a: SaasAssignment): Record<string, string> {
  const known = ctx.saas.roles.get(saasId);
  const held = (a.role_ids ?? []).flatMap((id) => {
    const role = known?.get(id);
    return role ? [role] : [];
  });
  const shown = ctx.strict.userRowRoles === "first" ? held.slice(0, 1) : held;
  return {
    role_id: shown.map((x) => x.role_id).join(","),
    role_external_id: shown.map((x) => x.role_external_id).join(","),
    role_external_label: shown.map((x) => x.role_external_label).join(","),
  };
}

/**
 * Assigned users, with empty strings where Oomnitza has nothing (the description declares
 * them all required strings). `?roles=<role_id>,…` keeps the users holding at least one.
 */
export function listSaasUsers(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const r = saasFor(ctx, req);
  if (!isRecord(r)) return r;
  const rawRoles = req.query.get("roles");
  const wanted = rawRoles === null || ctx.strict.roleHolderFilter === "ignore" ? undefined : rawRoles.split(",").map((x) => x.trim()).filter(Boolean);
  const out: Array<Record<string, unknown>> = [];
  for (const a of ctx.saas.assignments.get(r.saas_id)?.values() ?? []) {
    const u = ctx.users.get(a.user_id);
    if (!u) continue; // a person deleted since: Oomnitza drops the assignment with them
    if (wanted && wanted.length > 0 && !(a.role_ids ?? []).some((id) => wanted.includes(id))) continue;
    out.push({
      user_id: a.user_id,
      username: String(u.username ?? ""),
      email: String(u.email ?? ""),
      full_name: String(u.full_name ?? ""),
      user_external_id: a.user_external_id,
      last_visit: a.last_visit,
      old_usage: a.old_usage,
      ...(ctx.strict.userRowRoles === "none" ? {} : { roles: rowRoles(ctx, r.saas_id, a) }),
      contract_id: "",
      media_url: "",
      saas_user_id: a.saas_user_id,
      active: a.active,
    });
  }
  return { status: 200, body: out };
}

/** Bulk assign/unassign: a bad item gets its own error, the others go through (200 either way). */
export function bulkAssign(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const r = saasFor(ctx, req);
  if (!isRecord(r)) return r;
  if (!req.bodyIsJson || !Array.isArray(req.body)) return ctx.errors.field(400, "body", 'The request body must be a list like [{"user_id": "…", "assign": true}]', req);
  const results = (req.body as unknown[]).map((item) => {
    const i = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
    const userId = typeof i.user_id === "string" || typeof i.user_id === "number" ? String(i.user_id) : undefined;
    if (userId === undefined || typeof i.assign !== "boolean") return { user_id: userId ?? null, assign: i.assign ?? null, errors: ["Each item needs a user_id and a boolean assign"] };
    if (!ctx.users.has(userId)) return { user_id: userId, assign: i.assign, errors: [`User '${userId}' not found`] };
    if (i.assign) ctx.saas.assign(r.saas_id, userId);
    else ctx.saas.assignments.get(r.saas_id)?.delete(userId); // unassigning someone not assigned is a no-op
    return { user_id: userId, assign: i.assign, errors: [] as string[] };
  });
  // The answer is undocumented (`{}` in the description): the friendly profile reports per item.
  return { status: 200, body: ctx.strict.minimalAnswers ? {} : results };
}

export function setExternalId(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const r = saasFor(ctx, req);
  if (!isRecord(r)) return r;
  const userId = req.params.user_id ?? "";
  if (!ctx.users.has(userId)) return ctx.errors.list(404, `User '${userId}' not found`, req);
  const body = req.body as Record<string, unknown> | undefined;
  if (!req.bodyIsJson || !body || typeof body !== "object" || Array.isArray(body) || typeof body.user_external_id !== "string") {
    return ctx.errors.field(400, "user_external_id", "Send {\"user_external_id\": \"…\"}", req);
  }
  const a = ctx.saas.assignments.get(r.saas_id)?.get(userId);
  if (!a) return { status: 200, body: { user_external_id: body.user_external_id, errors: [`User '${userId}' is not assigned to SaaS '${r.saas_name}'`] } };
  a.user_external_id = body.user_external_id;
  return { status: 200, body: { user_external_id: a.user_external_id, errors: [] } };
}

/** PATCH /api/v3/saas_users/(de)activate: per-item results; `error` only on items that failed. */
export function setActive(active: boolean) {
  return (ctx: SaasContext, req: ApiRequest): ApiResponse => {
    const body = req.body as Record<string, unknown> | undefined;
    const ids = body && typeof body === "object" && !Array.isArray(body) ? body.saas_user_ids : undefined;
    if (!req.bodyIsJson || !Array.isArray(ids)) return ctx.errors.field(400, "saas_user_ids", 'Send {"saas_user_ids": ["…"]}', req);
    return {
      status: 200,
      body: ids.map((raw) => {
        const id = String(raw);
        const a = ctx.saas.findAssignment(id);
        if (!a) return { saas_user_id: id, error: `SaaS user '${id}' not found` };
        a.active = active;
        return { saas_user_id: id };
      }),
    };
  };
}
