import { HttpClient, HttpError, parseJson, unreachableHint, withHint, type HttpResult, type RequestSpec } from "../http/index.js";
import { asInputName, type SettingName } from "../sync/decisions.js";
import { usableId, type OomnitzaUser, type SaasRecord, type SaasUser } from "../sync/records.js";
import type { OomnitzaWrites } from "../sync/steps/types.js";
import { normaliseKey } from "../sync/values.js";
import { oomnitzaError, OomnitzaError } from "./errors.js";
import { readAllUsers, type Page, type ReadProof, type UserFilter } from "./paging.js";
import { validate } from "superstruct";
import { bulkErrors, itemErrors, parseCreatedRole, parseCreatedSaas, parseSaasList, parseSaasRoles, parseSaasUsers, parseUser, parseUsers, RoleChangeAnswer } from "./schema.js";

export interface OomnitzaClientOptions {
  baseUrl: string;
  token: string;
  /** Rows asked for per page at first (the server may return fewer, or refuse). */
  pageSize?: number;
  /** Pages read at once once the total is known. */
  readConcurrency?: number;
  /** How settings are named in hints (default: the action's input names). */
  settingName?: SettingName;
}

/** How the users were read: the parameters the instance took, and whether the read is proven complete. */
export interface UserRead extends ReadProof {
  sorted: boolean;
  /** Rows asked for per page. */
  pageSize: number;
  /** Read parameters the instance refused, and what was used instead. */
  fallbacks: string[];
  /** Fields the read asked for that the instance does not have. */
  missingFields: string[];
}

/** Page sizes tried, largest first, when an instance refuses `limit`. */
const PAGE_SIZES = [1000, 500, 200, 100, 50];
/** Fields every Oomnitza user has; a refusal naming one of them is about something else. */
const STANDARD_FIELDS = new Set(["user_id", "username", "email", "first_name", "last_name", "full_name"]);
/** Values per lookup request: the filter travels in the URL. */
const LOOKUP_CHUNK = 20;

const quote = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** Oomnitza's REST API v3 for people and SaaS users, as the sync uses it. */
export class OomnitzaClient implements OomnitzaWrites {
  private readonly pageSize: number;
  private readonly readConcurrency: number;
  private readonly hints: Record<number, string>;
  /** What to check when the instance cannot be reached (a misspelt host, a refused port). */
  private readonly unreachable: (code: string | undefined) => string | undefined;
  /** Sent back on every request once the connection check's answer carried one. */
  private csrfToken?: string;
  /** Whether the instance refused `LIKE` in a filter (lookups then compare exactly). */
  private likeRefused = false;
  /** The most rows the instance puts in one answer, once a read has shown it caps pages. */
  private pageCap?: number;

  constructor(
    private readonly http: HttpClient,
    private readonly options: OomnitzaClientOptions,
  ) {
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.readConcurrency = Math.max(1, options.readConcurrency ?? 4);
    const name = options.settingName ?? asInputName;
    this.unreachable = (code) => unreachableHint(code, name("oomnitza-url"));
    this.hints = {
      401: `the ${name("oomnitza-token")} is missing or not valid for this instance`,
      403: `the integration user behind ${name("oomnitza-token")} lacks permission for this call (check its role)`,
      404: `check ${name("oomnitza-url")} (the instance URL, e.g. https://acme.oomnitza.com)`,
    };
  }

  private async call(spec: Omit<RequestSpec, "api" | "headers" | "url"> & { path: string }): Promise<HttpResult> {
    const headers: Record<string, string> = { Authorization2: this.options.token, Accept: "application/json" };
    if (this.csrfToken) headers["X-CSRF-Token"] = this.csrfToken;
    const result = await this.http.request({ ...spec, api: "oomnitza", url: `${this.options.baseUrl}${spec.path}`, headers }).catch((err: unknown) => {
      throw withHint(err, this.unreachable);
    });
    if (result.status < 200 || result.status >= 300) {
      const error = oomnitzaError(spec.what, result.status, result.text, this.hints[result.status]);
      throw new OomnitzaError(this.http.redactor.redact(error.message), error.status as number, error.fields);
    }
    return result;
  }

  /** Whether the connection check asked for CSRF tokens (what `check` reports). */
  get usesCsrf(): boolean {
    return this.csrfToken !== undefined;
  }

