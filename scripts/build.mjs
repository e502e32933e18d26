// Bundles the action with ncc into dist/ (or into --out DIR, which the freshness test
// uses to compare a fresh build with the committed one). Deterministic: same source,
// same bytes.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const outIndex = process.argv.indexOf("--out");
const outRoot = outIndex > 0 ? process.argv[outIndex + 1] : ".";
const ncc = "node_modules/@vercel/ncc/dist/ncc/cli.js";
// The action first: removing dist/ also removes dist/cli/, so the CLI must be built after it.
const targets = [
  { entry: "src/index.ts", out: "dist" },
  { entry: "src/cli.ts", out: "dist/cli" },
];

for (const { entry, out } of targets) {
  const dir = path.join(outRoot, out);
  rmSync(dir, { recursive: true, force: true });
  const stats = path.join(dir, "stats.json");
  execFileSync(process.execPath, [ncc, "build", entry, "-o", dir, "--stats-out", stats, "--minify", "--quiet"], { stdio: "inherit" });
  writeFileSync(path.join(dir, "licenses.txt"), licenses(JSON.parse(readFileSync(stats, "utf8"))));
  rmSync(stats);
}

/**
 * The licence of every package inside the bundle, read from webpack's list of the modules
 * ncc bundled. (ncc's own --license leaves out packages it bundles as ES modules, such as
 * @actions/core, superstruct and undici.) Sorted by name, so the build stays deterministic.
 */
function licenses(stats) {
  const dirs = new Map();
  const walk = (modules) => {
    for (const module of modules ?? []) {
      const name = String(module.name ?? module.identifier ?? "");
      const found = [...name.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
      const last = found.at(-1);
      if (last) dirs.set(last[1], name.slice(name.indexOf("node_modules"), (last.index ?? 0) + last[0].length));
      walk(module.modules);
    }
  };
  walk(stats.modules);
  const parts = [];
  for (const [name, dir] of [...dirs].sort(([a], [b]) => a.localeCompare(b))) {
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    const file = existsSync(dir) ? readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f)) : undefined;
    const text = file ? readFileSync(path.join(dir, file), "utf8").trim() : "";
    parts.push(`${name}\n${typeof pkg.license === "string" ? pkg.license : "see the package"}\n${text}\n`);
  }
  return parts.join("\n");
}
