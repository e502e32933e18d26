import type { IncomingHttpHeaders } from "node:http";
import { Controls, type RateLimitSettings } from "../kit/controls.js";
import { RequestLog } from "../kit/log.js";
import { Prng } from "../kit/prng.js";
import { Router } from "../kit/routes.js";
import { startServer } from "../kit/server.js";
import type { EmulatorApi, Resolved } from "../kit/types.js";
import { DEFAULT_TOKENS } from "../data/tokens.js";
import { generateActivityLogs, performedBy, removalEvent } from "./activity.js";
import { activityLogs } from "./activity-pages.js";
import { IntercomErrors } from "./errors.js";
import { guarded, intercomStatusFault } from "./guard.js";
import { getAdmin, listAdmins, me, setAway } from "./handlers.js";
import type { DeleteAdminOptions, IntercomEmulator, IntercomEmulatorOptions, NewActivity } from "./options.js";
import type { IntercomHandler, IntercomState } from "./state.js";
import { defaultTeams, getTeam, listTeams } from "./teams.js";
import { REGIONS, type ActivityLog, type IntercomAdmin, type IntercomTeam, type IntercomTokenSpec, type Region } from "./types.js";

export type { ActivityLog, IntercomAdmin, IntercomApp, IntercomTeam, IntercomTokenSpec, Region, RemovedAdmin } from "./types.js";
export type { DeleteAdminOptions, IntercomEmulator, IntercomEmulatorOptions, NewActivity } from "./options.js";
export { INTERCOM_VERSIONS } from "./guard.js";

/** Private apps: 10,000 calls a minute, enforced per 10-second window (a sixth each). */
export const INTERCOM_DEFAULT_RATE_LIMIT: RateLimitSettings = { limit: Math.floor(10000 / 6), windowSeconds: 10 };

function defaultExtraTokens(): IntercomTokenSpec[] {
  return [
    { token: DEFAULT_TOKENS.intercomEu, region: "eu" },
    { token: DEFAULT_TOKENS.intercomAu, region: "au" },
    { token: DEFAULT_TOKENS.intercomRevoked, status: "revoked" },
    { token: DEFAULT_TOKENS.intercomExpired, status: "expired" },
    { token: DEFAULT_TOKENS.intercomForbidden, status: "forbidden" },
  ];
}

/**
 * Region scheme: one process serves all three regions. A path prefix picks the region
 * (`/eu/admins`, `/au/admins`; no prefix or `/us` = US), or else the Host header
 * (`api.eu.intercom.io` / `api.au.intercom.io`, for proxies). Tokens are bound to a
 * region; a token used on another region's paths gets 401 token_not_found.
 */
function regionOf(path: string, headers: IncomingHttpHeaders): { region: Region; rest: string } {
  const m = /^\/(us|eu|au)(\/.*|$)/.exec(path);
  if (m) return { region: m[1] as Region, rest: m[2] || "/" };
  const host = String(headers.host ?? "").toLowerCase();
  if (host.startsWith("api.eu.intercom.io")) return { region: "eu", rest: path };
  if (host.startsWith("api.au.intercom.io")) return { region: "au", rest: path };
  return { region: "us", rest: path };
}

