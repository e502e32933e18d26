import { gatewayPage } from "../kit/gateway.js";
import { Controls, type RateLimitSettings } from "../kit/controls.js";
import { RequestLog } from "../kit/log.js";
import { OomnitzaErrors } from "./errors.js";
import { DEFAULT_CUSTOM_FIELDS, userFieldDefs, type CustomFieldType } from "./fields.js";
import { bulkAssign, createSaas, getSaas, listSaas, listSaasUsers, SaasStore, setActive, setExternalId, type SaasContext, type SaasRecord } from "./saas.js";
import { createUser, getUser, listUsers, patchUser, type UsersContext } from "./users.js";
import type { Actor, OomnitzaUser } from "./types.js";
import { SortCache, UsernameIndex } from "./indexes.js";
import { Prng } from "../kit/prng.js";
import { Router } from "../kit/routes.js";
import { startServer } from "../kit/server.js";
import type { ApiRequest, ApiResponse, EmulatorApi, Resolved } from "../kit/types.js";
import { DEFAULT_OOMNITZA_TOKEN_USER, DEFAULT_TOKENS } from "../data/tokens.js";

export type { OomnitzaUser } from "./types.js";
export type { CustomFieldType } from "./fields.js";
export { SaasStore, type SaasAssignment, type SaasRecord } from "./saas.js";
export { DEFAULT_CUSTOM_FIELDS } from "./fields.js";

export interface OomnitzaTokenSpec {
  token: string;
  /** The Oomnitza user the token belongs to: written as created_by / changed_by. */
  username: string;
  /** "read-only" → 403 on writes, "none" → 403 on everything (default "full"). */
  access?: "full" | "read-only" | "none";
}

export interface OomnitzaEmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The main (full access) token. Default DEFAULT_TOKENS.oomnitza. */
  token?: string;
  /** Username of the main token's user. Default DEFAULT_OOMNITZA_TOKEN_USER. */
  tokenUser?: string;
  /** Extra tokens. Default: DEFAULT_TOKENS.oomnitzaReadOnly and .oomnitzaNoAccess. */
  tokens?: OomnitzaTokenSpec[];
  /** Seed people; missing user_id, dates and created_by are filled in. */
  users?: Array<Partial<OomnitzaUser>>;
  /** Custom user fields and their types. Default: the intercom_* fields of PRODUCT.md §3.3. */
  customFields?: Record<string, CustomFieldType>;
  /** SaaS records to start with. Default: Slack, Zoom and Google Workspace (no Intercom: a sync creates it). */
  saas?: Array<Partial<SaasRecord> & { saas_name: string }>;
  /** Seed assignments, by SaaS name and username (the user ids are made at start). */
  saasUsers?: Array<{ saas_name: string; username: string; user_external_id?: string }>;
  /** At most this many rows per page, whatever `limit` asks (default 1000, the cap). */
  maxPageSize?: number;
  /** Return checkbox values as "1"/"0" instead of booleans. */
  checkboxAsString?: boolean;
  /** Return number custom fields as strings ("42"). */
  numbersAsString?: boolean;
  /** Seeds user ids and jitter (default 1). */
  seed?: number;
  /** Off by default (Oomnitza publishes no limits); when set, over the limit is 429. */
  rateLimit?: RateLimitSettings | null;
  clock?: () => number;
}

export interface OomnitzaEmulator {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  token: string;
  tokens: OomnitzaTokenSpec[];
  /** By user_id, live: in creation order, which is the default listing order. */
  users: Map<string, OomnitzaUser>;
  /** SaaS records (`saas.records`, by saas_id) and assignments (`saas.assignments`: saas_id → user_id → assignment). */
  saas: SaasStore;
  log: RequestLog;
  controls: Controls;
  close(): Promise<void>;
}

