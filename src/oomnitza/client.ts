import { HttpClient, HttpError, parseJson, summariseErrorBody, type HttpResult, type RequestSpec } from "../http/index.js";
import { asInputName, type SettingName } from "../sync/decisions.js";
import type { OomnitzaUser, SaasRecord, SaasUser } from "../sync/records.js";
import type { OomnitzaWrites } from "../sync/steps/types.js";
import { readAllUsers, type Page, type UserFilter } from "./paging.js";
import { badShape, itemErrors, parseSaasUsers, parseUser, parseUsers, toSaas } from "./schema.js";

export interface OomnitzaClientOptions {
  baseUrl: string;
  token: string;
  /** Rows asked for per page (the server may return fewer). */
  pageSize?: number;
  /** Pages read at once once the total is known. */
  readConcurrency?: number;
  /** How settings are named in hints (default: the action's input names). */
  settingName?: SettingName;
}

/** Oomnitza's REST API v3 for people and SaaS users, as the sync uses it. */
export class OomnitzaClient implements OomnitzaWrites {
  private readonly pageSize: number;
  private readonly readConcurrency: number;
  private readonly hints: Record<number, string>;

  constructor(
    private readonly http: HttpClient,
    private readonly options: OomnitzaClientOptions,
  ) {
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.readConcurrency = Math.max(1, options.readConcurrency ?? 4);
    const name = options.settingName ?? asInputName;
    this.hints = {
      401: `the ${name("oomnitza-token")} is missing or not valid for this instance`,
      403: `the integration user behind ${name("oomnitza-token")} lacks permission for this call (check its role)`,
      404: `check ${name("oomnitza-url")} (the instance URL, e.g. https://acme.oomnitza.com)`,
    };
  }

  private async call(spec: Omit<RequestSpec, "api" | "headers" | "url"> & { path: string }): Promise<HttpResult> {
    const result = await this.http.request({
      ...spec,
      api: "oomnitza",
      url: `${this.options.baseUrl}${spec.path}`,
      headers: { Authorization2: this.options.token, Accept: "application/json" },
    });
    if (result.status < 200 || result.status >= 300) {
      const hint = this.hints[result.status] ? `; ${this.hints[result.status]}` : "";
      throw new HttpError(this.http.redactor.redact(`${spec.what}: Oomnitza answered ${result.status}${summariseErrorBody(result.text)}${hint}`), "oomnitza", result.status, false);
    }
    return result;
  }

  /** The connection check Oomnitza's own connector uses; any 2xx is success. */
  async checkConnection(): Promise<void> {
    await this.call({ method: "GET", path: "/api/v2/mappings?name=AuthTest", idempotent: true, what: "checking the Oomnitza connection" });
  }

  /** Every user, with only `fields` read; `keep` says which ones to hold on to (see readAllUsers). */
  async listUsers(fields: string[], keep: UserFilter | Promise<UserFilter> = () => true): Promise<OomnitzaUser[]> {
    const what = "reading Oomnitza users";
    const wanted = [...new Set(["user_id", ...fields])].join(",");
    const fetchPage = async (skip: number, limit: number): Promise<Page> => {
      const query = new URLSearchParams({ limit: String(limit), skip: String(skip), sortby: "user_id asc", fields: wanted });
      const result = await this.call({ method: "GET", path: `/api/v3/users?${query}`, idempotent: true, what });
      const total = Number(result.headers.get("x-total-count"));
      return { rows: parseUsers(parseJson(result, "oomnitza", what), what, skip), total: Number.isFinite(total) && result.headers.has("x-total-count") ? total : undefined };
    };
    return readAllUsers(fetchPage, keep, { pageSize: this.pageSize, readConcurrency: this.readConcurrency, what });
  }

  /** Users whose field equals the value exactly (Oomnitza's `eq` is case-sensitive). */
  async findUsers(field: string, value: string): Promise<OomnitzaUser[]> {
    const what = `looking up the Oomnitza user with ${field} ${JSON.stringify(value)}`;
    const query = new URLSearchParams({ filter: `${field} eq '${value.replace(/'/g, "\\'")}'`, limit: "10" });
    const result = await this.call({ method: "GET", path: `/api/v3/users?${query}`, idempotent: true, what });
    return parseUsers(parseJson(result, "oomnitza", what), what, 0);
  }

