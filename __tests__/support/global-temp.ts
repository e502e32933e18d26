import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * vitest globalSetup: every temporary folder the tests make (bundle workspaces, report
 * files, config files, packed tarballs) goes under one root, removed when the run ends,
 * so a test run leaves nothing behind in the system's temporary folder.
 */
export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), "ios-tests-"));
  process.env.INTERCOM_OOMNITZA_SYNC_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