  /**
   * The connection check Oomnitza's own connector makes; any 2xx is success. When the
   * answer carries `X-CSRF-Token`, every later request sends it back, as the connector does.
   */
  async checkConnection(): Promise<void> {
    const result = await this.call({ method: "GET", path: "/api/v2/mappings?name=AuthTest", idempotent: true, what: "checking the Oomnitza connection" });
    const token = result.headers.get("x-csrf-token")?.trim();
    if (token) {
      this.csrfToken = token;
      this.http.redactor.add(token);
    }
  }

  /**
   * Every user, with only `fields` read; `keep` says which ones to hold on to. The first
   * page finds the parameters the instance takes: a refused `sortby` is dropped, a
   * refused `limit` lowered, and a field the instance lacks is noted and left out.
   */
  async readUsers(fields: string[], keep: UserFilter | Promise<UserFilter> = () => true): Promise<{ users: OomnitzaUser[]; read: UserRead }> {
    const what = "reading Oomnitza users";
    let asked = [...new Set(["user_id", ...fields])];
    let sorted = true;
    let limit = this.pageSize;
    const fallbacks: string[] = [];
    const missingFields: string[] = [];
    const fetchPage = async (skip: number, size: number): Promise<Page> => {
      const query = new URLSearchParams({ limit: String(size), skip: String(skip), ...(sorted ? { sortby: "user_id asc" } : {}), fields: asked.join(",") });
      const result = await this.call({ method: "GET", path: `/api/v3/users?${query}`, idempotent: true, what });
      const total = Number(result.headers.get("x-total-count"));
      return { rows: parseUsers(parseJson(result, "oomnitza", what), what, skip), total: result.headers.has("x-total-count") && Number.isFinite(total) ? total : undefined };
    };
    let first: Page | undefined;
    while (!first) {
      try {
        first = await fetchPage(0, limit);
      } catch (err) {
        if (!(err instanceof OomnitzaError) || err.status !== 400) throw err;
        const missing = err.fields.find((name) => asked.includes(name) && !STANDARD_FIELDS.has(name));
        const smaller = PAGE_SIZES.find((size) => size < limit);
        if (missing) {
          missingFields.push(missing);
          asked = asked.filter((name) => name !== missing);
        } else if (sorted && !err.fields.includes("limit")) {
          sorted = false;
          fallbacks.push(`the instance refused sortby=user_id asc, so users are read in its own order (${err.message})`);
        } else if (smaller !== undefined) {
          fallbacks.push(`the instance refused limit=${limit}, so pages of ${smaller} are asked for`);
          limit = smaller;
        } else throw err;
      }
    }
    if (first.total !== undefined && first.rows.length < Math.min(limit, first.total)) this.pageCap = first.rows.length;
    const { users, proof } = await readAllUsers(first, fetchPage, keep, { readConcurrency: this.readConcurrency, what });
    return { users, read: { ...proof, sorted, pageSize: limit, fallbacks, missingFields } };
  }

