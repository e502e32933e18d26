import { DEFAULT_TOKENS } from "../../emulators/data/index.js";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** One request over a real socket; the body is parsed when it is JSON. */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export function intercomHeaders(token: string = DEFAULT_TOKENS.intercom, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${token}`, "Intercom-Version": "2.11", Accept: "application/json", ...extra };
}

export function oomnitzaHeaders(token: string = DEFAULT_TOKENS.oomnitza): Record<string, string> {
  return { Authorization2: token, Accept: "application/json", "Content-Type": "application/json; charset=utf-8" };
}

export function errorCode(body: unknown): string | undefined {
  return (body as { errors?: Array<{ code?: string }> })?.errors?.[0]?.code;
}
