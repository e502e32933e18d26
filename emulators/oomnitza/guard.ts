import type { Controls } from "../kit/controls.js";
import { gatewayPage } from "../kit/gateway.js";
import { header, type ApiRequest, type ApiResponse, type StatusFault } from "../kit/types.js";
import type { CsrfTokens } from "./csrf.js";
import type { OomnitzaErrors } from "./errors.js";
import type { OomnitzaTokenSpec } from "./options.js";
import type { OomnitzaStrictness } from "./profile.js";
import type { Actor } from "./types.js";

export type OomnitzaHandler = (req: ApiRequest, actor: Actor) => ApiResponse;

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

export interface GuardContext {
  byToken: Map<string, OomnitzaTokenSpec>;
  errors: OomnitzaErrors;
  controls: Controls;
  clock: () => number;
  strictness: OomnitzaStrictness;
  csrf: CsrfTokens;
}

/** Auth, permission, CSRF (when switched on) and rate limit, in that order, then the route itself. */
export function guarded(g: GuardContext, handler: OomnitzaHandler) {
  return (req: ApiRequest): ApiResponse => {
    const { errors } = g;
    const token = header(req, "authorization2")?.trim() ?? "";
    if (token === "") return errors.plain(401, "Unauthorized", "The Authorization2 header with an API token is required", req);
    const spec = g.byToken.get(token);
    if (!spec) return errors.plain(401, "Unauthorized", "Invalid API token", req);
    if (spec.access === "none" || (spec.access === "read-only" && WRITES.has(req.method))) {
      return errors.plain(403, "Forbidden", `User '${spec.username}' has no permission for ${req.method} ${req.path}`, req);
    }
    if (g.strictness.csrf && WRITES.has(req.method) && !g.csrf.accepts(spec.token, header(req, "x-csrf-token"))) {
      return errors.plain(403, "Forbidden", "CSRF token missing or invalid: send the X-CSRF-Token header the connection check (GET /api/v2/mappings?name=AuthTest) answered with", req);
    }
    const verdict = g.controls.takeRateLimit(spec.token);
    if (verdict && !verdict.allowed) {
      const headers = g.controls.rateLimit?.retryAfter ? { "Retry-After": Math.max(1, verdict.resetAt - Math.floor(g.clock() / 1000)) } : undefined;
      return errors.plain(429, "Too Many Requests", "Request limit exceeded", req, headers);
    }
    const answer = handler(req, { username: spec.username });
    if (g.strictness.csrf && req.route === "GET /api/v2/mappings" && answer.status < 300) {
      return { ...answer, headers: { ...answer.headers, "X-CSRF-Token": g.csrf.issue(spec.token) } };
    }
    return answer;
  };
}

/** Oomnitza's own answer to an injected status fault. */
export function oomnitzaStatusFault(errors: OomnitzaErrors, fault: StatusFault, req: ApiRequest): ApiResponse {
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
}
