import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-bundle.js";

/**
 * Every action a workflow here runs is pinned to a full 40-character commit SHA, with
 * the release it is in a comment (`uses: actions/checkout@<sha> # v7.0.1`), so a moved
 * or hijacked tag upstream cannot change what runs with this repository's secrets and
 * token. Only local actions (`uses: ./`) are exempt: they are this repository's code.
 */

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const USES_LINE = /^\s*(?:-\s+)?uses:\s*(["']?)([^"'\s#]+)\1\s*(?:#\s*(.*))?$/;
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@\s]+)?@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v\d+\.\d+\.\d+\b/;

interface UsesLine {
  line: number;
  ref: string;
  comment: string;
}

function usesLines(text: string): UsesLine[] {
  return text.split("\n").flatMap((line, index) => {
    const match = USES_LINE.exec(line);
    return match ? [{ line: index + 1, ref: match[2] as string, comment: (match[3] ?? "").trim() }] : [];
  });
}

/** Every `uses:` value in the parsed workflow: steps' actions and jobs' reusable workflows. */
function usesValues(text: string): string[] {
  const workflow = YAML.parse(text) as { jobs?: Record<string, { uses?: string; steps?: { uses?: string }[] }> };
  return Object.values(workflow.jobs ?? {}).flatMap((job) => [job.uses, ...(job.steps ?? []).map((step) => step.uses)].filter((uses): uses is string => typeof uses === "string"));
}

function pinProblems(file: string, text: string): string[] {
  const lines = usesLines(text);
  const problems: string[] = [];
  // A `uses:` the line scan cannot see (flow style, a key on another line…) is not checked: refuse it.
  if (lines.length !== usesValues(text).length) problems.push(`${file}: ${usesValues(text).length} uses: but ${lines.length} on lines of their own`);
  for (const { line, ref, comment } of lines) {
    if (ref.startsWith("./")) continue;
    if (!PINNED.test(ref)) problems.push(`${file}:${line}: ${ref} is not pinned to a full commit SHA`);
    else if (!VERSION_COMMENT.test(comment)) problems.push(`${file}:${line}: ${ref} has no version comment (# vX.Y.Z)`);
  }
  return problems;
}

describe("third-party actions in .github/workflows", () => {
  const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));

  it("are all pinned to a full commit SHA with the version in a comment", () => {
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "release.yml", "sync.yml"]));
    const all = files.flatMap((file) => usesLines(readFileSync(path.join(WORKFLOWS, file), "utf8")));
    expect(all.filter((uses) => !uses.ref.startsWith("./")).length).toBeGreaterThanOrEqual(8); // the check sees real pins
    expect(all.some((uses) => uses.ref === "./")).toBe(true); // sync.yml runs the action itself
    expect(files.flatMap((file) => pinProblems(file, readFileSync(path.join(WORKFLOWS, file), "utf8")))).toEqual([]);
  });

  it("one action is pinned to the same release everywhere", () => {
    const pins = new Map<string, Set<string>>();
    for (const file of files) {
      for (const { ref, comment } of usesLines(readFileSync(path.join(WORKFLOWS, file), "utf8"))) {
        if (ref.startsWith("./")) continue;
        const [action] = ref.split("@");
        pins.set(action as string, (pins.get(action as string) ?? new Set()).add(`${ref} # ${comment}`));
      }
    }
    for (const [action, refs] of pins) expect([...refs], action).toHaveLength(1);
  });

  it("the check flags a tag, a short SHA, a branch and a missing version comment, and lets ./ pass", () => {
    const workflow = (uses: string) => `on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${uses}\n`;
    expect(pinProblems("bad.yml", workflow("actions/checkout@v4"))).toEqual(["bad.yml:6: actions/checkout@v4 is not pinned to a full commit SHA"]);
    expect(pinProblems("bad.yml", workflow("actions/checkout@3d3c42e # v7.0.1"))).toHaveLength(1);
    expect(pinProblems("bad.yml", workflow("actions/checkout@main"))).toHaveLength(1);
    expect(pinProblems("bad.yml", workflow("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"))).toEqual([
      "bad.yml:6: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 has no version comment (# vX.Y.Z)",
    ]);
    expect(pinProblems("ok.yml", workflow("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"))).toEqual([]);
    expect(pinProblems("ok.yml", workflow("./"))).toEqual([]);
    // A reusable workflow counts too, and a `uses` the line scan misses is refused.
    expect(pinProblems("bad.yml", "on: push\njobs:\n  x:\n    uses: acme/wf/.github/workflows/w.yml@v1\n")).toHaveLength(1);
    expect(pinProblems("bad.yml", "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps: [{ uses: actions/checkout@v4 }]\n")).toHaveLength(1);
  });
});
