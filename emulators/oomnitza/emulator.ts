import { Controls } from "../kit/controls.js";
import { RequestLog } from "../kit/log.js";
import { Prng } from "../kit/prng.js";
import { Router } from "../kit/routes.js";
import { startServer } from "../kit/server.js";
import type { ApiRequest, ApiResponse, EmulatorApi, Resolved } from "../kit/types.js";
import { DEFAULT_OOMNITZA_TOKEN_USER, DEFAULT_TOKENS } from "../data/tokens.js";
import { CsrfTokens } from "./csrf.js";
import { OomnitzaErrors } from "./errors.js";
import { DEFAULT_CUSTOM_FIELDS, userFieldDefs } from "./fields.js";
import { guarded, oomnitzaStatusFault, type OomnitzaHandler } from "./guard.js";
import { SortCache, UsernameIndex } from "./indexes.js";
import type { OomnitzaEmulator, OomnitzaEmulatorOptions, OomnitzaTokenSpec } from "./options.js";
import { resolveStrictness } from "./profile.js";
import { assignRoles, createRole, listRoles, setRoles, unassignRoles } from "./roles.js";
import { bulkAssign, createSaas, getSaas, listSaas, listSaasUsers, setActive, setExternalId, type SaasContext } from "./saas.js";
import { SaasStore } from "./saas-store.js";
import { DEFAULT_SAAS, seedUsers } from "./seed.js";
import type { OomnitzaUser } from "./types.js";
import { NO_HOSTILITY } from "./hostile.js";
import { createUser, getUser, listUsers, patchUser, type UsersContext } from "./users.js";

export type { OomnitzaUser } from "./types.js";
export type { CustomFieldType } from "./fields.js";
export { SaasStore, type SaasAssignment, type SaasRecord, type SaasRole } from "./saas-store.js";
export { DEFAULT_CUSTOM_FIELDS } from "./fields.js";
export type { OomnitzaEmulator, OomnitzaEmulatorOptions, OomnitzaTokenSpec } from "./options.js";

