export { HttpClient, routeOf, type Attempt, type CallStats, type HttpOptions } from "./client.js";
export { describeApi, HttpError, parseJson, summariseErrorBody, unreachableHint, withHint, type ApiName, type HttpResult } from "./errors.js";
export type { RetryPolicy } from "./retry.js";
export type { RequestSpec } from "./transport.js";
