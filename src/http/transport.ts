import type http from "node:http";
import type https from "node:https";
import { StringDecoder } from "node:string_decoder";
import fetch, { type Response } from "node-fetch";
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

/** The encodings node-fetch undoes (`compress: true`, which also asks for gzip, deflate and br). */
const DECODED = new Set(["gzip", "x-gzip", "deflate", "x-deflate", "br"]);

/**
 * One attempt through node-fetch: the answer, or why there is none. Redirects are
 * refused (the request carries credentials), bodies over the limit are cut off (counted
 * after decompression, as they stream), and every message names the API and host,
 * never a header. A cancellation cuts the request off like its timeout, and says so.
 */
export async function sendOnce(spec: RequestSpec, transport: Transport, cancel?: AbortSignal): Promise<HttpResult | HttpError> {
  const url = new URL(spec.url);
  if (cancel?.aborted) return new HttpError(transport.redactor.redact(`${spec.what}: not sent, the run was cancelled`), spec.api, undefined, false, "cancelled");
  const headers: Record<string, string> = { ...spec.headers };
  let body: string | undefined;
  if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  const controller = new AbortController();
  let cut: Cut = undefined;
  const stop = (why?: Cut) => {
    cut ??= why;
    controller.abort();
  };
  const timer = setTimeout(() => stop("timeout"), transport.timeoutMs);
  const onCancel = () => stop("cancelled");
  cancel?.addEventListener("abort", onCancel, { once: true });
  let answered = false;
  try {
    const agent = url.protocol === "https:" ? transport.agents.https : transport.agents.http;
    const response = await fetch(url, { method: spec.method, headers, body, agent, signal: controller.signal, redirect: "manual", compress: true });
    answered = true;
    if (response.status >= 300 && response.status < 400) return refuseRedirect(spec, url, response, transport.redactor);
    const encoding = response.headers.get("content-encoding")?.trim() ?? "";
    const compressed = encoding !== "" && encoding !== "identity";
    if (compressed && !DECODED.has(encoding)) {
      drop(response, stop);
      throw Object.assign(new Error(`the answer is encoded as ${encoding}, which is not understood`), { code: "ERR_CONTENT_ENCODING" });
    }
    const declared = Number(response.headers.get("content-length"));
    if (!compressed && Number.isFinite(declared) && declared > transport.maxBodyBytes) {
      drop(response, stop);
      throw tooLarge();
    }
    const text = await readText(response, transport.maxBodyBytes, stop);
    return { status: response.status, headers: headersOf(response), text };
  } catch (err) {
    // A request that cannot be built (a header value with a line break) never left: not a network failure, thrown as it was.
    if (!answered && err instanceof TypeError) throw err;
    return networkError(spec, url, err, cut, transport, answered);
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener("abort", onCancel);
  }
}

/**
 * The body as text, decoded chunk by chunk as it comes (a decoder keeps a character
 * split between chunks): each chunk is a slice of a 64 KiB read buffer that lives as
 * long as the chunk does, and read buffers held until the end of a long answer outlive
 * young garbage and pile up. Past `maxBytes` (decompressed) the request is cut off.
 */
function readText(response: Response, maxBytes: number, stop: () => void): Promise<string> {
  const stream = response.body;
  if (!stream) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder("utf8");
    let text = "";
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        text += decoder.write(chunk);
        return;
      }
      stream.off("data", onData);
      reject(tooLarge());
      stop();
    };
    stream.on("data", onData);
    stream.once("end", () => resolve(text + decoder.end()));
    // An abort may report a failure more than once: only the first counts, and every one is heard.
    stream.on("error", (err) => reject(premature(err)));
  });
}

/** Cuts the request off without reading the body (whose abort error then goes nowhere). */
function drop(response: Response, stop: () => void): void {
  response.body?.on("error", () => undefined);
  stop();
}

/**
 * A transfer cut off mid-answer: node-fetch's own check of a chunked answer's end
 * ("Premature close") says what node:http says when the connection drops ("aborted").
 */
function premature(err: Error & { code?: string }): Error {
  return err.code === "ERR_STREAM_PREMATURE_CLOSE" ? Object.assign(new Error("aborted"), { code: "ECONNRESET" }) : err;
}

/** Headers node:http keeps once (a repeat is dropped); the others are joined with ", ". */
const SINGLE = new Set(["age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host", "if-modified-since", "if-unmodified-since", "last-modified", "location", "max-forwards", "proxy-authorization", "referer", "retry-after", "server", "user-agent"]);

/** The answer's headers by lower-case name; repeated ones joined with ", ". */
function headersOf(response: Response): Map<string, string> {
  const headers = new Map<string, string>();
  for (const [name, values] of Object.entries(response.headers.raw())) {
    if (values.length > 0) headers.set(name, SINGLE.has(name) ? (values[0] as string) : values.join(", "));
  }
  return headers;
}

function refuseRedirect(spec: RequestSpec, url: URL, response: Response, redactor: Redactor): HttpError {
  const location = response.headers.get("location") ?? "";
  let target = location;
  try {
    target = new URL(location, url).host;
  } catch {
    /* keep the raw value */
  }
  // Read and drop the body, so the socket goes back to the pool.
  response.body?.on("error", () => undefined).resume();
  return new HttpError(
    redactor.redact(
      `${spec.what}: ${describeApi(spec.api)} answered ${response.status} redirecting to ${target || "an unnamed location"}; ` +
        `redirects are not followed because the request carries credentials. Use the final URL in the settings.`,
    ),
    spec.api,
    response.status,
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
  // It was reached: it answered too much. Said as such, not as "could not be reached".
  if (tooLarge) {
    return new HttpError(transport.redactor.redact(`${spec.what}: ${describeApi(spec.api)} at ${url.host} answered, but the response was too large (over ${Math.round(transport.maxBodyBytes / 1024)} KiB); it was not read further`), spec.api, undefined, unknown, code);
  }
  const reason = cut === "timeout"
      ? `no response within ${Math.round(transport.timeoutMs / 1000)} s`
      : `${code ? code + ": " : ""}${systemMessage(err)}`;
  return new HttpError(
    transport.redactor.redact(`${spec.what}: ${describeApi(spec.api)} at ${url.host} could not be reached (${reason})`),
    spec.api,
    undefined,
    unknown,
    cut === "timeout" ? "timeout" : code,
  );
}

/** The system's own words: node-fetch wraps them in "request to <url> failed, reason: …", which repeats the URL. */
function systemMessage(err: unknown): string {
  const message = (err as Error).message ?? String(err);
  const wrapped = /^request to .* failed, reason: (.*)$/s.exec(message);
  return wrapped ? (wrapped[1] as string) : message;
}

const tooLarge = () => Object.assign(new Error("response too large"), { code: "ERR_BODY_TOO_LARGE" });
