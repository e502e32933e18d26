import { HttpClient, HttpError, parseJson, summariseErrorBody, type HttpResult, type RequestSpec } from "../http.js";

export interface OomnitzaUser {
  user_id: string;
  [field: string]: unknown;
}

export type UserFilter = (user: OomnitzaUser) => boolean;

export interface OomnitzaClientOptions {
  baseUrl: string;
  token: string;
  /** Rows asked for per page (the server may return fewer). */
  pageSize?: number;
  /** Pages read at once once the total is known. */
  readConcurrency?: number;
}

const HINTS: Record<number, string> = {
  401: "the oomnitza-token is missing or not valid for this instance",
  403: "the integration user behind oomnitza-token lacks permission for this call (check its role)",
  404: "check oomnitza-url (the instance URL, e.g. https://acme.oomnitza.com)",
};

export class OomnitzaClient {
  private readonly pageSize: number;
  private readonly readConcurrency: number;

  constructor(
    private readonly http: HttpClient,
    private readonly options: OomnitzaClientOptions,
  ) {
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.readConcurrency = Math.max(1, options.readConcurrency ?? 4);
  }

  private async call(spec: Omit<RequestSpec, "api" | "headers" | "url"> & { path: string }, ok: (status: number) => boolean = (s) => s >= 200 && s < 300): Promise<HttpResult> {
    const result = await this.http.request({
      ...spec,
      api: "oomnitza",
      url: `${this.options.baseUrl}${spec.path}`,
      headers: { Authorization2: this.options.token, Accept: "application/json" },
    });
    if (!ok(result.status)) {
      const hint = HINTS[result.status] ? `; ${HINTS[result.status]}` : "";
      throw new HttpError(
        this.http.redactor.redact(`${spec.what}: Oomnitza answered ${result.status}${summariseErrorBody(result.text)}${hint}`),
        "oomnitza",
        result.status,
        false,
      );
    }
    return result;
  }

  /** The connection check Oomnitza's own connector uses; any 2xx is success. */
  async checkConnection(): Promise<void> {
    await this.call({ method: "GET", path: "/api/v2/mappings?name=AuthTest", idempotent: true, what: "checking the Oomnitza connection" });
  }

  /**
   * Reads every user. The server may return fewer rows than asked, so the next page
   * starts after the rows actually received, and reading stops only on an empty page
   * or once `x-total-count` rows are in. Once the total is known, up to
   * `readConcurrency` later pages are in flight at once (a sliding window), on the
   * assumption that every page is full; a short page discards the guesses after it
   * and reading goes on from where that page ended.
   *
   * `keep` says which users to hold on to; it may arrive later than the first page
   * (the admins it depends on are fetched at the same time).
   */
  async listUsers(fields: string[], keep: UserFilter | Promise<UserFilter> = () => true): Promise<OomnitzaUser[]> {
    const what = "reading Oomnitza users";
    const wanted = [...new Set(["user_id", ...fields])];
    type Page = { rows: OomnitzaUser[]; total?: number };
    const fetchPage = (skip: number, limit: number): Promise<Page> => {
      const query = new URLSearchParams({ limit: String(limit), skip: String(skip), sortby: "user_id asc", fields: wanted.join(",") });
      const page = this.call({ method: "GET", path: `/api/v3/users?${query}`, idempotent: true, what }).then((result) => {
        const total = Number(result.headers.get("x-total-count"));
        return { rows: parseUsers(parseJson(result, "oomnitza", what), what, skip), total: Number.isFinite(total) && result.headers.has("x-total-count") ? total : undefined };
      });
      // Pages read ahead may fail after reading has stopped; that must not crash the process.
      page.catch(() => {});
      return page;
    };

    const first = await fetchPage(0, this.pageSize);
    const keepUser = await keep;
    // Every id read (to notice a server that ignores skip), but only the users the plan can use are kept.
    const seen = new Set<string>();
    const users = new Map<string, OomnitzaUser>();
    const take = (page: Page, skip: number): void => {
      const before = seen.size;
      for (const user of page.rows) {
        seen.add(user.user_id);
        if (keepUser(user)) users.set(user.user_id, user);
      }
      if (page.rows.length > 0 && seen.size === before) {
        // A server that ignores `skip` would otherwise be read forever.
        throw new HttpError(`${what}: Oomnitza returned the same users again at skip=${skip}; paging is not working, nothing was written`, "oomnitza", 200, false, "bad_paging");
      }
    };
    take(first, 0);
    const total = first.total;
    const step = first.rows.length; // the server's real page size
    let next = step;
    let done = step === 0 || (total !== undefined && next >= total);

    while (!done) {
      const window: Array<{ skip: number; page: Promise<Page> }> = [];
      let guess = next;
      const fill = () => {
        const room = total === undefined ? 1 : this.readConcurrency;
        while (window.length < room && (total === undefined || guess < total)) {
          window.push({ skip: guess, page: fetchPage(guess, step) });
          guess += step;
        }
      };
      fill();
      while (window.length > 0) {
        const head = window.shift() as { skip: number; page: Promise<Page> };
        const page = await head.page;
        take(page, head.skip);
        next += page.rows.length;
        if (page.rows.length === 0 || (total !== undefined && next >= total)) {
          done = true;
          break;
        }
        if (page.rows.length < step) break; // the guesses after it started at the wrong row
        fill();
      }
    }
    return [...users.values()];
  }

