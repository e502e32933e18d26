import http from "node:http";
import https from "node:https";
import { StringDecoder } from "node:string_decoder";
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
 * the API and host, never a header. Plain node:http with listeners rather than streams:
 * thousands of writes make little garbage. A cancellation cuts the request off like its
 * timeout, and says so.
 */
export function sendOnce(spec: RequestSpec, transport: Transport, cancel?: AbortSignal): Promise<HttpResult | HttpError> {
  const url = new URL(spec.url);
  if (cancel?.aborted) return Promise.resolve(new HttpError(transport.redactor.redact(`${spec.what}: not sent, the run was cancelled`), spec.api, undefined, false, "cancelled"));
  const headers: Record<string, string> = { Accept: "*/*", "Accept-Encoding": ACCEPT_ENCODING, ...spec.headers };
  let body: string | undefined;
  if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve) => {
    let cut: Cut = undefined;
    let answered = false;
    let settled = false;
    const finish = (result: HttpResult | HttpError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cancel?.removeEventListener("abort", onCancel);
      resolve(result);
    };
    const failed = (err: unknown) => finish(networkError(spec, url, err, cut, transport, answered));
    const secure = url.protocol === "https:";
    const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    const options = { hostname, port: url.port || undefined, path: url.pathname + url.search, method: spec.method, headers, agent: secure ? transport.agents.https : transport.agents.http };
    const request = (secure ? https : http).request(options);
    const timer = setTimeout(() => {
      cut ??= "timeout";
      request.destroy(new Error("timed out"));
    }, transport.timeoutMs);
    const onCancel = () => {
      cut ??= "cancelled";
      request.destroy(new Error("cancelled"));
    };
    cancel?.addEventListener("abort", onCancel, { once: true });
    // An abort may report a failure twice (the request's own, then its socket's): only the first counts.
    request.on("error", failed);
    request.once("response", (response: http.IncomingMessage) => {
      answered = true;
      response.on("error", failed);
      response.on("close", () => response.complete || failed(Object.assign(new Error("the connection closed before the whole answer came"), { code: "ECONNRESET" })));
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        finish(refuseRedirect(spec, url, response, transport.redactor));
        return;
      }
      const encoding = (response.headers["content-encoding"] ?? "").trim().toLowerCase();
      const compressed = encoding !== "" && encoding !== "identity";
      const declared = Number(response.headers["content-length"]);
      const tooBig = () => {
        response.destroy();
        failed(tooLarge());
      };
      if (!compressed && Number.isFinite(declared) && declared > transport.maxBodyBytes) return tooBig();
      // Each chunk is a slice of a 64 KiB read buffer that lives as long as the chunk does, so
      // it is decoded as it comes (a decoder keeps a character split between chunks) and
      // let go: read buffers held until the end of a long answer outlive young garbage and
      // pile up. Compressed answers (rare) are gathered whole.
      const decoder = compressed ? undefined : new StringDecoder("utf8");
      const chunks: Buffer[] = [];
      let text = "";
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > transport.maxBodyBytes) tooBig();
        else if (decoder) text += decoder.write(chunk);
        else chunks.push(chunk);
      });
      response.on("end", () => {
        const answer = (body: string) => finish({ status, headers: headersOf(response), text: body });
        if (decoder) answer(text + decoder.end());
        else decompress(Buffer.concat(chunks, size), encoding, transport.maxBodyBytes).then((bytes) => answer(bytes.toString("utf8")), failed);
      });
    });
    request.end(body);
  });
}

/** The answer's headers by lower-case name; repeated ones joined with ", ". */
function headersOf(response: http.IncomingMessage): Map<string, string> {
  const headers = new Map<string, string>();
  for (const key in response.headers) {
    const value = response.headers[key];
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
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

/** Why a request was cut off by this side, if it was. */
type Cut = "cancelled" | "timeout" | undefined;

function networkError(spec: RequestSpec, url: URL, err: unknown, cut: Cut, transport: Transport, afterHeaders = false): HttpError {
  const code = (err as { code?: string }).code;
  const sent = afterHeaders || !(code && NOT_SENT_CODES.has(code));
  const tooLarge = code === "ERR_BODY_TOO_LARGE";
  const unknown = sent && spec.method !== "GET";
  if (cut === "cancelled" && !tooLarge) {
    const maybe = unknown ? `; ${describeApi(spec.api)} may or may not have applied it (the next run reads what it holds)` : "";
    return new HttpError(transport.redactor.redact(`${spec.what}: cut off because the run was cancelled${maybe}`), spec.api, undefined, unknown, "cancelled");
  }
  const reason = tooLarge
    ? `the response was too large (over ${Math.round(transport.maxBodyBytes / 1024)} KiB)`
    : cut === "timeout"
      ? `no response within ${Math.round(transport.timeoutMs / 1000)} s`
      : `${code ? code + ": " : ""}${(err as Error).message ?? String(err)}`;
  return new HttpError(
    transport.redactor.redact(`${spec.what}: ${describeApi(spec.api)} at ${url.host} could not be reached (${reason})`),
    spec.api,
    undefined,
    unknown,
    tooLarge ? code : cut === "timeout" ? "timeout" : code,
  );
}

const tooLarge = () => Object.assign(new Error("response too large"), { code: "ERR_BODY_TOO_LARGE" });

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
