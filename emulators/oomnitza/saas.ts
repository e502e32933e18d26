import type { FieldDef } from "./fields.js";
import type { OomnitzaErrors } from "./errors.js";
import { queryRecords } from "./query.js";
import type { Actor, OomnitzaUser } from "./types.js";
import type { ApiRequest, ApiResponse } from "../kit/types.js";

/** A SaaS record (Software > SaaS) as the v3 description lists it. */
export interface SaasRecord {
  saas_id: number;
  saas_name: string;
  source: string;
  hash: boolean;
  ignored: string;
  linked: string;
  link_key: string;
  creationdate: string;
  createdby: string;
  changedate: string;
  changedby: string;
  [field: string]: unknown;
}

/** One user assigned to one SaaS. */
export interface SaasAssignment {
  saas_user_id: string;
  user_id: string;
  /** "" when none was stored. */
  user_external_id: string;
  last_visit: number;
  old_usage: boolean;
  /** False after PATCH /api/v3/saas_users/deactivate. */
  active: boolean;
}

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

/** SaaS records and who is assigned to them; live, so tests can look and change. */
export class SaasStore {
  records = new Map<number, SaasRecord>();
  /** saas_id → user_id → assignment (in assignment order). */
  assignments = new Map<number, Map<string, SaasAssignment>>();

  constructor(
    private readonly clock: () => number,
    private readonly newId: () => string,
  ) {}

  add(partial: Partial<SaasRecord> & { saas_name: string }, by: string): SaasRecord {
    const id = partial.saas_id ?? Math.max(100, ...this.records.keys()) + 1;
    const when = isoSeconds(this.clock());
    const record: SaasRecord = { source: "manual", hash: false, ignored: "0", linked: "0", link_key: "", creationdate: when, createdby: by, changedate: when, changedby: by, ...partial, saas_id: id };
    this.records.set(id, record);
    this.assignments.set(id, new Map());
    return record;
  }

  /** Assigning twice is a no-op that succeeds (facts file, assumed). */
  assign(saasId: number, userId: string, externalId = ""): SaasAssignment {
    const users = this.assignments.get(saasId) ?? new Map<string, SaasAssignment>();
    this.assignments.set(saasId, users);
    const existing = users.get(userId);
    if (existing) return existing;
    const a: SaasAssignment = { saas_user_id: this.newId(), user_id: userId, user_external_id: externalId, last_visit: 0, old_usage: false, active: true };
    users.set(userId, a);
    return a;
  }

  findAssignment(saasUserId: string): SaasAssignment | undefined {
    for (const users of this.assignments.values()) for (const a of users.values()) if (a.saas_user_id === saasUserId) return a;
    return undefined;
  }
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export interface SaasContext {
  saas: SaasStore;
  users: Map<string, OomnitzaUser>;
  errors: OomnitzaErrors;
  maxPageSize: number;
}

function presentSaas(r: SaasRecord, fields?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of fields ? ["saas_id", ...fields] : Object.keys(r)) if (r[k] !== null && r[k] !== undefined) out[k] = r[k];
  return out;
}

function saasFor(ctx: SaasContext, req: ApiRequest): SaasRecord | ApiResponse {
  const id = Number(req.params.id);
  const record = Number.isInteger(id) ? ctx.saas.records.get(id) : undefined;
  return record ?? ctx.errors.list(404, `SaaS '${req.params.id}' not found`, req);
}

function isRecord(x: SaasRecord | ApiResponse): x is SaasRecord {
  return "saas_id" in x;
}

export function listSaas(ctx: SaasContext, req: ApiRequest): ApiResponse {
  return queryRecords(req, { rows: [...ctx.saas.records.values()], defs: SAAS_FIELDS, errors: ctx.errors, maxPageSize: ctx.maxPageSize, present: (r, f) => presentSaas(r as SaasRecord, f) });
}

export function getSaas(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const r = saasFor(ctx, req);
  return isRecord(r) ? { status: 200, body: presentSaas(r) } : r;
}

/** Answers the created record, its `saas_id` as a string as the v3 description's POST answer declares. */
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
  return { status: 200, body: { ...presentSaas(record), saas_id: String(record.saas_id) } };
}

/** Assigned users, with empty strings where Oomnitza has nothing (the description declares them all required strings). */
export function listSaasUsers(ctx: SaasContext, req: ApiRequest): ApiResponse {
  const r = saasFor(ctx, req);
  if (!isRecord(r)) return r;
  const out: Array<Record<string, unknown>> = [];
  for (const a of ctx.saas.assignments.get(r.saas_id)?.values() ?? []) {
    const u = ctx.users.get(a.user_id);
    if (!u) continue; // a person deleted since: Oomnitza drops the assignment with them
    out.push({
      user_id: a.user_id,
      username: String(u.username ?? ""),
      email: String(u.email ?? ""),
      full_name: String(u.full_name ?? ""),
      user_external_id: a.user_external_id,
      last_visit: a.last_visit,
      old_usage: a.old_usage,
      roles: { role_id: "", role_external_id: "", role_external_label: "" },
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
  return { status: 200, body: results };
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
