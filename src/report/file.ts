import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Report } from "./model.js";

/** Writes the JSON report (one entry per admin and per removed record) and returns its path. */
export function writeReportFile(report: Report, directory = process.env.RUNNER_TEMP || os.tmpdir()): string {
  const folder = path.join(directory, "intercom-oomnitza-sync");
  mkdirSync(folder, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, "-");
  const file = path.join(folder, `report-${stamp}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  return file;
}
