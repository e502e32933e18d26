import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const NAME = "intercom-oomnitza-sync";

/**
 * The package's version, read from its package.json at run time: the bundle sits in
 * dist/cli/ of an installed package and src/ in a checkout, so walk up until the
 * package.json with our name (ncc also leaves a bare {"type":"module"} next to the bundle).
 */
export function packageVersion(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === NAME && pkg.version) return pkg.version;
    } catch {
      // No package.json here, or not ours: keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}
