/**
 * The layers of src/ import downwards only (docs/architecture.md draws them): the pure
 * core imports nothing but itself, clients import the core, the engine the clients,
 * the adapters everything below them. No file imports in a cycle.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, importsOf } from "../support/import-graph.js";
import { ROOT } from "../support/run-bundle.js";

const SRC = path.join(ROOT, "src");

/** Layer of a file: its folder under src/, or its own name for the files at the top. */
const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!.replace(/\.ts$/, "");

/** What each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  redact: [],
  sync: [],
  http: ["redact"],
  intercom: ["http", "sync"],
  oomnitza: ["http", "sync"],
  report: ["sync", "http"],
  engine: ["sync", "http", "intercom", "oomnitza", "report", "redact"],
  settings: ["sync", "engine", "report", "intercom"],
  github: ["report", "redact"],
  runtime: ["http", "redact"],
  action: ["settings", "engine", "report", "github", "runtime", "redact", "sync"],
  cli: ["settings", "engine", "report", "runtime", "redact", "sync"],
  index: ["action"],
  // The command-line entry point (src/cli.ts) and its folder share the name "cli".
};

/** Packages and node modules each layer may use; the core (and every layer not listed) none. */
const EXTERNAL: Record<string, RegExp> = {
  // node-fetch: requests, redirects refused, gzip/deflate/br undone as the body streams.
  http: /^(node:(http|https|string_decoder)|node-fetch)$/,
  // superstruct: the answers the clients read are checked at the boundary, as are the settings and the config file.
  intercom: /^superstruct$/,
  oomnitza: /^superstruct$/,
  // re2js: the linear-time engine the settings compile filter patterns with (the core gets a test function).
  settings: /^(node:(fs|path)|yaml|re2js|superstruct)$/,
  // fflate: earlier runs' report artifacts are zips.
  github: /^(@actions\/github|superstruct|fflate)$/,
  // @actions/core: inputs, masks, outputs, annotations, log groups and the job summary.
  action: /^(node:(fs|os|path)|@actions\/core)$/,
  cli: /^(node:(fs|os|path|url)|yaml|superstruct)$/,
  // superstruct: a point of the trend is read from an earlier run's report (an artifact, a history file).
  report: /^(node:(fs|os|path|util)|superstruct)$/,
};

describe("src/ layers", () => {
  const { edges, external } = importGraph(SRC);

  it("has no import cycle", () => {
    expect(findCycles(edges).map((cycle) => cycle.map((f) => path.relative(ROOT, f)).join(" → "))).toEqual([]);
  });

  it("imports downwards only", () => {
    const wrong: string[] = [];
    for (const [file, targets] of edges) {
      const from = layerOf(file);
      const allowed = ALLOWED[from];
      if (!allowed) {
        wrong.push(`${path.relative(ROOT, file)}: layer "${from}" is not in the table`);
        continue;
      }
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !allowed.includes(to)) wrong.push(`${path.relative(ROOT, file)} imports ${path.relative(ROOT, target)} (${from} → ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("uses packages only where they belong; the core none at all", () => {
    const wrong: string[] = [];
    for (const [file, specs] of external) {
      const rule = EXTERNAL[layerOf(file)];
      for (const spec of specs) if (!rule?.test(spec)) wrong.push(`${path.relative(ROOT, file)} imports ${spec}`);
    }
    expect(wrong).toEqual([]);
  });

  it("the checks can fail: a cycle and an import are found in a small example", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", []],
    ]);
    expect(findCycles(graph)).toEqual([["a", "b", "c", "a"]]);
    expect(importsOf(`import type { X } from "./x.js";\nexport { y } from "../y.js";\nconst z = await import("@actions/github");`)).toEqual(["./x.js", "../y.js", "@actions/github"]);
  });
});
