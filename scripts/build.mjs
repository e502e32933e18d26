// Bundles the action with ncc into dist/ (or into --out DIR, which the freshness test
// uses to compare a fresh build with the committed one). Deterministic: same source,
// same bytes.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
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
  execFileSync(process.execPath, [ncc, "build", entry, "-o", dir, "--license", "licenses.txt", "--minify", "--quiet"], { stdio: "inherit" });
}
