import { comparable, type FieldDef } from "./fields.js";
import { filterFields, FilterSyntaxError, matchesFilter, parseFilter, type FilterNode } from "./filter.js";
import type { OomnitzaErrors } from "./errors.js";
import type { SortCache } from "./indexes.js";
import type { Prng } from "../kit/prng.js";
import type { ApiRequest, ApiResponse } from "../kit/types.js";
import type { OomnitzaStrictness } from "./profile.js";

/** The v3 list parameters shared by users and SaaS: limit/skip paging, fields, sortby, filter. */
export interface QuerySpec<T extends Record<string, unknown>> {
  rows: T[];
  defs: Map<string, FieldDef>;
  errors: OomnitzaErrors;
  maxPageSize: number;
  present: (row: T, fields?: string[]) => Record<string, unknown>;
  /** Keeps a sorted order between writes (users); without it every call sorts. */
  sorted?: SortCache<Record<string, unknown>>;
  /** The profile's paging switches: `sortby`, `limit`, `pageCap`. */
  strict: Pick<OomnitzaStrictness, "sortby" | "limit" | "pageCap" | "lookupFilters">;
  /** Draws the fresh order of every list call under `sortby: "ignore-and-reorder"`. */
  shuffler: Prng;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** The `limit` above which `limit: "refuse-over-200"` answers 400. */
const STRICT_MAX_LIMIT = 200;

function intParam(req: ApiRequest, name: string, fallback: number, min: number): number | string {
  const raw = req.query.get(name);
  if (raw === null || raw.trim() === "") return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) return `'${name}' must be an integer of at least ${min}, got '${raw}'`;
  return Number(raw);
}

export function queryRecords<T extends Record<string, unknown>>(req: ApiRequest, spec: QuerySpec<T>): ApiResponse {
  const { defs, errors } = spec;
  const limit = intParam(req, "limit", DEFAULT_LIMIT, 1);
  if (typeof limit === "string") return errors.field(400, "limit", limit, req);
  if (spec.strict.limit === "refuse-over-200" && limit > STRICT_MAX_LIMIT) return errors.field(400, "limit", `'limit' must be at most ${STRICT_MAX_LIMIT}, got ${limit}`, req);
  const skip = intParam(req, "skip", 0, 0);
  if (typeof skip === "string") return errors.field(400, "skip", skip, req);

  let fields: string[] | undefined;
  const rawFields = req.query.get("fields");
  if (rawFields !== null && rawFields.trim() !== "") {
    fields = rawFields.split(",").map((f) => f.trim()).filter((f) => f.length > 0);
    const unknown = fields.find((f) => !defs.has(f));
    if (unknown) return errors.field(400, "fields", `Unknown field '${unknown}' in fields`, req);
  }

  let rows = spec.rows;
  const rawFilter = req.query.get("filter");
  if (rawFilter !== null && rawFilter.trim() !== "") {
    let tree;
    try {
      tree = parseFilter(rawFilter);
    } catch (e) {
      if (e instanceof FilterSyntaxError) return errors.list(400, `Invalid filter: ${e.message}`, req);
      throw e;
    }
    const unknown = filterFields(tree).find((f) => !defs.has(f));
    if (unknown) return errors.list(400, `Invalid filter: unknown field '${unknown}'`, req);
    const refused = refusedForm(tree, spec.strict.lookupFilters);
    if (refused) return errors.list(400, `Invalid filter: ${refused} is not supported`, req);
    rows = rows.filter((r) => matchesFilter(tree, (f) => comparable(defs.get(f), r[f])));
  }

  const sortby = req.query.get("sortby");
  const sortMode = spec.strict.sortby;
  if (sortMode === "refuse" && sortby !== null && sortby.trim() !== "") return errors.field(400, "sortby", `'sortby' is not supported on this list, got '${sortby}'`, req);
  if (sortMode === "ignore-and-reorder") {
    // No stable order at all: each call cuts its page from a freshly shuffled list.
    rows = spec.shuffler.shuffle([...rows]);
  } else if (sortby !== null && sortby.trim() !== "") {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(sortby);
    if (!m) return errors.field(400, "sortby", `'sortby' must look like '<field> asc' or '<field> desc', got '${sortby}'`, req);
    const field = m[1] as string;
    if (!defs.has(field)) return errors.field(400, "sortby", `Unknown field '${field}' in sortby`, req);
    const desc = (m[2] ?? "asc").toLowerCase() === "desc";
    const unsorted = rows;
    const sort = () => sortRows(unsorted, field, defs.get(field), desc);
    // A filtered list is small and specific to its query; only the full list is worth keeping.
    rows = spec.sorted && rows === spec.rows ? (spec.sorted.get(`${field} ${desc}`, rows.length, sort) as T[]) : sort();
  }

  const take = Math.min(limit, MAX_LIMIT, spec.maxPageSize, spec.strict.pageCap ?? Infinity);
  return {
    status: 200,
    headers: { "x-total-count": rows.length },
    body: rows.slice(skip, skip + take).map((r) => spec.present(r, fields)),
  };
}

/** Stable: equal keys keep creation order. Empty values sort last ascending, first descending. */
function sortRows<T extends Record<string, unknown>>(rows: T[], field: string, def: FieldDef | undefined, desc: boolean): T[] {
  const keyed = rows.map((r, i) => ({ r, i, k: comparable(def, r[field]) }));
  keyed.sort((a, b) => {
    let c: number;
    if (a.k === b.k) c = 0;
    else if (a.k === null) c = 1;
    else if (b.k === null) c = -1;
    else c = a.k < b.k ? -1 : 1;
    if (desc) c = -c;
    return c || a.i - b.i;
  });
  return keyed.map((x) => x.r);
}

/** The first filter form `lookupFilters` refuses ("IN", "or", "LIKE"), or undefined. */
function refusedForm(node: FilterNode, mode: OomnitzaStrictness["lookupFilters"]): string | undefined {
  if (mode === "all") return undefined;
  switch (node.kind) {
    case "or":
      return "or";
    case "and":
      return refusedForm(node.left, mode) ?? refusedForm(node.right, mode);
    case "in":
      return "IN";
    case "cmp":
      return mode === "eq-only" && node.op === "like" ? "LIKE" : undefined;
    default:
      return undefined;
  }
}
