import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Every static or dynamic import of one file: `from "x"`, `import "x"`, `import("x")`, `export … from "x"`. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/^(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/gm, /^import\s*["']([^"']+)["']/gm, /\bimport\(\s*["']([^"']+)["']\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [full] : [];
  });
}

export interface ImportGraph {
  /** File → the project files it imports. */
  edges: Map<string, string[]>;
  /** File → bare specifiers (packages, node builtins). */
  external: Map<string, string[]>;
}

/** The import graph of the .ts files under `dir`; relative `.js` specifiers resolve to their `.ts` source. */
export function importGraph(dir: string): ImportGraph {
  const edges = new Map<string, string[]>();
  const external = new Map<string, string[]>();
  for (const file of tsFiles(dir)) {
    const specs = importsOf(readFileSync(file, "utf8"));
    edges.set(
      file,
      specs.filter((s) => s.startsWith(".")).map((s) => {
        const target = path.resolve(path.dirname(file), s).replace(/\.js$/, ".ts");
        return existsSync(target) ? target : path.resolve(path.dirname(file), s);
      }),
    );
    external.set(file, specs.filter((s) => !s.startsWith(".")));
  }
  return { edges, external };
}

/** The import cycles of a graph, each as the files around it (empty when there are none). */
export function findCycles(edges: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
