import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { describeFault, type Controls, type Fault, type PlannedFault } from "./controls.js";
import type { LoggedRequest, RequestLog } from "./log.js";

/**
 * The HTTP plumbing both emulators share: body reading, the request log, latency,
 * injected faults and clean shutdown. Each API only resolves routes and answers.
 */
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
  /** Serialised as JSON unless `text` is given. */
  body?: unknown;
  /** A raw (non-JSON) body, e.g. a gateway's HTML page. */
  text?: string;
  contentType?: string;
}

export type Handler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;

export interface Resolved {
  route: string;
  params: Record<string, string>;
  handler: Handler;
  region?: string;
}

export interface EmulatorApi {
  resolve(method: string, path: string, headers: IncomingHttpHeaders): Resolved;
  /** The API's own answer to an injected status fault (its error body and headers). */
  statusFault(fault: Exclude<Fault, string | { redirect: string }>, req: ApiRequest): ApiResponse;
}

export interface ServerOptions {
  /** Which API this is, for response observers. */
  name: "intercom" | "oomnitza";
  host: string;
  port: number;
  api: EmulatorApi;
  controls: Controls;
  log: RequestLog;
  clock: () => number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 20 * 1024 * 1024;

/** One answer as sent, for observers (the fidelity tests check every body against the OpenAPI files). */
export interface ObservedResponse {
  api: "intercom" | "oomnitza";
  method: string;
  route: string;
  status: number;
  contentType: string;
  text: string;
  /** Set when a control injected a fault: the answer is broken on purpose. */
  fault?: string;
}

const observers = new Set<(r: ObservedResponse) => void>();

/** Calls `fn` with every answer any emulator in this process sends; returns the unsubscribe function. */
export function observeResponses(fn: (r: ObservedResponse) => void): () => void {
  observers.add(fn);
  return () => observers.delete(fn);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { api, controls, log, clock } = options;
  const sockets = new Set<Socket>();
  let closing = false;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in an emulator must show up as a 500 the test can see, not a silent hang.
      if (!res.headersSent && !res.destroyed) {
        send(res, { status: 500, body: { error: "emulator bug", message: String(err) } });
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Clients may keep connections alive; the defaults are fine, but never time out a "hang" early.
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = clock();
    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      send(res, { status: 413, body: { error: "request body too large" } });
      return;
    }
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const resolved = api.resolve(method, url.pathname, req.headers);
    let body: unknown;
    let bodyIsJson = true;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        bodyIsJson = false;
      }
    }
    const apiReq: ApiRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      rawQuery: url.search.replace(/^\?/, ""),
      headers: req.headers,
      rawBody,
      body,
      bodyIsJson,
      params: resolved.params,
      route: resolved.route,
      region: resolved.region,
    };
    const entry: LoggedRequest = {
      method,
      route: resolved.route,
      path: url.pathname,
      query: apiReq.rawQuery,
      status: 0,
      at,
      ...(rawBody.length > 0 ? { body: bodyIsJson ? body : rawBody } : {}),
      ...(resolved.region ? { region: resolved.region } : {}),
    };

    const delay = controls.delayFor(resolved.route);
    if (delay > 0) await sleep(delay);
    if (closing || res.destroyed) return;

    const planned = controls.takeFault(resolved.route);
    if (planned) entry.fault = describeFault(planned);
    // Body faults break the real answer, so the request is processed first (as a server that answered would have).
    const corruptsBody = planned !== undefined && BODY_FAULTS.has(planned.fault as string);

    let response: ApiResponse | undefined;
    if (!planned || planned.afterApply || corruptsBody) {
      response = await resolved.handler(apiReq);
    }
    if (planned) {
      applyFault(planned, apiReq, response, res, req.socket, entry);
      log.add(entry);
      return;
    }
    entry.status = (response as ApiResponse).status;
    log.add(entry);
    reply(res, response as ApiResponse, entry);
  }

  /** Sends and tells the observers. */
  function reply(res: ServerResponse, r: ApiResponse, entry: LoggedRequest): void {
    const text = send(res, r);
    if (observers.size === 0) return;
    const seen: ObservedResponse = { api: options.name, method: entry.method, route: entry.route, status: r.status, contentType: r.contentType ?? "application/json; charset=utf-8", text, ...(entry.fault ? { fault: entry.fault } : {}) };
    for (const fn of observers) fn(seen);
  }

  /** Answers (or deliberately fails to answer) as the fault says; `real` is the processed answer, when there is one. */
  function applyFault(planned: PlannedFault, req: ApiRequest, real: ApiResponse | undefined, res: ServerResponse, socket: Socket, entry: LoggedRequest): void {
    const f = planned.fault;
    if (f === "reset") {
      socket.destroy();
      return;
    }
    if (f === "hang") {
      // Never answer; close() destroys the socket.
      return;
    }
    if (f === "malformed-json" || f === "truncated-json" || f === "wrong-shape" || f === "truncated-body") {
      const base = real ?? { status: 200, body: {} };
      const text = base.text ?? JSON.stringify(base.body ?? null);
      entry.status = base.status;
      if (f === "truncated-body") {
        // Announce the whole length, send half, drop the connection: a cut-off transfer.
        res.writeHead(base.status, { ...stringHeaders(base.headers), "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setImmediate(() => socket.destroy());
        return;
      }
      let out: string;
      if (f === "malformed-json") out = malform(text);
      else if (f === "truncated-json") out = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      else out = JSON.stringify(wrongShape(base.body));
      reply(res, { status: base.status, headers: base.headers, text: out, contentType: "application/json; charset=utf-8" }, entry);
      return;
    }
    if ("redirect" in f) {
      const status = f.status ?? 302;
      entry.status = status;
      const location = `${f.redirect.replace(/\/+$/, "")}${req.path}${req.rawQuery ? `?${req.rawQuery}` : ""}`;
      reply(res, { status, headers: { Location: location }, text: "", contentType: "text/plain" }, entry);
      return;
    }
    const answer = api.statusFault(f, req);
    entry.status = answer.status;
    reply(res, answer, entry);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}

const BODY_FAULTS = new Set(["malformed-json", "truncated-json", "truncated-body", "wrong-shape"]);

/** Writes the answer; returns the body text. */
export function send(res: ServerResponse, r: ApiResponse): string {
  const text = r.text ?? (r.body === undefined ? "" : JSON.stringify(r.body));
  if (res.destroyed || res.headersSent) return text;
  const headers: Record<string, string | number> = {
    "Content-Type": r.contentType ?? "application/json; charset=utf-8",
    ...stringHeaders(r.headers),
    "Content-Length": Buffer.byteLength(text),
  };
  res.writeHead(r.status, headers);
  res.end(text);
  return text;
}

function stringHeaders(h: Record<string, string | number> | undefined): Record<string, string | number> {
  return h ? { ...h } : {};
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Valid-looking JSON with one syntax error near the start, so no parser accepts it. */
function malform(text: string): string {
  const i = text.indexOf('"');
  if (i >= 0) return `${text.slice(0, i)}'${text.slice(i + 1)}`;
  return `${text.slice(0, 1)},${text.slice(1)}`;
}

/** Still JSON, but the wrong kind of value: a list where an object was due and vice versa. */
function wrongShape(body: unknown): unknown {
  if (Array.isArray(body)) return { data: body };
  if (body && typeof body === "object") return [body];
  return { value: body };
}
