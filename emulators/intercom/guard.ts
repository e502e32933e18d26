import type { Controls } from "../kit/controls.js";
import { gatewayPage, withRetryAfter } from "../kit/gateway.js";
import { header, type ApiRequest, type ApiResponse, type StatusFault } from "../kit/types.js";
import type { IntercomErrors } from "./errors.js";
import type { CallContext, IntercomHandler, IntercomState } from "./state.js";
import type { IntercomTokenSpec, Region } from "./types.js";

/** The values the 2.11 description allows for `Intercom-Version`. */
export const INTERCOM_VERSIONS: readonly string[] = ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "Preview"];

export interface GuardContext {
  byToken: Map<string, IntercomTokenSpec>;
  errors: IntercomErrors;
  controls: Controls;
  state: IntercomState;
  defaultVersion: string;
}

/** Auth, version and rate limit, in that order, then the route itself. */
export function guarded(g: GuardContext, handler: IntercomHandler, region: Region) {
  const { errors } = g;
  return (req: ApiRequest): ApiResponse => {
    const auth = String(req.headers.authorization ?? "").trim();
    if (auth === "" || /^bearer$/i.test(auth)) return errors.error(401, "missing_authorization", "Missing authorization header", req);
    const m = /^bearer\s+(\S+)$/i.exec(auth);
    const spec = m ? g.byToken.get(m[1] as string) : undefined;
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
    const v = header(req, "intercom-version");
    if (v !== undefined && !INTERCOM_VERSIONS.includes(v.trim())) {
      return errors.error(400, "intercom_version_invalid", `Requested version ${JSON.stringify(v)} is not valid; use one of ${INTERCOM_VERSIONS.join(", ")}`, req);
    }
    const verdict = g.controls.takeRateLimit(spec.token);
    const rlHeaders: Record<string, string | number> = verdict ? { "X-RateLimit-Limit": verdict.limit, "X-RateLimit-Remaining": verdict.remaining, "X-RateLimit-Reset": verdict.resetAt } : {};
    if (verdict && !verdict.allowed) {
      return errors.error(429, "rate_limit_exceeded", "You have exceeded the rate limit. Please try again later.", req, { headers: rlHeaders });
    }
    const ctx: CallContext = { token: { ...spec, region: spec.region ?? "us" }, region };
    const answer = handler(req, ctx, g.state);
    return { ...answer, headers: { ...rlHeaders, "Intercom-Version": (v ?? g.defaultVersion).trim(), ...answer.headers } };
  };
}

/** Intercom's own answer to an injected status fault. */
export function intercomStatusFault(errors: IntercomErrors, controls: Controls, clock: () => number, defaultLimit: number, fault: StatusFault, req: ApiRequest): ApiResponse {
  switch (fault.status) {
    case 429: {
      const headers: Record<string, string | number> = {};
      if (fault.retryAfter !== undefined) headers["Retry-After"] = fault.retryAfter;
      if (fault.rateLimitReset !== undefined) {
        const ahead = fault.rateLimitReset === true ? 1 : fault.rateLimitReset;
        headers["X-RateLimit-Limit"] = controls.rateLimit?.limit ?? defaultLimit;
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
}
