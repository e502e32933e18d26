import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { parseGithubOutput, ROOT } from "../support/run-bundle.js";
import { tempDir } from "../support/temp.js";
import { changelogSection } from "../../scripts/changelog.js";

/** .github/workflows/release.yml and the supply-chain parts of ci.yml; actionlint checks the syntax. */

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
  strategy?: { matrix: { node: number[] } };
}

const read = (name: string) => YAML.parse(readFileSync(path.join(ROOT, ".github", "workflows", name), "utf8"));
const release = read("release.yml") as { on: unknown; permissions: unknown; concurrency: Record<string, unknown>; jobs: Record<string, Job> };
const ci = read("ci.yml") as { permissions: unknown; jobs: Record<string, Job> };
const needs = (job: Job) => [job.needs ?? []].flat();
const runs = (job: Job) => job.steps.map((step) => step.run ?? "").join("\n");
const stepNamed = (job: Job, pattern: RegExp) => job.steps.find((step) => pattern.test(step.name ?? "")) as Step;
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };

/** Runs one `run:` script of a workflow with bash, as the runner would, in `cwd`. */
function runStep(script: string, cwd: string, env: Record<string, string>) {
  return spawnSync("bash", ["-e", "-o", "pipefail", "-c", script], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
}

describe(".github/workflows/release.yml", () => {
  it("runs on a vX.Y.Z tag push only, one release at a time, never cancelled", () => {
    expect(release.on).toEqual({ push: { tags: ["v[0-9]+.[0-9]+.[0-9]+"] } });
    expect(release.concurrency["cancel-in-progress"]).toBe(false);
  });

  it("gives the token nothing by default; contents: write and id-token: write only to the jobs that need them", () => {
    expect(release.permissions).toEqual({});
    expect(release.jobs.prepare?.permissions).toEqual({ contents: "read" });
    expect(release.jobs.verify?.permissions).toEqual({ contents: "read" });
    expect(release.jobs["github-release"]?.permissions).toEqual({ contents: "write" });
    expect(release.jobs.publish?.permissions).toEqual({ contents: "read", "id-token": "write" });
    for (const [name, job] of Object.entries(release.jobs)) expect(job.permissions, name).toBeDefined();
  });

  it("verifies the tagged commit (dist/ rebuilt and compared, the tests) on Node 20 and 24 before anything is released", () => {
    const verify = release.jobs.verify as Job;
    expect(verify.strategy?.matrix.node).toEqual([20, 24]);
    expect(runs(verify)).toMatch(/npm run build\n\s*if \[ -n "\$\(git status --porcelain -- dist\)" \]/);
    expect(runs(verify)).toMatch(/^npm test$/m);
    expect(needs(release.jobs["github-release"] as Job)).toEqual(expect.arrayContaining(["verify", "prepare"]));
    expect(needs(release.jobs.publish as Job)).toEqual(expect.arrayContaining(["verify", "prepare"]));
  });

  it("publishes the npm package with provenance, with the token from the NPM_TOKEN secret", () => {
    const publish = stepNamed(release.jobs.publish as Job, /^Publish/);
    expect(publish.run).toContain("npm publish --provenance --access public");
    expect(publish.env).toEqual({ NODE_AUTH_TOKEN: "${{ secrets.NPM_TOKEN }}" });
    const setup = (release.jobs.publish as Job).steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setup?.with?.["registry-url"]).toBe("https://registry.npmjs.org");
    expect(runs(release.jobs.publish as Job)).not.toMatch(/npm (ci|install)/); // nothing from the registry runs next to the token
  });

  it("the notes step checks the tag against package.json and passes the changelog section on as an output", () => {
    const step = stepNamed(release.jobs.prepare as Job, /CHANGELOG\.md has its section/);
    const temp = tempDir("ios-relwf-");
    const files = { RUNNER_TEMP: temp, GITHUB_OUTPUT: path.join(temp, "output"), GITHUB_STEP_SUMMARY: path.join(temp, "summary") };
    writeFileSync(files.GITHUB_OUTPUT, "");
    writeFileSync(files.GITHUB_STEP_SUMMARY, "");
    const ok = runStep(step.run as string, ROOT, { ...files, TAG: `v${pkg.version}` });
    expect(ok.status, ok.stderr).toBe(0);
    const section = changelogSection(readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"), pkg.version);
    expect(parseGithubOutput(readFileSync(files.GITHUB_OUTPUT, "utf8")).notes).toBe(section);
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, "utf8")).toContain(section);
    const wrong = runStep(step.run as string, ROOT, { ...files, TAG: "v99.0.0" });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("the tag v99.0.0 is not the version in package.json");
  });

  it("the major-tag step moves vX to the released commit on the remote", () => {
    const step = stepNamed(release.jobs["github-release"] as Job, /major tag/);
    const temp = tempDir("ios-relwf-");
    const [remote, clone] = [path.join(temp, "remote.git"), path.join(temp, "clone")];
    const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgSign=false", ...args], { cwd, encoding: "utf8" }).trim();
    git(temp, "init", "--quiet", "--bare", remote);
    git(temp, "init", "--quiet", clone);
    git(clone, "remote", "add", "origin", remote);
    git(clone, "commit", "--quiet", "--allow-empty", "--message", "1.0.0");
    git(clone, "tag", "v1", "HEAD");
    git(clone, "push", "--quiet", "origin", "HEAD:refs/heads/main", "refs/tags/v1");
    git(clone, "commit", "--quiet", "--allow-empty", "--message", "1.0.1");
    const released = git(clone, "rev-parse", "HEAD");
    const summary = path.join(temp, "summary");
    writeFileSync(summary, "");
    const run = runStep(step.run as string, clone, { TAG: "v1.0.1", GITHUB_STEP_SUMMARY: summary });
    expect(run.status, run.stderr).toBe(0);
    expect(git(remote, "rev-parse", "refs/tags/v1")).toBe(released);
    expect(readFileSync(summary, "utf8")).toBe(`v1 now points to ${released} (v1.0.1)\n`);
  });
});

describe(".github/workflows/ci.yml", () => {
  it("gives the token nothing by default, and each job only contents: read", () => {
    expect(ci.permissions).toEqual({});
    for (const [name, job] of Object.entries(ci.jobs)) expect(job.permissions, name).toEqual({ contents: "read" });
  });

  it("still tests on Node 20 and 24 and checks that dist/ is fresh", () => {
    const test = ci.jobs.test as Job;
    expect(test.strategy?.matrix.node).toEqual([20, 24]);
    expect(runs(test)).toMatch(/^npm test$/m);
    expect(runs(test)).toMatch(/npm run build\n\s*.*\n?\s*if \[ -n "\$\(git status --porcelain -- dist\)" \]/);
  });

  it("audits every dependency (the bundle is built from them) at high severity, and the registry signatures", () => {
    const audit = runs(ci.jobs.audit as Job);
    expect(audit).toMatch(/^npm audit --audit-level=high$/m);
    expect(audit).not.toContain("--omit=dev");
    expect(audit).toMatch(/^npm audit signatures$/m);
  });
});
