import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-bundle.js";

/**
 * `npm ci` warns (EBADENGINE) for every installed package whose `engines.node` range
 * leaves out the running Node. The project promises a clean install on the Node majors
 * CI runs and the action declares; this reads package-lock.json and holds every
 * package's range against the part of our own `engines.node` claim that lies in each of
 * those majors (all of it, from its lowest version up: a warning on Node 20.19.0 counts
 * as much as one on 20.20.2).
 */

interface LockPackage {
  version?: string;
  engines?: Record<string, string> | string[];
}

/** The versions of one major that `claim` covers, as a range ("" if none). */
function claimWithinMajor(claim: string, major: number): string {
  const bounds = `>=${major}.0.0 <${major + 1}.0.0-0`;
  return new semver.Range(claim).set
    .map((comparators) => `${comparators.map((c) => c.value).join(" ")} ${bounds}`.trim())
    .filter((range) => semver.minVersion(range) !== null) // drop the parts outside this major
    .join(" || ");
}

/** One line per (package, major) whose engines.node leaves out a version we claim. */
function engineProblems(packages: Record<string, LockPackage>, claim: string, majors: number[]): string[] {
  const problems: string[] = [];
  for (const [location, pkg] of Object.entries(packages)) {
    if (location === "") continue; // the project itself
    const range = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
    if (!range) continue;
    for (const major of majors) {
      const ours = claimWithinMajor(claim, major);
      if (ours && !semver.subset(ours, range)) problems.push(`${location}@${pkg.version} needs node ${range}; package.json claims ${ours}`);
    }
  }
  return problems;
}

describe("a clean install (no engine warnings)", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
  const ci = YAML.parse(readFileSync(path.join(ROOT, ".github", "workflows", "ci.yml"), "utf8"));
  const action = YAML.parse(readFileSync(path.join(ROOT, "action.yml"), "utf8"));
  const claim: string = pkg.engines.node;
  const ciMajors: number[] = ci.jobs.test.strategy.matrix.node.map(Number);
  const actionMajor = Number(/^node(\d+)$/.exec(action.runs.using)?.[1]);
  const majors = [...new Set([...ciMajors, actionMajor])].sort();

  it("covers Node 20 and 24: the majors CI tests and the action's runtime", () => {
    expect(majors).toEqual([20, 24]);
    for (const major of majors) expect(claimWithinMajor(claim, major), `package.json engines leaves out Node ${major}`).not.toBe("");
  });

  it("no package in package-lock.json excludes a Node version package.json claims in those majors", () => {
    const withEngines = Object.entries(lock.packages as Record<string, LockPackage>).filter(([location, p]) => location !== "" && p.engines);
    expect(withEngines.length).toBeGreaterThan(50); // the check looks at real ranges
    expect(engineProblems(lock.packages, claim, majors)).toEqual([]);
  });

  it("flags a package that would warn (content-type 3.x needs Node 22) and a claim wider than the toolchain", () => {
    const contentType3 = { "": {}, "node_modules/content-type": { version: "3.1.1", engines: { node: ">=22" } } };
    expect(engineProblems(contentType3, claim, [20, 24])).toEqual([
      `node_modules/content-type@3.1.1 needs node >=22; package.json claims ${claimWithinMajor(claim, 20)}`,
    ]);
    // vite 8 and rolldown need 20.19+: the old claim ">=20" would warn on 20.0–20.18.
    const vite = { "node_modules/vite": { version: "8.3.8", engines: { node: "^20.19.0 || >=22.12.0" } } };
    expect(engineProblems(vite, ">=20", [20, 24])).toHaveLength(1);
    expect(engineProblems(vite, claim, [20, 24])).toEqual([]);
  });
});
