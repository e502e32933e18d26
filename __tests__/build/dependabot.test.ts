import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { importGraph } from "../support/import-graph.js";
import { ROOT } from "../support/run-bundle.js";

interface Update {
  "package-ecosystem": string;
  directory: string;
  schedule: { interval: string };
  cooldown?: { "default-days": number };
  groups: Record<string, { patterns: string[]; "update-types"?: string[] }>;
}

describe(".github/dependabot.yml", () => {
  const config = YAML.parse(readFileSync(path.join(ROOT, ".github", "dependabot.yml"), "utf8")) as { version: number; updates: Update[] };
  const update = (ecosystem: string) => config.updates.find((u) => u["package-ecosystem"] === ecosystem) as Update;

  it("updates npm packages and the workflows' actions, weekly, from the repository root", () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u["package-ecosystem"]).sort()).toEqual(["github-actions", "npm"]);
    for (const u of config.updates) {
      expect(u.directory).toBe("/");
      expect(u.schedule.interval).toBe("weekly");
      expect(u.cooldown?.["default-days"]).toBeGreaterThan(0);
    }
  });

  it("groups npm updates into the bundled libraries and the tooling, and every package the source imports is in the first", () => {
    const npm = update("npm");
    expect(Object.keys(npm.groups)).toEqual(["bundled", "tooling"]);
    const bundled = npm.groups.bundled?.patterns ?? [];
    const matches = (name: string) => bundled.some((pattern) => (pattern.endsWith("/*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
    // What src/ imports from node_modules (statically or with import()) is what dist/ is built from.
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const specifiers = [...importGraph(path.join(ROOT, "src")).external.values()].flat().filter((s) => !s.startsWith("node:"));
    const runtime = [...new Set(specifiers.map((s) => s.split("/").slice(0, s.startsWith("@") ? 2 : 1).join("/")))].sort();
    expect(runtime).toEqual(expect.arrayContaining(["@actions/github", "yaml"]));
    for (const name of runtime) {
      expect(pkg.devDependencies[name], name).toBeDefined();
      expect(matches(name), name).toBe(true);
    }
    expect(matches("vitest")).toBe(false);
    for (const group of Object.values(npm.groups)) expect(group["update-types"]).toEqual(["minor", "patch"]);
  });

  it("groups the actions' updates into one pull request", () => {
    expect(update("github-actions").groups).toEqual({ actions: { patterns: ["*"] } });
  });
});