export async function startIntercomEmulator(opts: IntercomEmulatorOptions = {}): Promise<IntercomEmulator> {
  const seed = opts.seed ?? 1;
  const clock = opts.clock ?? Date.now;
  const mainToken: IntercomTokenSpec = { token: opts.token ?? DEFAULT_TOKENS.intercom, region: opts.region ?? "us", status: "active" };
  const tokens = [mainToken, ...(opts.tokens ?? defaultExtraTokens()).filter((t) => t.token !== mainToken.token)];
  const controls = new Controls(seed, opts.rateLimit === undefined ? INTERCOM_DEFAULT_RATE_LIMIT : opts.rateLimit, clock);
  const log = new RequestLog();
  const ids = new Prng(seed * 31 + 7);
  const activityIds = new Prng(seed * 37 + 11);
  const errors = new IntercomErrors(() => ids.uuid(), () => controls.echoRequestHeadersInErrors);
  const admins = opts.admins ?? [];
  const state: IntercomState = {
    admins,
    activityLogs: opts.activityLogs ?? generateActivityLogs(admins, seed, Math.floor(clock() / 1000)),
    teams: opts.teams ?? defaultTeams(admins),
    activityLogRestricted: opts.activityLogRestricted ?? false,
    app: {
      type: "app",
      id_code: "emu0app1",
      name: "Example Support (emulator)",
      timezone: "Europe/Dublin",
      created_at: 1_600_000_000,
      secure: true,
      identity_verification: false,
      ...opts.app,
    },
    errors,
    clock,
    newId: () => ids.uuid(),
  };

  const router = new Router<IntercomHandler>()
    .add("GET", "/admins", listAdmins)
    .add("GET", "/admins/activity_logs", activityLogs)
    .add("GET", "/admins/:id", getAdmin)
    .add("PUT", "/admins/:id/away", setAway)
    .add("GET", "/me", me)
    .add("GET", "/teams", listTeams)
    .add("GET", "/teams/:id", getTeam);

  const guard = { byToken: new Map(tokens.map((t) => [t.token, t])), errors, controls, state, defaultVersion: opts.defaultVersion ?? "2.11" };
  const api: EmulatorApi = {
    resolve(method, path, headers): Resolved {
      const { region, rest } = regionOf(path, headers);
      const hit = router.match(method, rest);
      if ("route" in hit) return { route: hit.route, params: hit.params, region, handler: guarded(guard, hit.handler, region) };
      return { route: `${method} ${path}`, params: {}, region, handler: (req) => errors.error(404, "not_found", "Resource Not Found", req) };
    },
    statusFault: (fault, req) => intercomStatusFault(errors, controls, clock, INTERCOM_DEFAULT_RATE_LIMIT.limit, fault, req),
  };

  const server = await startServer({ name: "intercom", host: opts.host ?? "127.0.0.1", port: opts.port ?? 0, api, controls, log, clock });
  const urls = Object.fromEntries(REGIONS.map((r) => [r, r === "us" ? server.url : `${server.url}/${r}`])) as Record<Region, string>;
  const listed = (id: string, what: string): IntercomAdmin => {
    const a = state.admins.find((x) => x.id === id && x.type === "admin");
    if (!a) throw new Error(`${what}: no admin with id ${JSON.stringify(id)} in the list`);
    return a;
  };
  const now = () => Math.floor(clock() / 1000);

  return {
    url: server.url,
    urls,
    token: mainToken.token,
    tokens,
    get admins() {
      return state.admins;
    },
    set admins(list: IntercomAdmin[]) {
      state.admins = list;
    },
    get activityLogs() {
      return state.activityLogs;
    },
    set activityLogs(list: ActivityLog[]) {
      state.activityLogs = list;
    },
    get teams() {
      return state.teams;
    },
    set teams(list: IntercomTeam[]) {
      state.teams = list;
    },
    get activityLogRestricted() {
      return state.activityLogRestricted;
    },
    set activityLogRestricted(on: boolean) {
      state.activityLogRestricted = on;
    },
    addActivityLog(a: NewActivity): ActivityLog {
      const by = typeof a.performed_by === "string" ? performedBy(listed(a.performed_by, "addActivityLog")) : a.performed_by;
      const name = typeof a.performed_by === "string" ? listed(a.performed_by, "addActivityLog").name : by.email;
      const entry: ActivityLog = { id: a.id ?? activityIds.uuid(), performed_by: by, metadata: a.metadata ?? {}, created_at: a.created_at ?? now(), activity_type: a.activity_type, activity_description: a.activity_description ?? `${name} ${a.activity_type.replace(/_/g, " ")}.` };
      state.activityLogs.push(entry);
      return entry;
    },
    deleteAdmin(id: string, o: DeleteAdminOptions): ActivityLog {
      const removed = listed(id, "deleteAdmin");
      if (o.by === id) throw new Error("deleteAdmin: an admin cannot remove themselves here; name another admin in `by`");
      const actor = listed(o.by, "deleteAdmin");
      state.admins.splice(state.admins.indexOf(removed), 1);
      const event = removalEvent({ id: activityIds.uuid(), actor, removed: { id: removed.id, email: removed.email ?? "", name: removed.name }, at: o.at ?? now(), type: o.type, shape: o.shape });
      state.activityLogs.push(event);
      return event;
    },
    log,
    controls,
    close: () => server.close(),
  };
}
