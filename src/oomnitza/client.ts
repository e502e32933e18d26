import { HttpError, parseJson, type HttpClient } from "../http/index.js";
import { usableId, type OomnitzaUser } from "../sync/records.js";
import type { OomnitzaWrites } from "../sync/steps/types.js";
import type { OomnitzaClientOptions } from "./api.js";
import { OomnitzaError } from "./errors.js";
import { readAllUsers, type Page, type ReadProof, type UserFilter } from "./paging.js";
import { UserLookup } from "./lookup.js";
import { OomnitzaSaasApi } from "./saas-api.js";
import { parseUser, parseUsers } from "./schema.js";

export type { OomnitzaClientOptions };

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


/** Oomnitza's REST API v3 for people (and, through its base, SaaS users), as the sync uses it. */
export class OomnitzaClient extends OomnitzaSaasApi implements OomnitzaWrites {
  private readonly pageSize: number;
  private readonly readConcurrency: number;
  /** Look-ups by key, down to one value a request on an instance that takes no list filter. */
  readonly lookup: UserLookup;
  /** The most rows the instance puts in one answer, once a read has shown it caps pages. */
  private pageCap?: number;

  constructor(http: HttpClient, options: OomnitzaClientOptions) {
    super(http, options);
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.readConcurrency = Math.max(1, options.readConcurrency ?? 4);
    this.lookup = new UserLookup((spec) => this.call(spec), () => this.pageCap);
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

  /** Users whose `field` is one of `values`, compared as keys (lookup.ts says how the instance is asked). */
  lookUpUsers(field: string, values: string[], fields: string[] = []): Promise<OomnitzaUser[]> {
    return this.lookup.find(field, values, fields);
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
}
