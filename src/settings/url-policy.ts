import type { InputName } from "./inputs.js";

/** Literal IPv4 loopback (127.0.0.0/8), as the URL parser normalises it (`127.1` becomes `127.0.0.1`). */
const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Loopback means loopback: `localhost`, `[::1]` and literal 127.0.0.0/8 addresses.
 * A name that merely starts with "127." (`127.attacker.example`) is somebody's host.
 */
export function isLoopback(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  const match = IPV4_LOOPBACK.exec(hostname);
  return match !== null && match.slice(1).every((part) => Number(part) <= 255);
}

/**
 * How a URL may be shown in a message. The heartbeat URL's path and query are usually
 * the monitoring service's secret, so only its scheme and host are ever shown; an API
 * URL is shown without credentials or query (either may hold a token).
 */
function shown(url: URL, input: InputName): string {
  const base = `${url.protocol}//${url.host}`;
  return input === "heartbeat-url" || url.pathname === "/" ? base : `${base}${url.pathname}`;
}

/** Text that is not a URL at all, shown without anything that looks like credentials (never for the heartbeat). */
function shownRaw(value: string, input: InputName): string {
  if (input === "heartbeat-url") return "the value given";
  const flat = value.replace(/\/\/[^/?#]*@/, "//").replace(/[?#].*$/, "");
  return JSON.stringify(flat.length > 120 ? `${flat.slice(0, 119)}…` : flat);
}

/**
 * Only HTTPS leaves the machine: tokens in clear text over the network would be
 * readable by anyone on the path. Plain http is allowed for loopback (emulators, a
 * local proxy). The API URLs are an instance's address and nothing more: a path, a
 * query, a fragment or credentials are refused before any request, with the address
 * to use instead (`…/api/v3` would otherwise become `/api/v3/api/v3/users`). No problem
 * repeats a password, a query or the heartbeat URL's path. Each problem is in words
 * that follow the input's name ("…: the URL has a path (/api/v3); …").
 */
export function urlProblems(input: InputName, value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [`${shownRaw(value, input)} is not a URL; allowed: an https:// URL such as ${input === "heartbeat-url" ? "https://hc-ping.com/<your check>" : "https://acme.oomnitza.com"}`];
  }
  const where = shown(url, input);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return [`${JSON.stringify(where)} uses ${url.protocol}; allowed: https:// (http:// only for loopback hosts)`];
  }
  const problems: string[] = [];
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    problems.push(`${JSON.stringify(where)} is plain http:// to ${url.hostname}; tokens would cross the network unencrypted, so only https:// is allowed (http:// only for loopback: localhost, [::1], 127.0.0.1 to 127.255.255.255)`);
  }
  if (url.username || url.password) {
    problems.push(`the URL carries a user name or password, which would be sent to every proxy and log on the way; use ${JSON.stringify(shown(withoutCredentials(url), input))} and put tokens in the token settings`);
  }
  if (input === "heartbeat-url") return problems;
  const extras = [
    url.pathname.replace(/\/+$/, "") !== "" ? `a path (${url.pathname})` : "",
    url.search ? "a query string" : "",
    url.hash ? "a fragment" : "",
  ].filter(Boolean);
  if (extras.length) {
    problems.push(`the URL has ${extras.join(" and ")}; give the ${input === "oomnitza-url" ? "instance's" : "API's"} address only: ${apiOrigin(value)}`);
  }
  return problems;
}

/** The address an API URL that passed `urlProblems` stands for: scheme and host (`https://ACME.oomnitza.com//` is `https://acme.oomnitza.com`). */
export function apiOrigin(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}`;
}

function withoutCredentials(url: URL): URL {
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  return copy;
}
