import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { PlannedFault } from "./controls.js";
import type { LoggedRequest } from "./log.js";
import type { ApiRequest, ApiResponse, EmulatorApi } from "./types.js";

/** Faults that break a real answer, so the request is processed first (as a server that answered would have). */
export const BODY_FAULTS = new Set(["malformed-json", "truncated-json", "truncated-body", "wrong-shape", "html-page"]);

export interface FaultContext {
  api: EmulatorApi;
  req: ApiRequest;
  /** The processed answer, when there is one. */
  real: ApiResponse | undefined;
  res: ServerResponse;
  socket: Socket;
  entry: LoggedRequest;
  /** Sends an answer and tells the observers. */
  reply: (r: ApiResponse) => void;
}

/** Answers (or deliberately fails to answer) as the planned fault says. */
export function applyFault(planned: PlannedFault, c: FaultContext): void {
  const f = planned.fault;
  if (f === "reset") {
    c.socket.destroy();
    return;
  }
  if (f === "hang") return; // never answer; close() destroys the socket
  if (f === "html-page") {
    // A proxy or a login page between the client and the API: the request went through, the answer is HTML.
    const status = c.real?.status ?? 200;
    c.entry.status = status;
    c.reply({ status, text: "<!DOCTYPE html><html><head><title>Please wait</title></head><body><h1>Checking your browser…</h1></body></html>", contentType: "text/html; charset=utf-8" });
    return;
  }
  if (f === "malformed-json" || f === "truncated-json" || f === "wrong-shape" || f === "truncated-body") {
    const base = c.real ?? { status: 200, body: {} };
    const text = base.text ?? JSON.stringify(base.body ?? null);
    c.entry.status = base.status;
    if (f === "truncated-body") {
      // Announce the whole length, send half, drop the connection: a cut-off transfer.
      c.res.writeHead(base.status, { ...base.headers, "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
      c.res.write(text.slice(0, Math.floor(text.length / 2)));
      setImmediate(() => c.socket.destroy());
      return;
    }
    let out: string;
    if (f === "malformed-json") out = malform(text);
    else if (f === "truncated-json") out = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    else out = JSON.stringify(wrongShape(base.body));
    c.reply({ status: base.status, headers: base.headers, text: out, contentType: "application/json; charset=utf-8" });
    return;
  }
  if ("body" in f) {
    c.entry.status = f.status ?? 500;
    c.reply({ status: f.status ?? 500, text: f.body, contentType: "application/json; charset=utf-8" });
    return;
  }
  if ("redirect" in f) {
    const status = f.status ?? 302;
    c.entry.status = status;
    const location = `${f.redirect.replace(/\/+$/, "")}${c.req.path}${c.req.rawQuery ? `?${c.req.rawQuery}` : ""}`;
    c.reply({ status, headers: { Location: location }, text: "", contentType: "text/plain" });
    return;
  }
  const answer = c.api.statusFault(f, c.req);
  c.entry.status = answer.status;
  c.reply(answer);
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
