import type { IncomingHttpHeaders } from "node:http";
import type { Fault } from "./controls.js";

/** A request as every emulator's handlers see it. */
export interface ApiRequest {
  method: string;
  /** The path as sent (with any region prefix). */
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body; undefined when empty or not JSON (see `bodyIsJson`). */
  body: unknown;
  /** False when a non-empty body did not parse as JSON. */
  bodyIsJson: boolean;
  params: Record<string, string>;
  route: string;
  region?: string;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string | number>;
  /** Serialised as JSON unless `text` is given; no body at all when both are absent. */
  body?: unknown;
  /** A raw (non-JSON) body, e.g. a gateway's HTML page. */
  text?: string;
  /** A binary body (a zip file), sent as it is. */
  bytes?: Uint8Array;
  contentType?: string;
}

export type Handler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;

export interface Resolved {
  route: string;
  params: Record<string, string>;
  handler: Handler;
  region?: string;
}

/** What one API gives the shared server: how to find a route, and its own answer to an injected status fault. */
export interface EmulatorApi {
  resolve(method: string, path: string, headers: IncomingHttpHeaders): Resolved;
  statusFault(fault: StatusFault, req: ApiRequest): ApiResponse;
}

/** The faults answered with an API's own error body. */
export type StatusFault = Exclude<Fault, string | { redirect: string } | { body: string }>;

/** The first value of a header (node gives repeated headers as arrays). */
export function header(req: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const raw = req.headers[name.toLowerCase()];
  return Array.isArray(raw) ? raw[0] : raw;
}
