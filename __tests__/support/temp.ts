import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where the tests' temporary folders go: one root per test run (see global-temp.ts), removed at its end. */
export function tempRoot(): string {
  const root = process.env.INTERCOM_OOMNITZA_SYNC_TEST_TMP;
  if (!root) return os.tmpdir();
  mkdirSync(root, { recursive: true });
  return root;
}

/** A fresh temporary folder, removed with the test run's root. */
export function tempDir(prefix = "ios-"): string {
  return mkdtempSync(path.join(tempRoot(), prefix));
}

/** Removes a folder made outside a test run (the demo, the benchmark). */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
