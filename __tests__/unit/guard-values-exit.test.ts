import { describe, expect, it } from "vitest";
import { appliedStatus } from "../../src/engine/status.js";
import { decideExit } from "../../src/report/exit.js";
import { emptyCounts } from "../../src/report/model.js";
import { checkGuards, removalLimit } from "../../src/sync/guard.js";
import { isoToUnixSeconds, normaliseKey, valuesEqual } from "../../src/sync/values.js";
import { syntheticReport } from "../support/report-fixtures.js";

describe("checkGuards", () => {
  const base = { adminsFetched: 10, managed: 10, removed: 0, maxRemovals: { kind: "percent" as const, value: 10 }, removedAdmins: "report" as const };

  it("passes an ordinary plan", () => {
    expect(checkGuards(base)).toBeUndefined();
    expect(checkGuards({ ...base, removed: 1 })).toBeUndefined();
  });

  it("refuses an empty admin list while Oomnitza holds managed records, naming the token setting", () => {
    expect(checkGuards({ ...base, adminsFetched: 0 })).toMatch(/^Intercom returned no admins, but Oomnitza holds 10 records.*check the intercom-token's workspace/);
    expect(checkGuards({ ...base, adminsFetched: 0, name: (n) => `--${n}` })).toContain("check the --intercom-token's workspace");
    expect(checkGuards({ ...base, adminsFetched: 0, managed: 0 })).toBeUndefined();
  });

  it("refuses more removals than max-removals allows, a percentage rounded up", () => {
    expect(removalLimit({ kind: "percent", value: 10 }, 11)).toBe(2);
    expect(removalLimit({ kind: "count", value: 3 }, 1000)).toBe(3);
    expect(checkGuards({ ...base, removed: 2 })).toMatch(/2 admins are gone from Intercom, more than max-removals allows \(10% of 10 managed records = 1\)/);
    expect(checkGuards({ ...base, removed: 4, maxRemovals: { kind: "count", value: 3 }, name: (n) => `--${n}` })).toMatch(/more than --max-removals allows \(3\); .*raise --max-removals/);
    expect(checkGuards({ ...base, removed: 9, removedAdmins: "ignore" })).toBeUndefined();
  });
});

describe("valuesEqual and normaliseKey", () => {
  const same: Array<[unknown, unknown]> = [
    [true, "1"],
    ["true", true],
    [false, "0"],
    [42, "42"],
    ["42.0", 42],
    [1764151200, "2025-11-26T10:00:00Z"],
    ["2025-11-26T10:00:00Z", "2025-11-26T10:00:00+00:00"],
    [null, ""],
    [undefined, "   "],
    [" Ada ", "Ada"],
  ];
  const different: Array<[unknown, unknown]> = [
    [true, "0"],
    [42, "43"],
    ["Ada", "ada"],
    [null, "x"],
    ["yes please", true],
  ];
  it.each(same)("%j equals %j", (a, b) => expect(valuesEqual(a, b)).toBe(true));
  it.each(different)("%j differs from %j", (a, b) => expect(valuesEqual(a, b)).toBe(false));

  it("compares a sync key case-insensitively only when asked", () => {
    expect(valuesEqual("Ada@X.com", "ada@x.com", true)).toBe(true);
    expect(valuesEqual("Ada@X.com", "ada@x.com")).toBe(false);
    expect(normaliseKey("  Ada@X.com ")).toBe("ada@x.com");
    expect(normaliseKey(7)).toBe("7");
    expect(normaliseKey("  ")).toBeUndefined();
    expect(normaliseKey({ a: 1 })).toBeUndefined();
  });

  it("reads ISO dates as unix seconds and refuses anything else", () => {
    expect(isoToUnixSeconds("2025-11-26")).toBe(1764115200);
    expect(isoToUnixSeconds("2025-11-26T10:00:00")).toBe(1764151200);
    expect(isoToUnixSeconds("26/11/2025")).toBeUndefined();
  });
});

describe("decideExit", () => {
  const counts = { ...emptyCounts(), created: 1, failed: 2 };
  const partial = syntheticReport([], [], { status: "partial", reason: "2 records failed to write", counts });
  partial.entries = [
    { admin: { id: "1" }, action: "create", changes: [], outcome: "done" },
    { admin: { id: "2" }, action: "update", changes: [], outcome: "failed" },
    { admin: { id: "3" }, action: "update", changes: [], outcome: "failed" },
    { admin: { id: "4" }, action: "update", changes: [], outcome: "done" },
  ];

  it("fails failed and aborted runs, never a dry run or a success", () => {
    expect(decideExit({ ...partial, status: "failed", reason: "Oomnitza answered 401" }, { kind: "none" })).toEqual({ fail: true, message: "Sync failed: Oomnitza answered 401" });
    expect(decideExit({ ...partial, status: "aborted", reason: "guard" }, { kind: "none" }).fail).toBe(true);
    expect(decideExit({ ...partial, status: "dry-run" }, { kind: "any" }).fail).toBe(false);
    expect(decideExit({ ...partial, status: "success" }, { kind: "any" }).message).toMatch(/^Sync succeeded: created 1/);
  });

  it("fails a partial run as fail-on says: any, none, a count, a share of attempted writes", () => {
    expect(decideExit(partial, { kind: "any" }).fail).toBe(true);
    expect(decideExit(partial, { kind: "none" }).fail).toBe(false);
    expect(decideExit(partial, { kind: "count", value: 2 }).fail).toBe(true);
    expect(decideExit(partial, { kind: "count", value: 3 }).fail).toBe(false);
    expect(decideExit(partial, { kind: "percent", value: 50 }).fail).toBe(true);
    expect(decideExit(partial, { kind: "percent", value: 51 }).fail).toBe(false);
  });
});

describe("appliedStatus", () => {
  const base = { counts: emptyCounts(), succeeded: 1, removalsNotAttempted: false, cancelled: false, timeoutMinutes: 30, name: (n: string) => n };
  it("says success, partial, failed (refused, deadline, cancelled) from the counts", () => {
    expect(appliedStatus(base)).toEqual({ status: "success" });
    expect(appliedStatus({ ...base, counts: { ...emptyCounts(), failed: 1 } })).toEqual({ status: "partial", reason: "1 record failed to write" });
    expect(appliedStatus({ ...base, fatal: { kind: "refused", message: "Oomnitza answered 401" } })).toEqual({ status: "failed", reason: "Oomnitza refused a write, so the rest were not sent: Oomnitza answered 401" });
    expect(appliedStatus({ ...base, fatal: { kind: "repeated", message: "creating … in Oomnitza: Oomnitza answered 400" } }).reason).toBe("the first 10 writes all failed the same way, so the rest were not sent: creating … in Oomnitza: Oomnitza answered 400");
    // When no write succeeded, the run failed: "partial" would say some did.
    expect(appliedStatus({ ...base, succeeded: 0, counts: { ...emptyCounts(), failed: 3 } })).toEqual({ status: "failed", reason: "every write failed (3 records); the failures below say why" });
    expect(appliedStatus({ ...base, counts: { ...emptyCounts(), notAttempted: 3 } }).reason).toBe("the run's deadline (timeout-minutes: 30) passed with 3 people's writes not attempted");
    expect(appliedStatus({ ...base, cancelled: true, removalsNotAttempted: true }).reason).toBe("the run was cancelled with 0 people's writes not attempted");
  });
});