  /** Users whose field equals the value exactly (Oomnitza's `eq` is case-sensitive). */
  async findUsers(field: string, value: string): Promise<OomnitzaUser[]> {
    const what = `looking up the Oomnitza user with ${field} ${JSON.stringify(value)}`;
    const filter = `${field} eq '${value.replace(/'/g, "\\'")}'`;
    const query = new URLSearchParams({ filter, limit: "10" });
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
  // --- SaaS ("User plus SaaS user") ---

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
    const body = parseJson(result, "oomnitza", what);
    if (!Array.isArray(body)) throw badShape(what, "a list of SaaS users", body);
    return body.map((row, i) => {
      const item = (row && typeof row === "object" ? row : {}) as Record<string, unknown>;
      if (typeof item.user_id !== "string" && typeof item.user_id !== "number") throw badShape(what, `a user_id in row ${i + 1}`, row);
      const external = item.user_external_id;
      return {
        user_id: String(item.user_id),
        user_external_id: typeof external === "string" || typeof external === "number" ? String(external) : "",
        username: typeof item.username === "string" ? item.username : undefined,
        email: typeof item.email === "string" ? item.email : undefined,
        full_name: typeof item.full_name === "string" ? item.full_name : undefined,
      };
    });
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
    const result = await this.call({
      method: "POST",
      path: `/api/v3/saas/${encodeURIComponent(saasId)}/users/${encodeURIComponent(userId)}`,
      body: { user_external_id: externalId },
      idempotent: true,
      what,
    });
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

export interface SaasRecord {
  saas_id: string;
  saas_name: string;
}

export interface SaasUser {
  user_id: string;
  /** "" when none is stored. */
  user_external_id: string;
  username?: string;
  email?: string;
  full_name?: string;
}

function itemErrors(item: Record<string, unknown>): string | undefined {
  const raw = item.errors ?? item.error;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === "" ? [] : [raw];
  const messages = list.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).filter(Boolean);
  return messages.length ? messages.join("; ") : undefined;
}

function toSaas(row: unknown, what: string): SaasRecord {
  const item = (row && typeof row === "object" && !Array.isArray(row) ? row : {}) as Record<string, unknown>;
  if ((typeof item.saas_id !== "string" && typeof item.saas_id !== "number") || typeof item.saas_name !== "string") {
    throw badShape(what, "a SaaS record with saas_id and saas_name", row);
  }
  return { saas_id: String(item.saas_id), saas_name: item.saas_name };
}

function badShape(what: string, expected: string, got: unknown): HttpError {
  return new HttpError(`${what}: Oomnitza's answer is not ${expected} (got ${describe(got)}); nothing more was written`, "oomnitza", 200, false, "bad_shape");
}


function parseUsers(body: unknown, what: string, skip: number): OomnitzaUser[] {
  if (!Array.isArray(body)) {
    throw new HttpError(`${what}: Oomnitza's answer is not a list of users (got ${describe(body)}); nothing was written`, "oomnitza", 200, false, "bad_shape");
  }
  return body.map((row, i) => {
    const user = toUser(row);
    if (!user) {
      throw new HttpError(`${what}: row ${skip + i + 1} of Oomnitza's users has no user_id (got ${describe(row)}); nothing was written`, "oomnitza", 200, false, "bad_shape");
    }
    return user;
  });
}

function parseUser(body: unknown, what: string): OomnitzaUser {
  // Some instances wrap a single record in a one-element list.
  const row = Array.isArray(body) && body.length === 1 ? body[0] : body;
  const user = toUser(row);
  if (!user) throw new HttpError(`${what}: Oomnitza's answer has no user_id (got ${describe(body)})`, "oomnitza", 200, false, "bad_shape");
  return user;
}

function toUser(row: unknown): OomnitzaUser | undefined {
  if (!row || typeof row !== "object" || Array.isArray(row)) return undefined;
  const id = (row as Record<string, unknown>).user_id;
  if (typeof id !== "string" && typeof id !== "number") return undefined;
  if (String(id).trim() === "") return undefined;
  return { ...(row as Record<string, unknown>), user_id: String(id) };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : typeof value;
}
