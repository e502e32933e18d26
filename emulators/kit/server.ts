import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { describeFault, type Controls } from "./controls.js";
import { applyFault, BODY_FAULTS } from "./faults.js";
import type { LoggedRequest, RequestLog } from "./log.js";
import { notifyObservers } from "./observe.js";
import type { ApiRequest, ApiResponse, EmulatorApi, Resolved } from "./types.js";

/**
 * The HTTP plumbing every emulator shares: body reading, the request log, latency,
 * injected faults and clean shutdown. Each API only resolves routes and answers.
 */
export interface ServerOptions {
  /** Which API this is: Intercom and Oomnitza answers go to the response observers, GitHub's do not. */
  name: "intercom" | "oomnitza" | "github";
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

    const write = controls.takeWrite(method);
    try {
      await answer(apiReq, resolved, entry, res, req.socket, write === "refused");
    } finally {
      if (write === "taken") controls.writeDone();
    }
  }

  /** After the latency: a write over the limit is refused, a planned fault happens, or the route answers. */
  async function answer(apiReq: ApiRequest, resolved: Resolved, entry: LoggedRequest, res: ServerResponse, socket: Socket, overWriteLimit: boolean): Promise<void> {
    const delay = controls.delayFor(resolved.route);
    if (delay > 0) await sleep(delay);
    if (closing || res.destroyed) return;

    if (overWriteLimit) {
      const retryAfter = controls.writeLimit?.retryAfter;
      const refusal = api.statusFault({ status: 429, ...(retryAfter !== undefined ? { retryAfter } : {}) }, apiReq);
      entry.fault = "write-limit";
      entry.status = refusal.status;
      log.add(entry);
      reply(res, refusal, entry);
      return;
    }
    const planned = controls.takeFault(resolved.route);
    if (planned) entry.fault = describeFault(planned);
    const corruptsBody = planned !== undefined && BODY_FAULTS.has(planned.fault as string);

    let response: ApiResponse | undefined;
    if (!planned || planned.afterApply || corruptsBody) {
      response = await resolved.handler(apiReq);
    }
    if (planned) {
      applyFault(planned, { api, req: apiReq, real: response, res, socket, entry, reply: (r) => reply(res, r, entry) });
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
    const name = options.name;
    if (name === "github") return;
    notifyObservers(() => ({ api: name, method: entry.method, route: entry.route, status: r.status, contentType: r.contentType ?? "application/json; charset=utf-8", text, ...(entry.fault ? { fault: entry.fault } : {}) }));
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

/** Writes the answer; returns the body text. */
export function send(res: ServerResponse, r: ApiResponse): string {
  const text = r.text ?? (r.body === undefined ? "" : JSON.stringify(r.body));
  if (res.destroyed || res.headersSent) return text;
  if (r.status === 204) {
    // No content: no body and no body headers.
    res.writeHead(204, { ...r.headers });
    res.end();
    return "";
  }
  const headers: Record<string, string | number> = {
    "Content-Type": r.contentType ?? "application/json; charset=utf-8",
    ...r.headers,
    "Content-Length": r.bytes ? r.bytes.byteLength : Buffer.byteLength(text),
  };
  res.writeHead(r.status, headers);
  res.end(r.bytes ? Buffer.from(r.bytes) : text);
  return text;
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
