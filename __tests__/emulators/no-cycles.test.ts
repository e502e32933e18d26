/**
 * The emulators' shape: no import cycles (type-only imports count too, since they tie
 * modules together just the same for a reader), and no file over 250 lines.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const EMULATORS = join(ROOT, "emulators");

type Graph = Map<string, string[]>;

/** Every module specifier a source names in a static `import … from`, `import type … from`, `export … from` or bare `import "…"`. */
export function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  const fromClause = /(?:^|[;\n])\s*(?:import|export)\s+(?:type\s+)?[^;'"]*?\bfrom\s*["']([^"']+)["']/g;
  const bare = /(?:^|[;\n])\s*import\s*["']([^"']+)["']/g;
  for (const re of [fromClause, bare]) for (const m of code.matchAll(re)) out.push(m[1] as string);
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Relative imports only (packages and node: modules cannot close a cycle here); `.js` names the `.ts` source. */
function importGraph(files: string[]): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const deps = specifiers(readFileSync(file, "utf8"))
      .filter((s) => s.startsWith("."))
      .map((s) => resolve(dirname(file), s).replace(/\.js$/, ".ts"));
    graph.set(relative(ROOT, file), [...new Set(deps.map((d) => relative(ROOT, d)))]);
  }
  return graph;
}

/** The first cycle found by a depth-first walk, as a path that ends where it starts; undefined when there is none. */
export function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}

describe("the import graph of emulators/", () => {
  it("reads every kind of static import, type-only ones included", () => {
    const src = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      "import {",
      "  c,",
      "  type C,",
      '} from "../c.js";',
      'export { d } from "./d.js";',
      'export type { E } from "./e.js";',
      'export * from "./f.js";',
      'import "./g.js";',
      '// import { h } from "./commented-out.js";',
      'const s = "import { x } from \'./not-an-import.js\'";',
    ].join("\n");
    expect(specifiers(src)).toEqual(["./a.js", "./b.js", "../c.js", "./d.js", "./e.js", "./f.js", "./g.js"]);
  });

  it("the detector finds a cycle in a small synthetic graph, and none in an acyclic one", () => {
    const cyclic: Graph = new Map([
      ["a", ["b"]],
      ["b", ["c", "d"]],
      ["c", ["a"]],
      ["d", []],
    ]);
    expect(findCycle(cyclic)).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(new Map([["self", ["self"]]]))).toEqual(["self", "self"]);
    const diamond: Graph = new Map([
      ["top", ["left", "right"]],
      ["left", ["bottom"]],
      ["right", ["bottom"]],
      ["bottom", []],
    ]);
    expect(findCycle(diamond)).toBeUndefined();
  });

  it("has no cycle", () => {
    const graph = importGraph(tsFiles(EMULATORS));
    expect(graph.size).toBeGreaterThan(20);
    // The graph is real: the public entry reaches into every API's folder.
    expect(graph.get("emulators/index.ts")).toEqual(expect.arrayContaining(["emulators/intercom/emulator.ts", "emulators/oomnitza/emulator.ts", "emulators/github/fake.ts"]));
    expect(findCycle(graph)).toBeUndefined();
  });

  it("has no file over 250 lines", () => {
    const long = tsFiles(EMULATORS)
      .map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, "utf8").split("\n").length - 1 }))
      .filter((x) => x.lines > 250);
    expect(long).toEqual([]);
  });
});
