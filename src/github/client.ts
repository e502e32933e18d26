import type { getOctokit } from "@actions/github";
import { cutCredentialHeaders, type Redactor } from "../redact.js";
import type { RunContext } from "./context.js";

export type Octokit = ReturnType<typeof getOctokit>;

/** No GitHub call may hold up the end of a run: the job's own timeout is not far off. */
export const GITHUB_TIMEOUT_MS = 20_000;

/** An Octokit bound to this run's repository and API base (GITHUB_API_URL, which GHES sets). */
export interface GitHubRepo {
  octokit: Octokit;
  context: RunContext;
  /** Spread into every call: the repository and a per-request timeout. */
  params(): { owner: string; repo: string; request: { signal: AbortSignal } };
}

/**
 * Loaded on first use: Octokit is the largest part of the bundle, and a run that opens
 * no issue (the CLI, a run outside Actions) should not pay for it at start-up.
 */
export async function connectGitHub(context: RunContext, token: string): Promise<GitHubRepo> {
  const { getOctokit: create } = await import("@actions/github");
  const octokit = create(token, { baseUrl: context.apiUrl });
  retryTransientFailures(octokit);
  return {
    octokit,
    context,
    params: () => ({ owner: context.owner, repo: context.repo, request: { signal: AbortSignal.timeout(GITHUB_TIMEOUT_MS) } }),
  };
}

/**
 * GITHUB_TOKEN without the needed permission gets 403 "Resource not accessible by
 * integration"; a fine-grained token without access to the repository gets 404.
 */
export function isPermissionError(err: unknown): boolean {
  const status = (err as { status?: unknown }).status;
  return status === 403 || status === 404;
}

const NETWORK_FAILURE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|fetch failed|socket hang up|network|aborted|timeout/i;

/**
 * One line, no secrets: Octokit's messages carry the API's message and a docs link. A
 * request that never reached GitHub (Octokit gives those status 500 too) is named as
 * such, so a DNS failure does not read as "GitHub answered 500".
 */
export function describeGitHubError(err: unknown, redactor: Redactor): string {
  const status = (err as { status?: unknown }).status;
  const message = err instanceof Error ? err.message : String(err);
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const text = cutCredentialHeaders(message).replace(/\s+/g, " ").trim().slice(0, 300);
  const network = NETWORK_FAILURE.test(text) || (cause !== undefined && NETWORK_FAILURE.test(`${String(cause.code ?? "")} ${String(cause.message ?? "")}`));
  if (network) return redactor.redact(`GitHub could not be reached (${text})`);
  return redactor.redact(typeof status === "number" && !text.includes(String(status)) ? `GitHub answered ${status}: ${text}` : text);
}

const RETRY_STATUSES = new Set([500, 502, 503, 504]);
const SAFE_METHODS = new Set(["GET", "HEAD", "PATCH", "PUT"]);

/**
 * GitHub has passing 5xx answers; one of them should not cost the failure issue. Reads
 * and idempotent updates are tried three times, a second apart; a create (an issue,
 * a comment) is not, since a lost answer would make it twice.
 */
export function retryTransientFailures(octokit: Octokit, waitMs = 1000): void {
  octokit.hook.wrap("request", async (request, options) => {
    const method = String(options.method ?? "GET").toUpperCase();
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(options);
      } catch (err) {
        const status = (err as { status?: unknown }).status;
        const transient = typeof status !== "number" || RETRY_STATUSES.has(status);
        if (!SAFE_METHODS.has(method) || !transient || attempt >= 3) throw err;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  });
}