  async createUser(record: Record<string, unknown>, what: string): Promise<OomnitzaUser> {
    const result = await this.call({ method: "POST", path: "/api/v3/users", body: record, idempotent: false, what });
    return parseUser(parseJson(result, "oomnitza", what), what);
  }

  async patchUser(userId: string, changes: Record<string, unknown>, what: string): Promise<void> {
    await this.call({ method: "PATCH", path: `/api/v3/users/${encodeURIComponent(userId)}`, body: changes, idempotent: true, what });
  }

  /** SaaS records whose name is exactly `name` (compared case-insensitively after Oomnitza's `eq`). */
  async findSaas(name: string): Promise<SaasRecord[]> {
    const what = `looking up the Oomnitza SaaS record ${JSON.stringify(name)}`;
    const query = new URLSearchParams({ filter: `saas_name eq '${name.replace(/'/g, "\\'")}'`, limit: "100" });
    const result = await this.call({ method: "GET", path: `/api/v3/saas?${query}`, idempotent: true, what });
    const body = parseJson(result, "oomnitza", what);
    if (!Array.isArray(body)) throw badShape(what, "a list of SaaS records", body);
    const wanted = name.trim().toLowerCase();
    return body.map((row) => toSaas(row, what)).filter((saas) => saas.saas_name.trim().toLowerCase() === wanted);
  }

  async createSaas(name: string): Promise<SaasRecord> {
    const what = `creating the Oomnitza SaaS record ${JSON.stringify(name)}`;
    const result = await this.call({ method: "POST", path: "/api/v3/saas", body: { saas_name: name }, idempotent: false, what });
    const body = parseJson(result, "oomnitza", what);
    return toSaas(Array.isArray(body) && body.length === 1 ? body[0] : body, what);
  }

  /** Everyone assigned to a SaaS record (the list is not paginated). */
  async listSaasUsers(saasId: string): Promise<SaasUser[]> {
    const what = "reading the SaaS users of the Oomnitza SaaS record";
    const result = await this.call({ method: "GET", path: `/api/v3/saas/${encodeURIComponent(saasId)}/users`, idempotent: true, what });
    return parseSaasUsers(parseJson(result, "oomnitza", what), what);
  }

  /**
   * Assigns (or unassigns) users in one call. Oomnitza answers 200 with a per-item
   * error for items it could not take; those come back by user id.
   */
  async assignSaasUsers(saasId: string, items: Array<{ user_id: string; assign: boolean }>): Promise<Map<string, string>> {
    const what = `${items[0]?.assign === false ? "unassigning users from" : "assigning users to"} the Oomnitza SaaS record`;
    const result = await this.call({ method: "POST", path: `/api/v3/saas/${encodeURIComponent(saasId)}/users`, body: items, idempotent: true, what });
    const errors = new Map<string, string>();
    let body: unknown;
    try {
      body = JSON.parse(result.text);
    } catch {
      return errors; // a 2xx without a readable body: nothing says any item failed
    }
    if (!Array.isArray(body)) return errors;
    for (const row of body) {
      const item = (row && typeof row === "object" ? row : {}) as Record<string, unknown>;
      const messages = itemErrors(item);
      if (messages && (typeof item.user_id === "string" || typeof item.user_id === "number")) errors.set(String(item.user_id), messages);
    }
    return errors;
  }

  /** Stores the Intercom admin id as the SaaS user's external id. */
  async setSaasExternalId(saasId: string, userId: string, externalId: string, what: string): Promise<void> {
    const path = `/api/v3/saas/${encodeURIComponent(saasId)}/users/${encodeURIComponent(userId)}`;
    const result = await this.call({ method: "POST", path, body: { user_external_id: externalId }, idempotent: true, what });
    let body: unknown;
    try {
      body = JSON.parse(result.text);
    } catch {
      return;
    }
    const messages = body && typeof body === "object" ? itemErrors(body as Record<string, unknown>) : undefined;
    if (messages) throw new HttpError(this.http.redactor.redact(`${what}: Oomnitza answered ${result.status} with: ${messages}`), "oomnitza", result.status, false);
  }
}
