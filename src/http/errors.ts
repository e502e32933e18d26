import { cutCredentialHeaders } from "../redact.js";

/** Which API a request belongs to: used for counting and for error messages. */
export type ApiName = "intercom" | "oomnitza" | "github" | "heartbeat";

export interface HttpResult {
  status: number;
  headers: Map<string, string>;
  text: string;
}

/**
 * Why a request failed. `outcomeUnknown` says the server may have acted on it (a
 * write whose response was lost), so the caller must check before sending it again.
 */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly api: ApiName,
    readonly status: number | undefined,
    readonly outcomeUnknown: boolean,
    readonly code?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * What to check when a host could not be reached, naming the setting (the action's
 * input, the command line's flag): a name that does not resolve is misspelt, a refused
 * connection points at the port or a service that is down.
 */
export function unreachableHint(code: string | undefined, setting: string): string | undefined {
  if (code === "ENOTFOUND") return `the host name does not resolve: check the spelling of ${setting}`;
  if (code === "EAI_AGAIN") return `the host name could not be resolved for now (DNS): check ${setting} and the runner's network`;
  if (code === "ECONNREFUSED") return `nothing accepted the connection: check ${setting} (host and port) and that the service is up`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `no route to the host: check ${setting} and the runner's network`;
  return undefined;
}

/** The same failure with a hint on what to check. */
export function withHint(err: unknown, hint: (code: string | undefined) => string | undefined): unknown {
  if (!(err instanceof HttpError) || err.status !== undefined) return err;
  const advice = hint(err.code);
  return advice ? new HttpError(`${err.message}; ${advice}`, err.api, err.status, err.outcomeUnknown, err.code) : err;
}

export function describeApi(api: ApiName): string {
  switch (api) {
    case "intercom":
      return "Intercom";
    case "oomnitza":
      return "Oomnitza";
    case "github":
      return "GitHub";
    case "heartbeat":
      return "the heartbeat URL";
  }
}

/**
 * Turns an error body of any of the documented shapes (Intercom's error.list,
 * Oomnitza's errors/error/message) into one short line. Never echoes headers.
 */
export function summariseErrorBody(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return /^\s*</.test(trimmed) ? " (an HTML page)" : ` (${oneLine(trimmed, 200)})`;
  }
  const messages: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") messages.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      const item = value as Record<string, unknown>;
      const text = [item.code, item.field, item.message].filter((part) => typeof part === "string" && part).join(": ");
      if (text) messages.push(text);
    }
  };
  if (parsed && typeof parsed === "object") {
    const obj = parsed as Record<string, unknown>;
    collect(obj.errors);
    collect(obj.error);
    collect(obj.message);
  }
  const unique = [...new Set(messages)];
  return unique.length ? `: ${oneLine(unique.slice(0, 3).join("; "), 300)}` : "";
}

/** Embedded JSON objects (a server echoing the request back, say) say nothing useful in one line. */
const EMBEDDED_OBJECT = /\{[^{}]*"[^"{}]+"\s*:[^{}]*\}/g;

function oneLine(text: string, max: number): string {
  // Server text: headers it echoes back (a token, a cookie) are cut whatever their value.
  const flat = cutCredentialHeaders(text).replace(EMBEDDED_OBJECT, "{…}").replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}

/** Parses JSON, naming the API and the call when the body is not JSON. */
export function parseJson(result: HttpResult, api: ApiName, what: string): unknown {
  try {
    return JSON.parse(result.text);
  } catch {
    const text = result.text.trim();
    const kind = text === "" ? "an empty body" : /^<(!doctype|html|head|body|\?xml)?/i.test(text) ? "an HTML page, not JSON (a proxy, a login page or a maintenance page between the sync and the API?)" : "a body that is not valid JSON";
    throw new HttpError(`${what}: ${describeApi(api)} answered ${result.status} with ${kind}`, api, result.status, false, "bad_json");
  }
}
