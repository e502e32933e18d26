/** The fake GitHub's artifacts: the list, the zip download (a redirect to blob storage, as GitHub does) and the blob. */
import type { Router } from "../kit/routes.js";
import type { ApiRequest, ApiResponse } from "../kit/types.js";
import type { FakeArtifact, GitHubDenials } from "./types.js";

type Route = { area: keyof GitHubDenials; handle: (req: ApiRequest) => ApiResponse; blob?: boolean };

interface ArtifactContext {
  owner: string;
  repo: string;
  artifacts: FakeArtifact[];
  baseUrl: () => string;
  page: <T>(items: T[], req: ApiRequest) => T[];
  notFound: () => ApiResponse;
  message: (status: number, text: string) => ApiResponse;
}

export function addArtifactRoutes(router: Router<Route>, ctx: ArtifactContext): void {
  const { owner, repo, artifacts, page, notFound, message } = ctx;
  const artifactJson = (a: FakeArtifact) => ({
    id: a.id,
    node_id: `A_${a.id}`,
    name: a.name,
    size_in_bytes: typeof a.zip === "string" ? Buffer.byteLength(a.zip) : a.zip.byteLength,
    url: `${ctx.baseUrl()}/repos/${owner}/${repo}/actions/artifacts/${a.id}`,
    archive_download_url: `${ctx.baseUrl()}/repos/${owner}/${repo}/actions/artifacts/${a.id}/zip`,
    expired: a.expired === true,
    created_at: a.created_at,
    updated_at: a.created_at,
    expires_at: new Date(Date.parse(a.created_at) + 90 * 86400_000).toISOString(),
    workflow_run: { id: a.workflow_run_id, repository_id: 1, head_repository_id: 1, head_branch: "main", head_sha: "0".repeat(40) },
  });
  const baseUrl = () => ctx.baseUrl();
  router
    // Newest first, as GitHub lists them; `name` filters by exact name.
    .add("GET", "/repos/:owner/:repo/actions/artifacts", {
      area: "actions",
      handle: (req) => {
        const name = req.query.get("name");
        const hits = artifacts.filter((a) => !name || a.name === name).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
        return { status: 200, body: { total_count: hits.length, artifacts: page(hits, req).map(artifactJson) } };
      },
    })
    // GitHub answers a download with a redirect to short-lived blob storage; an expired artifact is 410.
    .add("GET", "/repos/:owner/:repo/actions/artifacts/:id/zip", {
      area: "actions",
      handle: (req) => {
        const artifact = artifacts.find((a) => a.id === Number(req.params.id));
        if (!artifact) return notFound();
        if (artifact.expired) return message(410, "Artifact has expired");
        return { status: 302, headers: { Location: `${baseUrl()}/repos/${owner}/${repo}/_blobs/${artifact.id}` }, text: "" };
      },
    })
    .add("GET", "/repos/:owner/:repo/_blobs/:id", {
      area: "actions",
      blob: true,
      handle: (req) => {
        const artifact = artifacts.find((a) => a.id === Number(req.params.id));
        if (!artifact) return notFound();
        return typeof artifact.zip === "string" ? { status: 200, text: artifact.zip, contentType: "application/zip" } : { status: 200, bytes: artifact.zip, contentType: "application/zip" };
      },
    });
}