  /**
   * Users whose `field` is one of `values`, compared trimmed and case-insensitively.
   * Oomnitza's `eq` and `IN` may compare case-sensitively, so the filter uses `LIKE`
   * (falling back to `IN` on an instance that refuses it) and the answer is checked here.
   */
  async lookUpUsers(field: string, values: string[], fields: string[] = []): Promise<OomnitzaUser[]> {
    const wanted = new Set(values.map(normaliseKey).filter((v): v is string => v !== undefined));
    const found = new Map<string, OomnitzaUser>();
    const unique = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
      for (const user of await this.lookUpChunk(field, unique.slice(i, i + LOOKUP_CHUNK), fields)) {
        const key = normaliseKey(user[field]);
        if (key !== undefined && wanted.has(key)) found.set(user.user_id, user);
      }
    }
    return [...found.values()];
  }

  /**
   * One lookup request. An answer that may have been cut short (fewer rows than its
   * total, or as many as the instance puts on a page) is not trusted: the values are
   * split in two and looked up again, down to one value a request.
   */
  private async lookUpChunk(field: string, values: string[], fields: string[]): Promise<OomnitzaUser[]> {
    const what = `looking up Oomnitza users by ${field}`;
    const limit = Math.min(1000, values.length * 5 + 10);
    const read = async (filter: string) => {
      const query = new URLSearchParams({ filter, limit: String(limit), ...(fields.length ? { fields: [...new Set(["user_id", field, ...fields])].join(",") } : {}) });
      const result = await this.call({ method: "GET", path: `/api/v3/users?${query}`, idempotent: true, what });
      const total = Number(result.headers.get("x-total-count"));
      return { rows: parseUsers(parseJson(result, "oomnitza", what), what, 0), total: result.headers.has("x-total-count") && Number.isFinite(total) ? total : undefined };
    };
    let answer: Awaited<ReturnType<typeof read>> | undefined;
    if (!this.likeRefused) {
      try {
        answer = await read(values.map((value) => `${field} LIKE ${quote(value)}`).join(" or "));
      } catch (err) {
        if (!(err instanceof OomnitzaError) || err.status !== 400) throw err;
        this.likeRefused = true;
      }
    }
    answer ??= await read(`${field} IN [${values.map((value) => JSON.stringify(value)).join(",")}]`);
    const cutShort = (answer.total !== undefined && answer.rows.length < answer.total) || answer.rows.length >= Math.min(limit, this.pageCap ?? limit);
    if (!cutShort || values.length === 1) return answer.rows;
    const half = Math.ceil(values.length / 2);
    return [...(await this.lookUpChunk(field, values.slice(0, half), fields)), ...(await this.lookUpChunk(field, values.slice(half), fields))];
  }

  /**
   * A few people as Oomnitza holds them now: one filtered read (`user_id IN [...]`), or,
   * on an instance that refuses that filter, the first two one by one.
   */
  async readBack(userIds: string[], fields: string[]): Promise<OomnitzaUser[]> {
    const what = "reading updated Oomnitza users back";
    const asked = [...new Set(["user_id", ...fields])].join(",");
    const query = new URLSearchParams({ filter: `user_id IN [${userIds.map((id) => JSON.stringify(id)).join(",")}]`, fields: asked, limit: String(userIds.length + 10) });
    try {
      const result = await this.call({ method: "GET", path: `/api/v3/users?${query}`, idempotent: true, what });
      return parseUsers(parseJson(result, "oomnitza", what), what, 0).filter((user) => userIds.includes(user.user_id));
    } catch (err) {
      if (!(err instanceof OomnitzaError) || err.status !== 400) throw err;
    }
    const users: OomnitzaUser[] = [];
    for (const id of userIds.filter(usableId).slice(0, 2)) {
      const result = await this.call({ method: "GET", path: `/api/v3/users/${encodeURIComponent(id)}`, idempotent: true, what });
      users.push(parseUser(parseJson(result, "oomnitza", what), what));
    }
    return users;
  }

  async createUser(record: Record<string, unknown>, what: string): Promise<OomnitzaUser> {
    const result = await this.call({ method: "POST", path: "/api/v3/users", body: record, idempotent: false, what });
    return parseUser(parseJson(result, "oomnitza", what), what);
  }

  async patchUser(userId: string, changes: Record<string, unknown>, what: string): Promise<void> {
    if (!usableId(userId)) throw new HttpError(`${what}: refused, the Oomnitza user id ${JSON.stringify(userId.slice(0, 60))} cannot be used in a request`, "oomnitza", undefined, false, "bad_id");
    await this.call({ method: "PATCH", path: `/api/v3/users/${encodeURIComponent(userId)}`, body: changes, idempotent: true, what });
  }

  /** SaaS records named exactly `name` (letter case included; a near name is a different record). */
  async findSaas(name: string): Promise<SaasRecord[]> {
    const wanted = name.trim();
    return (await this.listSaas(`saas_name eq ${quote(name)}`, `looking up the Oomnitza SaaS record ${JSON.stringify(name)}`)).filter((saas) => saas.saas_name.trim() === wanted);
  }

  /** SaaS records, all of them or those a filter selects (the SaaS list is short). */
  async listSaas(filter?: string, what = "reading the Oomnitza SaaS records"): Promise<SaasRecord[]> {
    const query = new URLSearchParams({ ...(filter ? { filter } : {}), limit: "1000" });
    const result = await this.call({ method: "GET", path: `/api/v3/saas?${query}`, idempotent: true, what });
    return parseSaasList(parseJson(result, "oomnitza", what), what);
  }

  /** Creates a SaaS record; the answer promises only its `saas_id`. */
  async createSaas(name: string): Promise<SaasRecord> {
    const what = `creating the Oomnitza SaaS record ${JSON.stringify(name)}`;
    const result = await this.call({ method: "POST", path: "/api/v3/saas", body: { saas_name: name }, idempotent: false, what });
    return parseCreatedSaas(parseJson(result, "oomnitza", what), name, what);
  }

  /** Everyone assigned to a SaaS record (the list is not paginated). */
  async listSaasUsers(saasId: string): Promise<SaasUser[]> {
    const what = "reading the SaaS users of the Oomnitza SaaS record";
    const result = await this.call({ method: "GET", path: `/api/v3/saas/${encodeURIComponent(saasId)}/users`, idempotent: true, what });
    return parseSaasUsers(parseJson(result, "oomnitza", what), what);
  }

  /**
   * Assigns (or unassigns) users in one call. Items the answer reports as failed come
   * back by user id; the answer is undocumented, so success is confirmed by reading
   * the SaaS users back afterwards.
   */
  async assignSaasUsers(saasId: string, items: Array<{ user_id: string; assign: boolean }>): Promise<Map<string, string>> {
    const what = `${items[0]?.assign === false ? "unassigning users from" : "assigning users to"} the Oomnitza SaaS record`;
    const result = await this.call({ method: "POST", path: `/api/v3/saas/${encodeURIComponent(saasId)}/users`, body: items, idempotent: true, what });
    return bulkErrors(result.text);
  }

  /** The SaaS record's roles (label and id). */
  async listSaasRoles(saasId: string): Promise<Array<{ id: string; label: string }>> {
    const what = "reading the roles of the Oomnitza SaaS record";
    const result = await this.call({ method: "GET", path: `/api/v3/saas/${encodeURIComponent(saasId)}/roles`, idempotent: true, what });
    return parseSaasRoles(parseJson(result, "oomnitza", what), what);
  }

  /** The ids of the SaaS users holding a role (`?roles=` keeps the rows that hold it). */
  async listRoleHolders(saasId: string, roleId: string): Promise<Set<string>> {
    const what = "reading who holds a role of the Oomnitza SaaS record";
    const result = await this.call({ method: "GET", path: `/api/v3/saas/${encodeURIComponent(saasId)}/users?${new URLSearchParams({ roles: roleId })}`, idempotent: true, what });
    return new Set(parseSaasUsers(parseJson(result, "oomnitza", what), what).map((user) => user.user_id));
  }

  async createSaasRole(saasId: string, label: string): Promise<string> {
    const what = `creating the SaaS role ${JSON.stringify(label)} in Oomnitza`;
    const result = await this.call({ method: "POST", path: `/api/v3/saas/${encodeURIComponent(saasId)}/roles`, body: { role_external_label: label }, idempotent: false, what });
    return parseCreatedRole(parseJson(result, "oomnitza", what), what);
  }

  /** Gives the roles to the users (POST), or takes them away (DELETE); Oomnitza's errors fail the call. */
  async setSaasRoles(saasId: string, userIds: string[], roleIds: string[], give: boolean): Promise<void> {
    const what = `${give ? "giving" : "taking away"} SaaS roles in Oomnitza`;
    const result = await this.call({ method: give ? "POST" : "DELETE", path: `/api/v3/saas/${encodeURIComponent(saasId)}/roles/users`, body: { users: userIds, roles: roleIds }, idempotent: true, what });
    if (!result.text.trim()) return;
    let body: unknown;
    try {
      body = JSON.parse(result.text);
    } catch {
      return;
    }
    const [, answer] = validate(body, RoleChangeAnswer);
    const messages = answer?.errors?.filter((e) => e !== null && e !== "").map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
    if (messages?.length) throw new HttpError(this.http.redactor.redact(`${what}: Oomnitza answered ${result.status} with: ${messages.join("; ")}`), "oomnitza", result.status, false);
  }

  /** Stores the Intercom admin id as the SaaS user's external id. */
  async setSaasExternalId(saasId: string, userId: string, externalId: string, what: string): Promise<void> {
    if (!usableId(userId) || !usableId(saasId)) throw new HttpError(`${what}: refused, an id cannot be used in a request`, "oomnitza", undefined, false, "bad_id");
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
