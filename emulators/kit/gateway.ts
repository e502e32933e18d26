import type { ApiResponse } from "./types.js";

/** What a load balancer in front of either API sends for 502/504: HTML, not the API's JSON. */
export function gatewayPage(status: 502 | 504): ApiResponse {
  const title = status === 502 ? "502 Bad Gateway" : "504 Gateway Time-out";
  return { status, text: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>\n`, contentType: "text/html" };
}

/** Adds `Retry-After: <seconds>` when seconds are given. */
export function withRetryAfter(r: ApiResponse, seconds: number | undefined): ApiResponse {
  return seconds === undefined ? r : { ...r, headers: { ...r.headers, "Retry-After": seconds } };
}
