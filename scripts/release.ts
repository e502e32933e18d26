// Cuts a release locally, or rehearses one (--dry-run), for the version in package.json.
//
//   npm run release -- --dry-run            rehearse: verify dist/, run the tests, show the
//                                           changelog section and the tags; change nothing
//   npm run release                         tag vX.Y.Z and move vX here (locally), print the push
//   npm run release -- vX.Y.Z               the same, checking that package.json says X.Y.Z
//   node --import tsx scripts/release.ts --notes vX.Y.Z
//                                           print the changelog section of vX.Y.Z (the release
//                                           workflow's body), after checking package.json agrees
//   --skip-tests                            leave out `npm test` (for the script's own test)
//
// It never pushes and never publishes: pushing the tag starts .github/workflows/release.yml,
// which checks again, creates the GitHub release, publishes the npm package and moves vX.
// Exit status: 0 done, 1 a check failed, 2 a usage error. See docs/releasing.md.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { changelogSection, ChangelogError } from "./changelog.js";

const USAGE = `usage: node --import tsx scripts/release.ts [--dry-run] [--skip-tests] [vX.Y.Z]
       node --import tsx scripts/release.ts --notes vX.Y.Z`;

class CheckFailed extends Error {}
class UsageError extends Error {}

interface Options {
  dryRun: boolean;
  skipTests: boolean;
  notes: boolean;
  tag?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { dryRun: false, skipTests: false, notes: false };
  for (const arg of argv) {
    if (arg === "--dry-run") options.dryRun = true;
    else if (arg === "--skip-tests") options.skipTests = true;
    else if (arg === "--notes") options.notes = true;
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (/^v\d/.test(arg) && options.tag === undefined) options.tag = arg;
    else throw new UsageError(`unexpected argument "${arg}"`);
  }
  if (options.notes && options.tag === undefined) throw new UsageError("--notes needs the tag, e.g. --notes v1.2.3");
  return options;
}

