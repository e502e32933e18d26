import { tempDir } from "../support/temp.js";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-bundle.js";

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("build", () => {
  it("dist/ is exactly what npm run build makes from the current source", () => {
    const out = tempDir("ios-build-");
    execFileSync(process.execPath, ["scripts/build.mjs", "--out", out], { cwd: ROOT, stdio: "pipe" });
    const fresh = path.join(out, "dist");
    const committed = path.join(ROOT, "dist");
    expect(listFiles(committed)).toEqual(listFiles(fresh));
    const stale = listFiles(fresh).filter((file) => !readFileSync(path.join(fresh, file)).equals(readFileSync(path.join(committed, file))));
    expect(stale, "dist/ is stale: run npm run build and commit dist/").toEqual([]);
  }, 240_000); // two ncc bundles now (the action and the CLI)
});

describe("workflow files", () => {
  const actionlint = path.join(ROOT, "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");

  it("pass actionlint, every one of them", () => {
    const files = readdirSync(path.join(ROOT, ".github", "workflows")).filter((name) => /\.ya?ml$/.test(name));
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "release.yml", "sync.yml"]));
    const run = spawnSync(process.execPath, [actionlint], { cwd: ROOT, encoding: "utf8" });
    expect(run.stdout + run.stderr).toContain(`Checking ${files.length} workflow file(s)`);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it("the linter does flag a broken workflow (so the check above can fail)", () => {
    const dir = tempDir("ios-lint-");
    mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
    writeFileSync(path.join(dir, ".github", "workflows", "bad.yml"), "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.value }}\n");
    const run = spawnSync(process.execPath, [actionlint], { cwd: dir, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/undefined variable "nope"/);
  });
});
