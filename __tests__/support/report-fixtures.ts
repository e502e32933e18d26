import { countEntries, type Report, type ReportEntry, type ReportRemoved } from "../../src/report/model.js";

/** A report built by hand, so every kind of row and every awkward character is present. */
export function syntheticReport(entries: ReportEntry[], removed: ReportRemoved[] = [], extra: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    status: "partial",
    reason: "1 of 3 writes failed",
    startedAt: "2026-11-26T05:17:00.000Z",
    finishedAt: "2026-11-26T05:17:09.000Z",
    durationMs: 9000,
    run: { intercomHost: "api.intercom.io", intercomRegion: "us", intercomVersion: "2.11", oomnitzaHost: "acme.oomnitza.com", records: "users", preference: "create-and-update", syncKey: "email", mapping: "default", dryRun: false },
    counts: countEntries(entries, removed, entries.length, false),
    entries,
    removed,
    apiCalls: { total: 12, byApi: { intercom: 1, oomnitza: 11 }, byRoute: {} },
    ...extra,
  };
}
