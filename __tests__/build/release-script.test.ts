import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/run-bundle.js";
import { tempDir } from "../support/temp.js";
import { changelogSection } from "../../scripts/changelog.js";

/** scripts/release.ts: the rehearsal here, and a real cut in a throw-away copy of the repository. */

const BUILD_TIMEOUT = 240_000; // each run rebuilds both bundles into a temporary folder

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The script's temporary folder: one of this test's own, so another run on the machine cannot leave a folder in it. */
const scratch = tempDir("ios-release-tmp-");

function release(cwd: string, args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", "release.ts"), ...args], { cwd, encoding: "utf8", env: { ...process.env, TMPDIR: scratch } });
}

/** The build folders the script makes (and must remove itself) in its temporary folder. */
function leftoverBuilds(): string[] {
  return readdirSync(scratch).filter((name) => name.startsWith("ios-release-"));
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
const tag = `v${pkg.version}`;
const major = `v${pkg.version.split(".")[0]}`;

describe("npm run release -- --dry-run", () => {
  it("verifies dist/, shows the changelog section and the tags, and creates no tag", () => {
    const tagsBefore = git(ROOT, ["tag", "--list"]);
    const buildsBefore = leftoverBuilds();
    const run = release(ROOT, ["--dry-run", "--skip-tests"]);
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain(`Release rehearsal of ${pkg.name} ${pkg.version} (--dry-run): nothing is tagged, pushed or published.`);
    expect(out).toMatch(/✓ dist verified: a fresh build into a temporary folder is byte for byte dist\/ \(\d+ files\)/);
    expect(out).toContain("- tests skipped (--skip-tests)");
    // The section, every line of it, as the release body.
    expect(out).toContain(`as the body of the GitHub release ${tag}:`);
    const section = changelogSection(readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"), pkg.version);
    for (const line of section.split("\n").filter(Boolean)) expect(out).toContain(`    ${line}`);
    // The tags it would create and move, and the push it would ask for.
    expect(out).toMatch(new RegExp(`^  create ${tag.replace(/\./g, "\\.")} at [0-9a-f]{7} \\(HEAD\\)`, "m"));
    expect(out).toMatch(new RegExp(`^  (create|move|keep) ${major} `, "m"));
    expect(out).toContain(`  git push origin ${tag}`);
    expect(git(ROOT, ["tag", "--list"])).toBe(tagsBefore);
    expect(leftoverBuilds()).toEqual(buildsBefore);
  }, BUILD_TIMEOUT);

  it("refuses a usage error with status 2", () => {
    const run = release(ROOT, ["--dry-run", "--push"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unexpected argument "--push"');
  });

  it("--notes prints exactly the changelog section, and refuses a tag that is not package.json's version", () => {
    const run = release(ROOT, ["--notes", tag]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${changelogSection(readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8"), pkg.version)}\n`);
    const wrong = release(ROOT, ["--notes", "v99.0.0"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`the tag v99.0.0 is not the version in package.json (${pkg.version})`);
  });
});

describe("npm run release (for real, in a copy of the repository)", () => {
  let repo: string;
  let remote: string;

  beforeAll(() => {
    repo = tempDir("ios-reltest-");
    remote = tempDir("ios-reltest-remote-");
    // The working tree as it is (tracked and new files), not the last commit.
    const files = git(ROOT, ["ls-files", "--cached", "--others", "--exclude-standard"]).split("\n");
    for (const file of files.filter((f) => f && existsSync(path.join(ROOT, f)))) {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      cpSync(path.join(ROOT, file), path.join(repo, file));
    }
    // A real node_modules folder inside the copy (a symlink would change the bundle's
    // module paths): hard links when the file system allows, a copy otherwise.
    if (spawnSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(repo, "node_modules")]).status !== 0) {
      cpSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), { recursive: true, verbatimSymlinks: true });
    }
    git(repo, ["init", "--quiet", "--initial-branch", "main"]);
    for (const [key, value] of [["user.name", "Release Test"], ["user.email", "release-test@example.com"], ["commit.gpgSign", "false"], ["tag.gpgSign", "false"]]) git(repo, ["config", key as string, value as string]);
    writeFileSync(path.join(repo, ".git", "info", "exclude"), "node_modules\n");
    git(repo, ["add", "--all"]);
    git(repo, ["commit", "--quiet", "--message", "the release commit"]);
    git(remote, ["init", "--quiet", "--bare"]);
    git(repo, ["remote", "add", "origin", remote]);
  }, 60_000);

  it("refuses a tag that is not the version in package.json, and a working tree that is not clean", () => {
    const wrong = release(repo, ["v0.0.1", "--skip-tests"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`the tag v0.0.1 is not the version in package.json (${pkg.version})`);
    writeFileSync(path.join(repo, "stray.txt"), "not committed\n");
    const dirty = release(repo, ["--skip-tests"]);
    rmSync(path.join(repo, "stray.txt"));
    expect(dirty.status).toBe(1);
    expect(dirty.stderr).toContain("the working tree is not clean (1 changed or untracked files)");
    expect(git(repo, ["tag", "--list"])).toBe("");
  });

  it("tags vX.Y.Z (annotated) and vX at HEAD, prints the push, and pushes nothing", () => {
    const head = git(repo, ["rev-parse", "HEAD"]);
    const run = release(repo, [tag, "--skip-tests"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("✓ working tree clean");
    expect(run.stdout).toMatch(/✓ dist verified/);
    expect(run.stdout).toContain(`  created ${tag} at ${head.slice(0, 7)} (HEAD)`);
    expect(run.stdout).toContain(`  created ${major} at ${head.slice(0, 7)} (HEAD; a new major version)`);
    expect(run.stdout).toContain(`  git push origin ${tag}`);
    expect(git(repo, ["tag", "--list"]).split("\n").sort()).toEqual([major, tag].sort());
    expect(git(repo, ["cat-file", "-t", tag])).toBe("tag");
    expect(git(repo, ["rev-parse", `${tag}^{commit}`])).toBe(head);
    expect(git(repo, ["rev-parse", `${major}^{commit}`])).toBe(head);
    expect(git(remote, ["for-each-ref"])).toBe(""); // never pushes
    // Twice is refused: the tag exists.
    const again = release(repo, ["--skip-tests"]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`the tag ${tag} already exists`);
  }, BUILD_TIMEOUT);

  it("the next patch release moves vX to its commit", () => {
    const [x, y, z] = pkg.version.split(".").map(Number) as [number, number, number];
    const next = `${x}.${y}.${z + 1}`;
    const previous = git(repo, ["rev-parse", `${major}^{commit}`]);
    const pkgJson = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8"));
    writeFileSync(path.join(repo, "package.json"), `${JSON.stringify({ ...pkgJson, version: next }, null, 2)}\n`);
    const changelog = readFileSync(path.join(repo, "CHANGELOG.md"), "utf8");
    writeFileSync(path.join(repo, "CHANGELOG.md"), changelog.replace("## [Unreleased]\n", `## [Unreleased]\n\n## [${next}] - 2027-01-02\n\n### Fixed\n\n- A made-up fix.\n`));
    git(repo, ["commit", "--quiet", "--all", "--message", `release ${next}`]);
    const head = git(repo, ["rev-parse", "HEAD"]);
    const run = release(repo, ["--skip-tests"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("    - A made-up fix.");
    expect(run.stdout).toContain(`  moved ${major} from ${previous.slice(0, 7)} to ${head.slice(0, 7)} (HEAD)`);
    expect(git(repo, ["rev-parse", `${major}^{commit}`])).toBe(head);
    expect(git(repo, ["rev-parse", `v${pkg.version}^{commit}`])).toBe(previous);
    expect(git(remote, ["for-each-ref"])).toBe("");
  }, BUILD_TIMEOUT);
});
