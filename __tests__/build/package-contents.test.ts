import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/run-bundle.js";

/**
 * What `npm publish` would put in the package, read from `npm pack --dry-run --json`:
 * the whole bundle (dist/, both the action and the CLI), action.yml, and the documents a
 * user needs. No source, tests, emulators, scripts or workflows.
 */

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

interface Pack {
  name: string;
  version: string;
  files: { path: string }[];
}

describe("the npm package", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  let pack: Pack;
  let packed: string[];

  beforeAll(() => {
    pack = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }))[0] as Pack;
    packed = pack.files.map((file) => file.path).sort();
  });

  it("holds exactly dist/ (all of it), action.yml, README.md, LICENSE, CHANGELOG.md and package.json", () => {
    const expected = [...listFiles(path.join(ROOT, "dist")), "action.yml", "README.md", "LICENSE", "CHANGELOG.md", "package.json"].sort();
    expect(expected).toContain("dist/index.js");
    expect(expected).toContain("dist/cli/index.js");
    expect(packed).toEqual(expected);
  });

  it("is the package.json's name and version, runs its bin from the bundle, and needs nothing installed beside it", () => {
    expect(pack).toMatchObject({ name: "intercom-oomnitza-sync", version: pkg.version });
    expect(packed).toContain(pkg.bin["intercom-oomnitza-sync"]);
    expect(readFileSync(path.join(ROOT, pkg.bin["intercom-oomnitza-sync"]), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(pkg.dependencies).toBeUndefined(); // the bundle carries everything: `npm install -g` installs one package
    expect(pkg.private).not.toBe(true);
  });
});
