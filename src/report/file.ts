import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Report } from "./model.js";

/** Bytes gathered before one write: few system calls, and no large string or buffer at the run's memory peak. */
const CHUNK = 32 * 1024;

/**
 * Writes the JSON report (one entry per admin and per removed record) and returns its
 * path. Each entry is serialised on its own line: for thousands of admins the report
 * as one indented string would be tens of megabytes held at the run's memory peak.
 */
export function writeReportFile(report: Report, directory = process.env.RUNNER_TEMP || os.tmpdir()): string {
  const folder = path.join(directory, "intercom-oomnitza-sync");
  mkdirSync(folder, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, "-");
  const file = path.join(folder, `report-${stamp}.json`);
  const { entries, removed, ...head } = report;
  const fd = openSync(file, "w");
  try {
    let pending = JSON.stringify(head, null, 2).replace(/\n}$/, "");
    const flush = (force: boolean) => {
      if (pending.length < CHUNK && !force) return;
      writeSync(fd, pending);
      pending = "";
    };
    for (const [name, list] of [["entries", entries], ["removed", removed]] as const) {
      pending += `,\n  ${JSON.stringify(name)}: [`;
      list.forEach((item, i) => {
        pending += `${i ? "," : ""}\n    ${JSON.stringify(item)}`;
        flush(false);
      });
      pending += list.length ? "\n  ]" : "]";
    }
    pending += "\n}\n";
    flush(true);
  } finally {
    closeSync(fd);
  }
  return file;
}
