import type { IncomingHttpHeaders } from "node:http";
import { Controls, type RateLimitSettings } from "../kit/controls.js";
import { generateActivityLogs } from "./activity.js";
import { gatewayPage, withRetryAfter } from "../kit/gateway.js";
import { IntercomErrors } from "./errors.js";
import { activityLogs, getAdmin, listAdmins, me, setAway, type CallContext, type IntercomHandler, type IntercomState } from "./handlers.js";
import { REGIONS, type ActivityLog, type IntercomAdmin, type IntercomApp, type IntercomTokenSpec, type Region } from "./types.js";
import { RequestLog } from "../kit/log.js";
import { Prng } from "../kit/prng.js";
import { Router } from "../kit/routes.js";
import { startServer } from "../kit/server.js";
import type { ApiRequest, ApiResponse, EmulatorApi, Resolved } from "../kit/types.js";
import { DEFAULT_TOKENS } from "../data/tokens.js";

export type { ActivityLog, IntercomAdmin, IntercomApp, IntercomTokenSpec, Region } from "./types.js";

/** The values the 2.11 description allows for `Intercom-Version`. */
export const INTERCOM_VERSIONS: readonly string[] = ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "Preview"];

/** Private apps: 10,000 calls a minute, enforced per 10-second window (a sixth each). */
export const INTERCOM_DEFAULT_RATE_LIMIT: RateLimitSettings = { limit: Math.floor(10000 / 6), windowSeconds: 10 };

export interface IntercomEmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The main token (US region, active). Default DEFAULT_TOKENS.intercom. */
  token?: string;
  /** The region the main token belongs to (default "us"). */
  region?: Region;
  admins?: IntercomAdmin[];
  /**
   * Extra tokens. Default: DEFAULT_TOKENS' EU, AU, revoked, expired and forbidden tokens.
   * Pass [] to accept only the main token.
   */
  tokens?: IntercomTokenSpec[];
  /** Activity log entries; default: generated from the admins with the seed. */
  activityLogs?: ActivityLog[];
  /** Seeds request ids, jitter and generated activity (default 1). */
  seed?: number;
  /** The app's configured version, used when a request sends no Intercom-Version (default "2.11"). */
  defaultVersion?: string;
  /** Per-token limit per window; null switches rate limiting off. Default INTERCOM_DEFAULT_RATE_LIMIT. */
  rateLimit?: RateLimitSettings | null;
  /** Overrides for the workspace `GET /me` shows. */
  app?: Partial<Omit<IntercomApp, "region" | "type">>;
  /** Milliseconds since the epoch; tests can freeze time for rate-limit windows. */
  clock?: () => number;
}