export async function startOomnitzaEmulator(opts: OomnitzaEmulatorOptions = {}): Promise<OomnitzaEmulator> {
  const seed = opts.seed ?? 1;
  const clock = opts.clock ?? Date.now;
  const profile = opts.profile ?? "friendly";
  const strictness = resolveStrictness(profile, opts.strict);
  const hostile = { ...NO_HOSTILITY, ...opts.hostile };
  const main: OomnitzaTokenSpec = { token: opts.token ?? DEFAULT_TOKENS.oomnitza, username: opts.tokenUser ?? DEFAULT_OOMNITZA_TOKEN_USER, access: "full" };
  const extra = opts.tokens ?? [
    { token: DEFAULT_TOKENS.oomnitzaReadOnly, username: "auditor", access: "read-only" },
    { token: DEFAULT_TOKENS.oomnitzaNoAccess, username: "kiosk", access: "none" },
  ];
  const tokens = [main, ...extra.filter((t) => t.token !== main.token)];
  const controls = new Controls(seed, opts.rateLimit ?? null, clock, opts.writeLimit ?? null);
  const log = new RequestLog();
  const errors = new OomnitzaErrors(() => controls.echoRequestHeadersInErrors);
  const ids = new Prng(seed * 131 + 3);

  const users = new Map<string, OomnitzaUser>();
  seedUsers(users, opts.users ?? [], () => ids.hex(32), Math.floor(clock() / 1000));

  const defs = userFieldDefs(opts.customFields ?? DEFAULT_CUSTOM_FIELDS);
  for (const f of [...strictness.requiredOnCreate, ...Object.keys(strictness.dropdowns)]) {
    if (!defs.has(f)) throw new Error(`strict: the instance has no user field '${f}'`);
  }
  const ctx: UsersContext = {
    users,
    defs,
    quirks: { checkboxAsString: opts.checkboxAsString ?? false, numbersAsString: opts.numbersAsString ?? false },
    maxPageSize: Math.max(1, opts.maxPageSize ?? 1000),
    errors,
    clock,
    newUserId: () => ids.hex(32),
    usernames: new UsernameIndex(),
    sorted: new SortCache(),
    strict: strictness,
    shuffler: new Prng(seed * 977 + 13),
    hostile,
  };

  const saas = new SaasStore(clock, () => ids.hex(24));
  for (const r of opts.saas ?? DEFAULT_SAAS) saas.add(r, "oomnitza-admin");
  for (const a of opts.saasUsers ?? []) {
    const record = [...saas.records.values()].find((r) => r.saas_name === a.saas_name);
    const user = [...users.values()].find((u) => u.username === a.username);
    if (!record || !user) throw new Error(`saasUsers: no SaaS '${a.saas_name}' or no user '${a.username}'`);
    const assignment = saas.assign(record.saas_id, user.user_id, a.user_external_id ?? "");
    for (const externalId of a.roles ?? []) {
      const role = [...(saas.roles.get(record.saas_id)?.values() ?? [])].find((x) => x.role_external_id === externalId) ?? saas.addRole(record.saas_id, externalId, externalId);
      assignment.role_ids = [...new Set([...(assignment.role_ids ?? []), role.role_id])];
    }
  }
  const saasCtx: SaasContext = { saas, users, errors, maxPageSize: ctx.maxPageSize, strict: strictness, shuffler: ctx.shuffler };

  /** An instance without the roles endpoints (`rolesEndpoints`): 404 as for any unknown path, or 405. */
  const rolesRoute =
    (handler: (req: ApiRequest) => ApiResponse): OomnitzaHandler =>
    (req) => {
      if (strictness.rolesEndpoints === "absent-404") return errors.list(404, `No such endpoint: ${req.path}`, req);
      if (strictness.rolesEndpoints === "absent-405") return errors.plain(405, "Method Not Allowed", `${req.method} is not allowed on ${req.path}`, req);
      return handler(req);
    };
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
    .add("GET", "/api/v3/saas/:id/roles", rolesRoute((req) => listRoles(saasCtx, req)))
    .add("POST", "/api/v3/saas/:id/roles", rolesRoute((req) => createRole(saasCtx, req)))
    .add("POST", "/api/v3/saas/:id/roles/users", rolesRoute((req) => assignRoles(saasCtx, req)))
    .add("PATCH", "/api/v3/saas/:id/roles/users", rolesRoute((req) => setRoles(saasCtx, req)))
    .add("DELETE", "/api/v3/saas/:id/roles/users", rolesRoute((req) => unassignRoles(saasCtx, req)))
    .add("PATCH", "/api/v3/saas_users/deactivate", (req) => setActive(false)(saasCtx, req))
    .add("PATCH", "/api/v3/saas_users/activate", (req) => setActive(true)(saasCtx, req));

  const guard = { byToken: new Map(tokens.map((t) => [t.token, t])), errors, controls, clock, strictness, csrf: new CsrfTokens(seed) };
  const api: EmulatorApi = {
    resolve(method, path): Resolved {
      const hit = router.match(method, path);
      if ("route" in hit) return { route: hit.route, params: hit.params, handler: guarded(guard, hit.handler) };
      const status = hit.methodMismatch ? 405 : 404;
      return {
        route: `${method} ${path}`,
        params: {},
        handler: (req) => (status === 405 ? errors.plain(405, "Method Not Allowed", `${method} is not allowed on ${path}`, req) : errors.list(404, `No such endpoint: ${path}`, req)),
      };
    },
    statusFault: (fault, req) => oomnitzaStatusFault(errors, fault, req),
  };

  const server = await startServer({ name: "oomnitza", host: opts.host ?? "127.0.0.1", port: opts.port ?? 0, api, controls, log, clock });
  return { url: server.url, token: main.token, tokens, users, saas, log, controls, profile, strictness, hostile, close: () => server.close() };
}
