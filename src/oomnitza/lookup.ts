import type { HttpResult, RequestSpec } from "../http/index.js";
import { parseJson } from "../http/index.js";
import type { OomnitzaUser } from "../sync/records.js";
import { normaliseKey } from "../sync/values.js";
import { OomnitzaError } from "./errors.js";
import { quote } from "./saas-api.js";
import { parseUsers } from "./schema.js";

/** Values per lookup request: the filter travels in the URL. */
const LOOKUP_CHUNK = 20;
/** One-value look-ups in flight at once, once an instance takes no list form. */
const SINGLE_CONCURRENCY = 4;

/** The filter forms a look-up can take, from the widest; an instance that refuses one (400) is asked the next. */
export type LookupForm = "LIKE … or …" | "IN [...]" | "one LIKE per value" | "one eq per value";
const FORMS: readonly LookupForm[] = ["LIKE … or …", "IN [...]", "one LIKE per value", "one eq per value"];

/** How the look-ups went: the requests they cost and the forms the instance took. */
export interface LookupStats {
  requests: number;
  forms: LookupForm[];
}

type Call = (spec: Omit<RequestSpec, "api" | "headers" | "url"> & { path: string }) => Promise<HttpResult>;

/**
 * Users whose `field` is one of some values, compared trimmed and case-insensitively.
 * Oomnitza's `eq` and `IN` may compare case-sensitively, so the filter uses `LIKE` first
 * and the answer is checked here as keys. An instance that refuses a form (400) is asked
 * the next, down to one `eq` per value (in small parallel chunks); each answer that may
 * have been cut short (fewer rows than its total, or a full page) is split and asked again.
 */
export class UserLookup {
  /** Forms the instance refused, remembered for the rest of the run. */
  private readonly refused = new Set<LookupForm>();
  readonly stats: LookupStats = { requests: 0, forms: [] };

  constructor(
    private readonly call: Call,
    private readonly pageCap: () => number | undefined,
  ) {}

  async find(field: string, values: string[], fields: string[]): Promise<OomnitzaUser[]> {
    const wanted = new Set(values.map(normaliseKey).filter((v): v is string => v !== undefined));
    const found = new Map<string, OomnitzaUser>();
    const unique = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
    const keep = (users: OomnitzaUser[]) => {
      for (const user of users) {
        const key = normaliseKey(user[field]);
        if (key !== undefined && wanted.has(key)) found.set(user.user_id, user);
      }
    };
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) keep(await this.chunk(field, unique.slice(i, i + LOOKUP_CHUNK), fields));
    return [...found.values()];
  }

  private async chunk(field: string, values: string[], fields: string[]): Promise<OomnitzaUser[]> {
    const forms = values.length > 1 ? FORMS.slice(0, 2) : [];
    for (const form of forms) {
      if (this.refused.has(form)) continue;
      const answer = await this.ask(form, field, values, fields);
      if (answer === undefined) continue;
      if (!this.cutShort(answer, values.length)) return answer.rows;
      const half = Math.ceil(values.length / 2);
      return [...(await this.chunk(field, values.slice(0, half), fields)), ...(await this.chunk(field, values.slice(half), fields))];
    }
    const rows: OomnitzaUser[] = [];
    for (let i = 0; i < values.length; i += SINGLE_CONCURRENCY) {
      for (const found of await Promise.all(values.slice(i, i + SINGLE_CONCURRENCY).map((value) => this.single(field, value, fields)))) rows.push(...found);
    }
    return rows;
  }

  /** One value: LIKE (any case), else eq as given and, for a value with capitals, eq in lower case. */
  private async single(field: string, value: string, fields: string[]): Promise<OomnitzaUser[]> {
    if (!this.refused.has("one LIKE per value")) {
      const answer = await this.ask("one LIKE per value", field, [value], fields);
      if (answer) return answer.rows;
    }
    const exact = await this.ask("one eq per value", field, [value], fields, true);
    const rows = exact?.rows ?? [];
    if (rows.length === 0 && value !== value.toLowerCase()) rows.push(...((await this.ask("one eq per value", field, [value.toLowerCase()], fields, true))?.rows ?? []));
    return rows;
  }

  /** One request in one form; undefined when the instance refused the form (400), which is then not asked again. */
  private async ask(form: LookupForm, field: string, values: string[], fields: string[], last = false): Promise<{ rows: OomnitzaUser[]; total?: number } | undefined> {
    const what = `looking up Oomnitza users by ${field}`;
    const filter =
      form === "LIKE … or …" || form === "one LIKE per value"
        ? values.map((value) => `${field} LIKE ${quote(value)}`).join(" or ")
        : form === "IN [...]"
          ? `${field} IN [${values.map((value) => JSON.stringify(value)).join(",")}]`
          : `${field} eq ${quote(values[0] as string)}`;
    const limit = Math.min(1000, values.length * 5 + 10);
    const query = new URLSearchParams({ filter, limit: String(limit), ...(fields.length ? { fields: [...new Set(["user_id", field, ...fields])].join(",") } : {}) });
    let result: HttpResult;
    try {
      this.stats.requests++;
      result = await this.call({ method: "GET", path: `/api/v3/users?${query}`, idempotent: true, what });
    } catch (err) {
      if (last || !(err instanceof OomnitzaError) || err.status !== 400) throw err;
      this.refused.add(form);
      return undefined;
    }
    if (!this.stats.forms.includes(form)) this.stats.forms.push(form);
    const total = Number(result.headers.get("x-total-count"));
    return { rows: parseUsers(parseJson(result, "oomnitza", what), what, 0), total: result.headers.has("x-total-count") && Number.isFinite(total) ? total : undefined };
  }

  private cutShort(answer: { rows: OomnitzaUser[]; total?: number }, values: number): boolean {
    const limit = Math.min(1000, values * 5 + 10);
    return (answer.total !== undefined && answer.rows.length < answer.total) || answer.rows.length >= Math.min(limit, this.pageCap() ?? limit);
  }
}
