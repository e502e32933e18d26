import { tempDir } from "../support/temp.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { marked, type Tokens } from "marked";
import { afterAll, describe, expect, it } from "vitest";
import { generatedDataset } from "../../emulators/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { Redactor } from "../../src/redact.js";
import { writeReportFile } from "../../src/report/file.js";
import type { ReportEntry, ReportRemoved } from "../../src/report/model.js";
import { renderSummary } from "../../src/report/summary.js";
import { parseSettings } from "../../src/settings/index.js";
import { runSync } from "../../src/engine/run.js";
import { syntheticReport } from "../support/report-fixtures.js";

const MIB = 1024 * 1024;
let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterAll(async () => {
  await Promise.all(running.map((e) => e.close()));
});

describe("a run over 20,000 admins", () => {
  it("has a job summary under 1 MiB that says what it left out, and a report file with every admin", async () => {
    // Half already in Oomnitza (many of those to update), half to create. A dry run plans
    // every one of them without 15,000 writes, which keeps this test quick.
    const { admins, users } = generatedDataset(20_000, 12_000, 7, { overlap: 0.5 });
    const intercom = await startIntercomEmulator({ admins });
    const oomnitza = await startOomnitzaEmulator({ users });
    running = [intercom, oomnitza];
    const settings = parseSettings(
      { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "dry-run": "true" },
      { cwd: process.cwd() },
    );
    const report = await runSync(settings, { redactor: new Redactor(), retryBaseDelayMs: 5 });
    expect(report.status).toBe("dry-run");
    expect(report.counts.created + report.counts.updated).toBeGreaterThan(10_000);

    const hint = "The full report, with every person, is the JSON file named by the report-path output.";
    // 30 earlier runs of history for the trend, as the action reads them from artifacts.
    const points = Array.from({ length: 30 }, (_, i) => ({ at: new Date(Date.now() - (30 - i) * 86_400_000).toISOString(), status: "success", teammates: 19_000 + i, inboxSeats: 15_000 + i, idleSeats: 4_000 + i }));
    const summary = renderSummary(report, { reportHint: hint, trend: { points, gaps: 0 } });
    expect(Buffer.byteLength(summary)).toBeLessThan(MIB);
    expect(summary).toContain("last 30 runs");
    expect(report.seats?.idleSeats).toBeGreaterThan(50);
    expect(summary).toMatch(/_\d+ more idle seats in the report file \(each entry's `seat`\)._/);

    // The changes table stops early and says how many rows it left out, and where they are.
    const shown = (marked.lexer(summary).find((t) => t.type === "table" && (t as Tokens.Table).header[2]?.text === "Fields") as Tokens.Table).rows.length;
    const changed = report.counts.created + report.counts.updated;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(changed);
    expect(summary).toContain(`_${changed - shown} more rows left out here; ${hint}_`);

    const file = writeReportFile(report, tempDir("ios-large-"));
    const saved = JSON.parse(readFileSync(file, "utf8")) as typeof report;
    expect(saved.entries).toHaveLength(20_000);
    expect(new Set(saved.entries.map((e) => e.admin.id))).toEqual(new Set(admins.map((a) => a.id)));
    }, 120_000);

  it("whose every admin changed, failed or was skipped still has a summary under 1 MiB, each table saying what it left out", () => {
    const long = "Ŵöłfgäng-Ærøskøbing 🚀 ".repeat(4);
    const entries: ReportEntry[] = [];
    for (let i = 0; i < 20_000; i++) {
      const admin = { id: String(i), name: `${long}${i}`, email: `person.${i}|x@例え.example.com` };
      const changes = Array.from({ length: 12 }, (_, f) => ({ field: `field_${f}`, before: `${long}before`, after: `${long}after` }));
      const kind = i % 4;
      if (kind === 0) entries.push({ admin, key: admin.email, action: "update", userId: `u${i}`, outcome: "done", changes });
      else if (kind === 1) entries.push({ admin, key: admin.email, action: "create", outcome: "failed", error: `Oomnitza answered 400: ${long}`, changes });
      else if (kind === 2) entries.push({ admin, key: admin.email, action: "skip", outcome: "none", reason: `ambiguous in Oomnitza ${long}`, changes: [] });
      else entries.push({ admin, key: admin.email, action: "not-in-oomnitza", outcome: "none", changes: [] });
    }
    const removed: ReportRemoved[] = Array.from({ length: 5000 }, (_, i) => ({ userId: `r${i}`, intercomId: String(90_000 + i), name: long, email: `gone${i}@example.com`, action: "report", outcome: "none" }));
    const summary = renderSummary(syntheticReport(entries, removed), { reportHint: "see the report file" });
    expect(Buffer.byteLength(summary)).toBeLessThan(MIB);
    const notes = summary.match(/^_\d+ more rows left out here; see the report file_$/gm) ?? [];
    // Changes, skipped, not in Oomnitza, removed: every one was cut short.
    expect(notes).toHaveLength(4);
    // The 5,000 failures share one cause: one row, with the count, the first people named and the rest folded.
    expect(summary).toMatch(/^### Failures: 5000 records, 1 cause$/m);
    expect(summary).toMatch(/^\| 5000 \| create \| Oomnitza answered 400: .*\| .*<details><summary>and 4997 more<\/summary>/m);
  });
});
