import type { RequestLog } from "../kit/log.js";

/** The shapes the fake GitHub API stores and offers to tests. */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason: string | null;
  labels: string[];
  comments: string[];
  created_at: string;
  /** Set for pull requests, which GitHub lists among the issues. */
  pull_request?: { url: string };
}

export interface FakeRun {
  id: number;
  workflow_id: number;
  status: "queued" | "in_progress" | "completed";
  conclusion: "success" | "failure" | "cancelled" | null;
  /** ISO 8601; created_at defaults to it. */
  run_started_at: string;
  created_at?: string;
}

/** A workflow run's artifact: a zip the fake serves, or one that expired or is not a zip. */
export interface FakeArtifact {
  id: number;
  name: string;
  workflow_run_id: number;
  /** ISO 8601. */
  created_at: string;
  expired?: boolean;
  /** The zip's bytes; a text that is not a zip makes a corrupt download. */
  zip: Uint8Array | string;
}

export interface GitHubFakeOptions {
  /** "owner/repo" the fake serves; other repositories are 404. Default "acme/people-sync". */
  repository?: string;
  /** The token it accepts (as "token X" or "Bearer X"). Default a made-up one. */
  token?: string;
  runs?: FakeRun[];
  issues?: Array<Partial<FakeIssue> & { title: string }>;
  labels?: string[];
  /** Artifacts of earlier runs (`GET …/actions/artifacts` and their zip downloads). */
  artifacts?: FakeArtifact[];
}

/** Which parts answer 403 "Resource not accessible by integration", as GITHUB_TOKEN without the permission does. */
export interface GitHubDenials {
  issues: boolean;
  actions: boolean;
}

export interface GitHubFake {
  /** The API base (GITHUB_API_URL), no trailing slash. */
  url: string;
  token: string;
  owner: string;
  repo: string;
  issues: FakeIssue[];
  labels: Map<string, { name: string; color: string; description: string | null }>;
  runs: FakeRun[];
  artifacts: FakeArtifact[];
  deny: GitHubDenials;
  log: RequestLog;
  /** The next `n` calls to `route` (e.g. "GET /repos/:owner/:repo/issues") answer `status` (default 502). */
  failNext(route: string, n: number, status?: number): void;
  openIssues(label?: string): FakeIssue[];
  close(): Promise<void>;
}