export interface IntercomEmulator {
  /** http://127.0.0.1:PORT (no trailing slash): the US paths. */
  url: string;
  /** Base URL per region: `${url}` (US), `${url}/eu`, `${url}/au`. */
  urls: Record<Region, string>;
  token: string;
  /** Every token the emulator knows, main one first. */
  tokens: IntercomTokenSpec[];
  /** Live and mutable: each request reads the current list. */
  admins: IntercomAdmin[];
  activityLogs: ActivityLog[];
  log: RequestLog;
  controls: Controls;
  close(): Promise<void>;
}

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
  const byToken = new Map(tokens.map((t) => [t.token, t]));
  const controls = new Controls(seed, opts.rateLimit === undefined ? INTERCOM_DEFAULT_RATE_LIMIT : opts.rateLimit, clock);
  const log = new RequestLog();
  const ids = new Prng(seed * 31 + 7);
  const errors = new IntercomErrors(() => ids.uuid(), () => controls.echoRequestHeadersInErrors);
  const admins = opts.admins ?? [];
  const state: IntercomState = {
    admins,
    activityLogs: opts.activityLogs ?? generateActivityLogs(admins, seed, Math.floor(clock() / 1000)),
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
  const defaultVersion = opts.defaultVersion ?? "2.11";

  const router = new Router<IntercomHandler>()
    .add("GET", "/admins", listAdmins)
    .add("GET", "/admins/activity_logs", activityLogs)
    .add("GET", "/admins/:id", getAdmin)
    .add("PUT", "/admins/:id/away", setAway)
    .add("GET", "/me", me);

  /** Auth, version and rate limit, in that order, then the route itself. */
  function guarded(handler: IntercomHandler, region: Region) {
    return (req: ApiRequest): ApiResponse => {
      const auth = String(req.headers.authorization ?? "").trim();
      if (auth === "" || /^bearer$/i.test(auth)) return errors.error(401, "missing_authorization", "Missing authorization header", req);
      const m = /^bearer\s+(\S+)$/i.exec(auth);
      const spec = m ? byToken.get(m[1] as string) : undefined;
      if (!spec) return errors.error(401, "unauthorized", "Access Token Invalid", req);
      if ((spec.region ?? "us") !== region) return errors.error(401, "token_not_found", "Token not found", req);
      switch (spec.status ?? "active") {
        case "revoked":
          return errors.error(401, "token_revoked", "Token revoked", req);
        case "expired":
          return errors.error(401, "token_expired", "Token expired", req);
        case "forbidden":
          return errors.error(403, "action_forbidden", "You do not have permission to access this resource", req);
        case "plan_restricted":
          return errors.error(403, "api_plan_restricted", "Active subscription needed.", req);
        default:
          break;
      }
      const version = req.headers["intercom-version"];
      const v = Array.isArray(version) ? version[0] : version;
      if (v !== undefined && !INTERCOM_VERSIONS.includes(v.trim())) {
        return errors.error(400, "intercom_version_invalid", `Requested version ${JSON.stringify(v)} is not valid; use one of ${INTERCOM_VERSIONS.join(", ")}`, req);
      }
      const verdict = controls.takeRateLimit(spec.token);
      const rlHeaders: Record<string, string | number> = verdict ? { "X-RateLimit-Limit": verdict.limit, "X-RateLimit-Remaining": verdict.remaining, "X-RateLimit-Reset": verdict.resetAt } : {};
      if (verdict && !verdict.allowed) {
        return errors.error(429, "rate_limit_exceeded", "You have exceeded the rate limit. Please try again later.", req, { headers: rlHeaders });
      }
      const ctx: CallContext = { token: { ...spec, region: spec.region ?? "us" }, region };
      const answer = handler(req, ctx, state);
      return { ...answer, headers: { ...rlHeaders, "Intercom-Version": (v ?? defaultVersion).trim(), ...answer.headers } };
    };
  }

  const api: EmulatorApi = {
    resolve(method, path, headers): Resolved {
      const { region, rest } = regionOf(path, headers);
      const hit = router.match(method, rest);
      if ("route" in hit) return { route: hit.route, params: hit.params, region, handler: guarded(hit.handler, region) };
      return { route: `${method} ${path}`, params: {}, region, handler: (req) => errors.error(404, "not_found", "Resource Not Found", req) };
    },
    statusFault(fault, req) {
      switch (fault.status) {
        case 429: {
          const headers: Record<string, string | number> = {};
          if (fault.retryAfter !== undefined) headers["Retry-After"] = fault.retryAfter;
          if (fault.rateLimitReset !== undefined) {
            const ahead = fault.rateLimitReset === true ? 1 : fault.rateLimitReset;
            headers["X-RateLimit-Limit"] = controls.rateLimit?.limit ?? INTERCOM_DEFAULT_RATE_LIMIT.limit;
            headers["X-RateLimit-Remaining"] = 0;
            headers["X-RateLimit-Reset"] = Math.ceil(clock() / 1000) + ahead;
          }
          return errors.error(429, "rate_limit_exceeded", "You have exceeded the rate limit. Please try again later.", req, { headers });
        }
        case 401:
          return errors.error(401, "unauthorized", "Access Token Invalid", req);
        case 403:
          return errors.error(403, "action_forbidden", "You do not have permission to access this resource", req);
        case 502:
        case 504:
          return gatewayPage(fault.status);
        case 503:
          return withRetryAfter(errors.error(503, "service_unavailable", "Sorry, the API service is temporarily unavailable", req), fault.retryAfter);
        default:
          return withRetryAfter(errors.error(500, "server_error", "Server Error", req), "retryAfter" in fault ? fault.retryAfter : undefined);
      }
    },
  };

  const server = await startServer({ name: "intercom", host: opts.host ?? "127.0.0.1", port: opts.port ?? 0, api, controls, log, clock });
  const urls = Object.fromEntries(REGIONS.map((r) => [r, r === "us" ? server.url : `${server.url}/${r}`])) as Record<Region, string>;

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
    log,
    controls,
    close: () => server.close(),
  };
}
