import http from "node:http";
import https from "node:https";
import type { Redactor } from "../redact.js";
import { describeApi, HttpError, type ApiName, type HttpResult } from "./errors.js";
import { NOT_SENT_CODES } from "./retry.js";

export interface RequestSpec {
  api: ApiName;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /**
   * Whether sending the request twice is harmless. A non-idempotent request is
   * retried only when the server certainly did not act on it (429, or a connection
   * that was refused before anything was sent).
   */
  idempotent: boolean;
  /** Short description for error messages, e.g. "reading Oomnitza users". */
  what: string;
}

export interface Transport {
  timeoutMs: number;
  maxBodyBytes: number;
  agents: { http: http.Agent; https: https.Agent };
  redactor: Redactor;
}

/** What a server may compress an answer with; every one is undone before the body is read. */
const ACCEPT_ENCODING = "gzip, deflate, br";

/**
 * One attempt: the answer, or why there is none. Redirects are refused (the request
 * carries credentials), bodies over the limit are cut off, and every message names
 * the API and host, never a header. Plain node:http, so nothing but the request and its
 * answer is made per call.
 */
export async function sendOnce(spec: RequestSpec, transport: Transport): Promise<HttpResult | HttpError> {
  const url = new URL(spec.url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs);
  const headers: Record<string, string> = { Accept: "*/*", "Accept-Encoding": ACCEPT_ENCODING, ...spec.headers };
  let body: string | undefined;
  if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }
  let response: http.IncomingMessage;
  try {
    response = await send(url, spec.method, headers, body, controller.signal, transport);
  } catch (err) {
    clearTimeout(timer);
    return networkError(spec, url, err, controller.signal.aborted, transport);
  }
  try {
    if (response.statusCode !== undefined && response.statusCode >= 300 && response.statusCode < 400) return refuseRedirect(spec, url, response, transport.redactor);
    const text = await readText(response, transport.maxBodyBytes);
    const answerHeaders = new Map<string, string>();
    for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) answerHeaders.set(key, Array.isArray(value) ? value.join(", ") : value);
    return { status: response.statusCode ?? 0, headers: answerHeaders, text };
  } catch (err) {
    return networkError(spec, url, err, controller.signal.aborted, transport, true);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends the request; resolves with the answer once its headers are in. An abort destroys the request (and its answer). */
function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal, transport: Transport): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === "https:";
    const request = (secure ? https : http).request(url, { method, headers, agent: secure ? transport.agents.https : transport.agents.http, signal });
    request.once("response", (response: http.IncomingMessage) => {
      // Its failures reach the reader; once the reader has stopped, a late one must not crash the process.
      response.on("error", () => {});
      resolve(response);
    });
    // Not once: an abort may report the same failure twice (the request's own, then its socket's).
    request.on("error", reject);
    request.end(body);
  });
}

function refuseRedirect(spec: RequestSpec, url: URL, response: http.IncomingMessage, redactor: Redactor): HttpError {
  const location = response.headers.location ?? "";
  let target = location;
  try {
    target = new URL(location, url).host;
  } catch {
    /* keep the raw value */
  }
  response.resume();
  return new HttpError(
    redactor.redact(
      `${spec.what}: ${describeApi(spec.api)} answered ${response.statusCode} redirecting to ${target || "an unnamed location"}; ` +
        `redirects are not followed because the request carries credentials. Use the final URL in the settings.`,
    ),
    spec.api,
    response.statusCode,
    false,
    "redirect",
  );
}

function networkError(spec: RequestSpec, url: URL, err: unknown, timedOut: boolean, transport: Transport, afterHeaders = false): HttpError {
  const code = (err as { code?: string }).code;
  const sent = afterHeaders || !(code && NOT_SENT_CODES.has(code));
  const tooLarge = code === "ERR_BODY_TOO_LARGE";
  const reason = tooLarge
    ? `the response was too large (over ${Math.round(transport.maxBodyBytes / 1024)} KiB)`
    : timedOut
      ? `no response within ${Math.round(transport.timeoutMs / 1000)} s`
      : `${code ? code + ": " : ""}${(err as Error).message ?? String(err)}`;
  return new HttpError(
    transport.redactor.redact(`${spec.what}: ${describeApi(spec.api)} at ${url.host} could not be reached (${reason})`),
    spec.api,
    undefined,
    sent && spec.method !== "GET",
    tooLarge ? code : timedOut ? "timeout" : code,
  );
}

const tooLarge = () => Object.assign(new Error("response too large"), { code: "ERR_BODY_TOO_LARGE" });

async function readText(response: http.IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(response.headers["content-length"]);
  const encoding = (response.headers["content-encoding"] ?? "").trim().toLowerCase();
  const compressed = encoding !== "" && encoding !== "identity";
  if (!compressed && Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
  return (compressed ? await decompress(raw, encoding, maxBytes) : raw).toString("utf8");
}

/** Undoes gzip, deflate or br (zlib is loaded only for an answer that needs it); the result counts against the limit too. */
async function decompress(raw: Buffer, encoding: string, maxBytes: number): Promise<Buffer> {
  const zlib = await import("node:zlib");
  const options = { maxOutputLength: maxBytes };
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return zlib.gunzipSync(raw, { ...options, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    if (encoding === "deflate") return raw.length > 0 && ((raw[0] as number) & 0x0f) === 0x08 ? zlib.inflateSync(raw, options) : zlib.inflateRawSync(raw, options);
    if (encoding === "br") return zlib.brotliDecompressSync(raw, options);
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
    throw err;
  }
  throw Object.assign(new Error(`the answer is encoded as ${encoding}, which is not understood`), { code: "ERR_CONTENT_ENCODING" });
}
