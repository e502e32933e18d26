import type { InputName } from "./inputs.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Only HTTPS leaves the machine: tokens in clear text over the network would be
 * readable by anyone on the path. Plain http is allowed for loopback (emulators, a
 * local proxy).
 */
export function checkUrl(input: InputName, value: string, name: (n: InputName) => string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name(input)}: ${JSON.stringify(value)} is not a URL; allowed: an https:// URL such as https://acme.oomnitza.com`);
    return "";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push(`${name(input)}: ${JSON.stringify(value)} uses ${url.protocol}; allowed: https:// (http:// only for loopback hosts)`);
  } else if (url.protocol === "http:" && !LOOPBACK.has(url.hostname) && !url.hostname.startsWith("127.")) {
    problems.push(`${name(input)}: ${JSON.stringify(value)} is plain http:// to ${url.hostname}; tokens would cross the network unencrypted, so only https:// is allowed (http:// only for loopback hosts such as 127.0.0.1)`);
  }
  if (url.username || url.password) {
    problems.push(`${name(input)}: the URL carries credentials; put tokens in the token inputs instead`);
  }
  return value.replace(/\/+$/, "");
}

