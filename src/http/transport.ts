import type http from "node:http";
import type https from "node:https";
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

/**
 * One attempt: the answer, or why there is none. Redirects are refused (the request
 * carries credentials), bodies over the limit are cut off, and every message names
 * the API and host, never a header.
 */
export async function sendOnce(spec: RequestSpec, transport: Transport, cancel?: AbortSignal): Promise<HttpResult | HttpError> {
  const url = new URL(spec.url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), transport.timeoutMs);
  // Cancellation cuts the request off like its timeout, and says so.
  const onCancel = () => controller.abort();
  cancel?.addEventListener("abort", onCancel, { once: true });
  if (cancel?.aborted) controller.abort();
  const cut = () => (cancel?.aborted ? "cancelled" : controller.signal.aborted ? "timeout" : undefined);
  try {
    return await attempt(spec, url, transport, controller, cut);
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener("abort", onCancel);
  }
}

async function attempt(spec: RequestSpec, url: URL, transport: Transport, controller: AbortController, cut: () => "cancelled" | "timeout" | undefined): Promise<HttpResult | HttpError> {
  const headers: Record<string, string> = { ...spec.headers };
  let body: string | undefined;
  if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
  }
  let response: Response;
  try {
    response = await fetch(url.toString(), {
      method: spec.method,
      headers,
      body,
      redirect: "manual",
      signal: controller.signal,
      agent: url.protocol === "https:" ? transport.agents.https : transport.agents.http,
      compress: true,
    });
  } catch (err) {
    return networkError(spec, url, err, cut(), transport);
  }
  try {
    if (response.status >= 300 && response.status < 400) return refuseRedirect(spec, url, response, transport.redactor);
    const text = await readText(response, controller, transport.maxBodyBytes);
    const answerHeaders = new Map<string, string>();
    response.headers.forEach((value, key) => answerHeaders.set(key.toLowerCase(), value));
    return { status: response.status, headers: answerHeaders, text };
  } catch (err) {
    return networkError(spec, url, err, cut(), transport, true);
  }
}

function refuseRedirect(spec: RequestSpec, url: URL, response: Response, redactor: Redactor): HttpError {
  const location = response.headers.get("location") ?? "";
  let target = location;
  try {
    target = new URL(location, url).host;
  } catch {
    /* keep the raw value */
  }
  response.body?.resume?.();
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

function networkError(spec: RequestSpec, url: URL, err: unknown, cut: "cancelled" | "timeout" | undefined, transport: Transport, afterHeaders = false): HttpError {
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

async function readText(response: Response, controller: AbortController, maxBytes: number): Promise<string> {
  const tooLarge = () => Object.assign(new Error("response too large"), { code: "ERR_BODY_TOO_LARGE" });
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return "";
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      controller.abort();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  const whole = Buffer.concat(chunks, size);
  chunks.length = 0; // the pieces are garbage once joined
  return whole.toString("utf8");
}
