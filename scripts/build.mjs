// Bundles the action (and later the CLI) with ncc into dist/, deterministically.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

const ncc = "node_modules/@vercel/ncc/dist/ncc/cli.js";
const targets = [{ entry: "src/index.ts", out: "dist" }];

for (const { entry, out } of targets) {
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [ncc, "build", entry, "-o", out, "--license", "licenses.txt", "--quiet"], {
    stdio: "inherit",
  });
}
