import { HttpError, parseJson, type HttpClient } from "../http/index.js";
import { usableId, type OomnitzaUser } from "../sync/records.js";
import type { OomnitzaWrites } from "../sync/steps/types.js";
import { normaliseKey } from "../sync/values.js";
import type { OomnitzaClientOptions } from "./api.js";
import { OomnitzaError } from "./errors.js";
import { readAllUsers, type Page, type ReadProof, type UserFilter } from "./paging.js";
import { OomnitzaSaasApi, quote } from "./saas-api.js";
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
/** Values per lookup request: the filter travels in the URL. */
const LOOKUP_CHUNK = 20;


/** Oomnitza's REST API v3 for people (and, through its base, SaaS users), as the sync uses it. */
export class OomnitzaClient extends OomnitzaSaasApi implements OomnitzaWrites {
  private readonly pageSize: number;
  private readonly readConcurrency: number;
  /** Whether the instance refused `LIKE` in a filter (lookups then compare exactly). */
  private likeRefused = false;
  /** The most rows the instance puts in one answer, once a read has shown it caps pages. */
  private pageCap?: number;

  constructor(http: HttpClient, options: OomnitzaClientOptions) {
    super(http, options);
    this.pageSize = Math.min(1000, Math.max(1, options.pageSize ?? 1000));
    this.readConcurrency = Math.max(1, options.readConcurrency ?? 4);
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
}