const DEFAULT_SAAS = [
  { saas_id: 101, saas_name: "Slack", category: "Communication", publisher: "Slack Technologies", url: "https://slack.com" },
  { saas_id: 102, saas_name: "Zoom", category: "Communication", publisher: "Zoom Video Communications", url: "https://zoom.us" },
  { saas_id: 103, saas_name: "Google Workspace", category: "Productivity", publisher: "Google", url: "https://workspace.google.com" },
];

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

type OomnitzaHandler = (req: ApiRequest, actor: Actor) => ApiResponse;

export async function startOomnitzaEmulator(opts: OomnitzaEmulatorOptions = {}): Promise<OomnitzaEmulator> {
  const seed = opts.seed ?? 1;
  const clock = opts.clock ?? Date.now;
  const main: OomnitzaTokenSpec = { token: opts.token ?? DEFAULT_TOKENS.oomnitza, username: opts.tokenUser ?? DEFAULT_OOMNITZA_TOKEN_USER, access: "full" };
  const extra = opts.tokens ?? [
    { token: DEFAULT_TOKENS.oomnitzaReadOnly, username: "auditor", access: "read-only" },
    { token: DEFAULT_TOKENS.oomnitzaNoAccess, username: "kiosk", access: "none" },
  ];
  const tokens = [main, ...extra.filter((t) => t.token !== main.token)];
  const byToken = new Map(tokens.map((t) => [t.token, t]));
  const controls = new Controls(seed, opts.rateLimit ?? null, clock);
  const log = new RequestLog();
  const errors = new OomnitzaErrors(() => controls.echoRequestHeadersInErrors);
  const ids = new Prng(seed * 131 + 3);

  const users = new Map<string, OomnitzaUser>();
  seedUsers(users, opts.users ?? [], () => ids.hex(32), Math.floor(clock() / 1000));

  const ctx: UsersContext = {
    users,
    defs: userFieldDefs(opts.customFields ?? DEFAULT_CUSTOM_FIELDS),
    quirks: { checkboxAsString: opts.checkboxAsString ?? false, numbersAsString: opts.numbersAsString ?? false },
    maxPageSize: Math.max(1, opts.maxPageSize ?? 1000),
    errors,
    clock,
    newUserId: () => ids.hex(32),
    usernames: new UsernameIndex(),
    sorted: new SortCache(),
  };

  const saas = new SaasStore(clock, () => ids.hex(24));
  for (const r of opts.saas ?? DEFAULT_SAAS) saas.add(r, "oomnitza-admin");
  for (const a of opts.saasUsers ?? []) {
    const record = [...saas.records.values()].find((r) => r.saas_name === a.saas_name);
    const user = [...users.values()].find((u) => u.username === a.username);
    if (!record || !user) throw new Error(`saasUsers: no SaaS '${a.saas_name}' or no user '${a.username}'`);
    saas.assign(record.saas_id, user.user_id, a.user_external_id ?? "");
  }
  const saasCtx: SaasContext = { saas, users, errors, maxPageSize: ctx.maxPageSize };

  const router = new Router<OomnitzaHandler>()
    // The connection check Oomnitza's connector does; the body does not matter.
    .add("GET", "/api/v2/mappings", () => ({ status: 200, body: [] }))
    .add("GET", "/api/v3/users", (req) => listUsers(ctx, req))
    .add("POST", "/api/v3/users", (req, actor) => createUser(ctx, req, actor))
    .add("GET", "/api/v3/users/:id", (req) => getUser(ctx, req))
    .add("PATCH", "/api/v3/users/:id", (req, actor) => patchUser(ctx, req, actor))
    .add("GET", "/api/v3/saas", (req) => listSaas(saasCtx, req))
    .add("POST", "/api/v3/saas", (req, actor) => createSaas(saasCtx, req, actor))
    .add("GET", "/api/v3/saas/:id", (req) => getSaas(saasCtx, req))
    .add("GET", "/api/v3/saas/:id/users", (req) => listSaasUsers(saasCtx, req))
    .add("POST", "/api/v3/saas/:id/users", (req) => bulkAssign(saasCtx, req))
    .add("POST", "/api/v3/saas/:id/users/:user_id", (req) => setExternalId(saasCtx, req))
    .add("PATCH", "/api/v3/saas_users/deactivate", (req) => setActive(false)(saasCtx, req))
    .add("PATCH", "/api/v3/saas_users/activate", (req) => setActive(true)(saasCtx, req));

  function guarded(handler: OomnitzaHandler) {
    return (req: ApiRequest): ApiResponse => {
      const raw = req.headers.authorization2;
      const token = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
      if (token === "") return errors.plain(401, "Unauthorized", "The Authorization2 header with an API token is required", req);
      const spec = byToken.get(token);
      if (!spec) return errors.plain(401, "Unauthorized", "Invalid API token", req);
      if (spec.access === "none" || (spec.access === "read-only" && WRITES.has(req.method))) {
        return errors.plain(403, "Forbidden", `User '${spec.username}' has no permission for ${req.method} ${req.path}`, req);
      }
      const verdict = controls.takeRateLimit(spec.token);
      if (verdict && !verdict.allowed) {
        const headers = controls.rateLimit?.retryAfter ? { "Retry-After": Math.max(1, verdict.resetAt - Math.floor(clock() / 1000)) } : undefined;
        return errors.plain(429, "Too Many Requests", "Request limit exceeded", req, headers);
      }
      return handler(req, { username: spec.username });
    };
  }

  const api: EmulatorApi = {
    resolve(method, path): Resolved {
      const hit = router.match(method, path);
      if ("route" in hit) return { route: hit.route, params: hit.params, handler: guarded(hit.handler) };
      const status = hit.methodMismatch ? 405 : 404;
      return {
        route: `${method} ${path}`,
        params: {},
        handler: (req) => (status === 405 ? errors.plain(405, "Method Not Allowed", `${method} is not allowed on ${path}`, req) : errors.list(404, `No such endpoint: ${path}`, req)),
      };
    },
    statusFault(fault, req) {
      const headers = "retryAfter" in fault && fault.retryAfter !== undefined ? { "Retry-After": fault.retryAfter } : undefined;
      switch (fault.status) {
        case 429:
          return errors.plain(429, "Too Many Requests", "Request limit exceeded", req, headers);
        case 401:
          return errors.plain(401, "Unauthorized", "Invalid API token", req);
        case 403:
          return errors.plain(403, "Forbidden", "No permission", req);
        case 502:
        case 504:
          return gatewayPage(fault.status);
        case 503:
          return errors.plain(503, "Service Unavailable", "The service is temporarily unavailable", req, headers);
        default:
          return errors.plain(500, "Internal Server Error", "An unexpected error occurred", req, headers);
      }
    },
  };

  const server = await startServer({ name: "oomnitza", host: opts.host ?? "127.0.0.1", port: opts.port ?? 0, api, controls, log, clock });
  return { url: server.url, token: main.token, tokens, users, saas, log, controls, close: () => server.close() };
}

/** Seeded people get what the server would have given them when they were created. */
function seedUsers(users: Map<string, OomnitzaUser>, seed: Array<Partial<OomnitzaUser>>, newId: () => string, now: number): void {
  // Missing creation dates continue from the previous person, keeping dates in creation order.
  let previous = now - 86400 * 30 - seed.length * 3600;
  seed.forEach((partial, i) => {
    const user = { user_id: partial.user_id ?? newId(), username: partial.username ?? `user${i + 1}`, ...partial } as OomnitzaUser;
    if (typeof user.creation_date !== "number") user.creation_date = previous + 3600;
    previous = user.creation_date as number;
    user.change_date ??= user.creation_date;
    user.created_by ??= "oomnitza-admin";
    user.changed_by ??= user.created_by;
    if (user.full_name === undefined) {
      const s = [user.first_name, user.last_name].filter((x) => typeof x === "string" && x !== "").join(" ");
      if (s) user.full_name = s;
    }
    users.set(user.user_id, user);
  });
}