function git(root: string, args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The commit a tag points to, or undefined when there is no such tag. */
function tagCommit(root: string, tag: string): string | undefined {
  const run = spawnSync("git", ["rev-parse", "--quiet", "--verify", `refs/tags/${tag}^{commit}`], { cwd: root, encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Builds into a temporary folder and compares it byte for byte with dist/; returns the file count. */
function verifyDist(root: string): number {
  const out = mkdtempSync(path.join(os.tmpdir(), "ios-release-"));
  try {
    const build = spawnSync(process.execPath, ["scripts/build.mjs", "--out", out], { cwd: root, encoding: "utf8" });
    if (build.status !== 0) throw new CheckFailed(`the build failed:\n${build.stdout}${build.stderr}`);
    const fresh = path.join(out, "dist");
    const committed = path.join(root, "dist");
    const freshFiles = listFiles(fresh);
    const committedFiles = listFiles(committed);
    const stale = [
      ...freshFiles.filter((file) => !committedFiles.includes(file)).map((file) => `${file} (missing from dist/)`),
      ...committedFiles.filter((file) => !freshFiles.includes(file)).map((file) => `${file} (no longer built)`),
      ...freshFiles.filter((file) => committedFiles.includes(file) && !readFileSync(path.join(fresh, file)).equals(readFileSync(path.join(committed, file)))),
    ];
    if (stale.length > 0) throw new CheckFailed(`dist/ does not match the source (run npm run build and commit dist/):\n  ${stale.join("\n  ")}`);
    return freshFiles.length;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function runTests(root: string): void {
  const run = spawnSync("npm", ["test"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (run.status !== 0) throw new CheckFailed(`npm test failed (exit ${run.status ?? run.signal})`);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `    ${line}` : ""))
    .join("\n");
}

function main(argv: string[]): void {
  const options = parseArgs(argv);
  const root = git(process.cwd(), ["rev-parse", "--show-toplevel"]);
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };
  const version = pkg.version;
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new CheckFailed(`package.json's version ${version} is not X.Y.Z: the release workflow releases only X.Y.Z tags`);
  const tag = `v${version}`;
  const major = `v${version.split(".")[0]}`;
  if (options.tag !== undefined && options.tag !== tag) {
    throw new CheckFailed(`the tag ${options.tag} is not the version in package.json (${version}): run "npm version ${options.tag.replace(/^v/, "")} --no-git-tag-version", rebuild, commit`);
  }
  const notes = changelogSection(readFileSync(path.join(root, "CHANGELOG.md"), "utf8"), version);
  if (options.notes) {
    process.stdout.write(`${notes}\n`);
    return;
  }

  const head = git(root, ["rev-parse", "HEAD"]);
  const short = (sha: string) => sha.slice(0, 7);
  const dirty = git(root, ["status", "--porcelain"]);
  const existing = tagCommit(root, tag);
  const majorAt = tagCommit(root, major);
  const onARemote = git(root, ["branch", "--remotes", "--contains", "HEAD"]) !== "";
  const log = (line = "") => console.log(line);

  log(options.dryRun ? `Release rehearsal of ${pkg.name} ${version} (--dry-run): nothing is tagged, pushed or published.` : `Release of ${pkg.name} ${version}`);
  log();
  const problem = (text: string) => {
    if (!options.dryRun) throw new CheckFailed(text);
    log(`! ${text} (a real release stops here)`);
  };
  if (dirty) problem(`the working tree is not clean (${dirty.split("\n").length} changed or untracked files): commit or stash them`);
  else log("✓ working tree clean");
  if (existing) problem(`the tag ${tag} already exists (at ${short(existing)}): bump the version with npm version`);
  else log(`✓ ${tag} is a new tag`);
  log(`✓ CHANGELOG.md has a section for ${version}`);
  const files = verifyDist(root);
  log(`✓ dist verified: a fresh build into a temporary folder is byte for byte dist/ (${files} files)`);
  if (options.skipTests) log("- tests skipped (--skip-tests)");
  else {
    log("  running npm test …");
    runTests(root);
    log("✓ tests passed (npm test)");
  }
  if (!onARemote) log(`! HEAD (${short(head)}) is on no remote branch you have fetched: the release commit should be on main on GitHub before its tag`);

  log();
  log(`Changelog section ${options.dryRun ? "it would publish" : "the release workflow will publish"} as the body of the GitHub release ${tag}:`);
  log();
  log(indent(notes));
  log();
  const majorMove = majorAt === undefined ? `create ${major} at ${short(head)} (HEAD; a new major version)` : majorAt === head ? `keep ${major} at ${short(head)} (HEAD)` : `move ${major} from ${short(majorAt)} to ${short(head)} (HEAD)`;
  if (options.dryRun) {
    log("Tags it would create and move (locally; it never pushes):");
    log(`  create ${tag} at ${short(head)} (HEAD)${existing ? ` (it exists already, at ${short(existing)})` : ""}`);
    log(`  ${majorMove}`);
  } else {
    git(root, ["tag", "--annotate", tag, "--message", `${pkg.name} ${version}`, head]);
    git(root, ["tag", "--force", major, head]);
    log("Tags (locally; nothing was pushed):");
    log(`  created ${tag} at ${short(head)} (HEAD)`);
    log(`  ${majorMove.replace(/^create /, "created ").replace(/^move /, "moved ").replace(/^keep /, "kept ")}`);
  }
  log();
  log(options.dryRun ? "Then, to release, it would tell you to push:" : "To release, push the tag:");
  log(`  git push origin ${tag}`);
  log(`The release workflow then checks dist/ and the tests again, creates the GitHub release ${tag}, publishes the npm package and moves ${major} on GitHub.`);
  log(`(To move ${major} on GitHub by hand instead: git push --force origin ${major})`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`release: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof CheckFailed || error instanceof ChangelogError) {
    console.error(`release: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
