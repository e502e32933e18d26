import { describe, expect, it } from "vitest";
import { admin, mapping, plan, RUN, userFor } from "../support/admins.js";

const ada = admin({ id: "101", email: "ada@example.com", name: "Ada Lovelace", job_title: "Staff Engineer" });

describe("planSync: matching and actions", () => {
  it("creates an admin that is not in Oomnitza, with every mapped field", () => {
    const { entries } = plan({ admins: [ada], users: [] });
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry?.action).toBe("create");
    const record = Object.fromEntries(entry!.changes.map((c) => [c.field, c.after]));
    expect(record).toMatchObject({
      username: "ada@example.com",
      email: "ada@example.com",
      first_name: "Ada",
      last_name: "Lovelace",
      position: "Staff Engineer",
      intercom_id: "101",
      intercom_type: "admin",
      intercom_avatar: "https://static.example.com/a.png",
      intercom_away_mode_enabled: false,
      intercom_has_inbox_seat: true,
      intercom_primary_team_ids: "1",
      intercom_version: "2.11",
      intercom_sync_time: RUN.syncTime,
    });
  });

  it("updates, not duplicates, Ada@Example.com for the admin ada@example.com", () => {
    const user = userFor(ada, "u1", { email: "Ada@Example.com", username: "Ada@Example.com", position: "Engineer", intercom_version: "2.10", intercom_sync_time: "2026-11-25T10:00:00Z" });
    const { entries } = plan({ admins: [ada], users: [user] });
    expect(entries.map((e) => e.action)).toEqual(["update"]);
    expect(entries[0]?.userId).toBe("u1");
    // The key differs only in case: not a change. position is, and on-change fields ride along.
    expect(entries[0]?.changes.map((c) => c.field)).toEqual(["position", "intercom_version", "intercom_sync_time"]);
    expect(entries[0]?.changes[0]).toEqual({ field: "position", before: "Engineer", after: "Staff Engineer" });
  });

  it("leaves a person unchanged when only the on-change sync time differs", () => {
    const user = userFor(ada, "u1", { intercom_sync_time: "2020-01-01T00:00:00Z", intercom_version: "2.10" });
    const { entries } = plan({ admins: [ada], users: [user] });
    expect(entries[0]?.action).toBe("unchanged");
  });

  it("compares values normalised: checkbox '1'/'0', numbers as strings, dates as unix seconds", () => {
    const user = userFor(ada, "u1", {
      intercom_away_mode_enabled: "0",
      intercom_has_inbox_seat: "1",
      intercom_away_mode_reassign: "false",
      intercom_primary_team_ids: "1",
    });
    expect(plan({ admins: [ada], users: [user] }).entries[0]?.action).toBe("unchanged");
    const m = mapping(`extends: default\nfields:\n  intercom_sync_time: { source: sync_time, transform: date }\n`);
    const dated = userFor(ada, "u2", { intercom_sync_time: RUN.syncTime });
    expect(plan({ admins: [ada], users: [dated], mapping: m }).entries[0]?.action).toBe("unchanged");
  });

  it("syncs an admin without job_title or avatar and never blanks an existing position", () => {
    const bare = admin({ id: "102", email: "bare@example.com", job_title: undefined, avatar: undefined, team_priority_level: undefined });
    const created = plan({ admins: [bare], users: [] }).entries[0];
    expect(created?.action).toBe("create");
    const fields = created!.changes.map((c) => c.field);
    expect(fields).not.toContain("position");
    expect(fields).not.toContain("intercom_avatar");
    const existing = userFor(bare, "u9", { position: "Kept by IT" });
    expect(plan({ admins: [bare], users: [existing] }).entries[0]?.action).toBe("unchanged");
  });

  it("writes a position only on create under on: create", () => {
    const m = mapping(`extends: default\nfields:\n  position: { source: job_title, on: create }\n`);
    const user = userFor(ada, "u1", { position: "Maintained in Oomnitza" });
    expect(plan({ admins: [ada], users: [user], mapping: m }).entries[0]?.action).toBe("unchanged");
    const created = plan({ admins: [ada], users: [], mapping: m }).entries[0];
    expect(created?.changes.find((c) => c.field === "position")?.after).toBe("Staff Engineer");
  });

  it("clears a field under if-empty: clear", () => {
    const m = mapping(`extends: default\nfields:\n  position: { source: job_title, if-empty: clear }\n`);
    const bare = admin({ id: "103", email: "c@example.com", job_title: undefined });
    const user = userFor(bare, "u3", { position: "Old title" });
    const entry = plan({ admins: [bare], users: [user], mapping: m }).entries[0];
    expect(entry?.action).toBe("update");
    expect(entry?.changes[0]).toEqual({ field: "position", before: "Old title", after: null });
  });
});

describe("planSync: skip rules", () => {
  const cases = [
    {
      name: "no sync key",
      admins: [admin({ id: "1", email: "  " })],
      users: [],
      expected: [["skip", /no sync key/]],
    },
    {
      name: "duplicate in Intercom (case-insensitive)",
      admins: [admin({ id: "1", email: "Dup@example.com" }), admin({ id: "2", email: "dup@example.com " })],
      users: [],
      expected: [
        ["skip", /duplicate in Intercom: admin 2/],
        ["skip", /duplicate in Intercom: admin 1/],
      ],
    },
    {
      name: "ambiguous in Oomnitza",
      admins: [admin({ id: "1", email: "amb@example.com" })],
      users: [
        { user_id: "a", username: "amb1", email: "AMB@example.com" },
        { user_id: "b", username: "amb2", email: "amb@example.com" },
      ],
      expected: [["skip", /ambiguous in Oomnitza: users a, b/]],
    },
    {
      name: "username already held by another person",
      admins: [admin({ id: "1", email: "taken@example.com" })],
      users: [{ user_id: "z", username: "Taken@example.com", email: "someone.else@example.com" }],
      expected: [["skip", /already used by Oomnitza user z/]],
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const { entries } = plan({ admins: [...c.admins], users: c.users.map((u) => ({ ...u })) });
      expect(entries.map((e) => e.action)).toEqual(c.expected.map((e) => e[0]));
      entries.forEach((entry, i) => expect(entry.reason).toMatch(c.expected[i]![1]));
    });
  }

  it("names at most three others in a reason: 20,000 admins sharing an email give short reasons, in linear time", () => {
    const crowd = Array.from({ length: 20_000 }, (_, i) => admin({ id: String(i + 1), email: "shared@example.com" }));
    const users = Array.from({ length: 5 }, (_, i) => ({ user_id: `u${i}`, username: `u${i}`, email: "one@example.com" }));
    const started = Date.now();
    const { entries } = plan({ admins: [...crowd, admin({ id: "x", email: "one@example.com" })], users });
    const ms = Date.now() - started;
    console.log(`[bounded] 20,001 admins, one shared email: planned in ${ms} ms; longest reason ${Math.max(...entries.map((e) => e.reason?.length ?? 0))} characters`);
    expect(entries[0]?.reason).toBe("duplicate in Intercom: admin 2, 3, 4 and 19,996 more have the same email");
    expect(entries[1]?.reason).toBe("duplicate in Intercom: admin 1, 3, 4 and 19,996 more have the same email");
    expect(entries[20_000]?.reason).toBe("ambiguous in Oomnitza: users u0, u1, u2 and 2 more all have this email");
    expect(Math.max(...entries.map((e) => e.reason?.length ?? 0))).toBeLessThan(120);
    expect(ms).toBeLessThan(5000);
  });

  it('skips a person matched to an Oomnitza id that cannot be a path (".", "..", "", "a/b"), never creating them again', () => {
    for (const user_id of [".", "..", "", " ", "people/42", "a\\b"]) {
      const result = plan({ admins: [admin({ id: "1", email: "odd@example.com" })], users: [{ user_id, username: "odd@example.com", email: "odd@example.com" }] });
      expect(result.entries[0]?.action, JSON.stringify(user_id)).toBe("skip");
      expect(result.entries[0]?.reason).toMatch(/cannot be used in a request .*the person was not written/);
      expect(result.steps).toEqual([]);
    }
  });

  it("lists invalid Intercom entries as skipped with their reason", () => {
    const { entries } = plan({ admins: [], users: [], invalid: [{ index: 3, reason: 'type is "team", not "admin"' }] });
    expect(entries[0]).toMatchObject({ action: "skip", reason: 'invalid Intercom record: type is "team", not "admin"' });
  });
});

describe("planSync: preferences and removed admins", () => {
  const bob = admin({ id: "201", email: "bob@example.com", name: "Bob Builder" });
  const existing = userFor(ada, "u1", { position: "Old" });

  it("create-only never updates; update-only never creates", () => {
    const createOnly = plan({ admins: [ada, bob], users: [existing], preference: "create-only" }).entries;
    expect(createOnly.map((e) => e.action)).toEqual(["unchanged", "create"]);
    expect(createOnly[0]?.reason).toMatch(/create-only never updates/);
    const updateOnly = plan({ admins: [ada, bob], users: [existing], preference: "update-only" }).entries;
    expect(updateOnly.map((e) => e.action)).toEqual(["update", "not-in-oomnitza"]);
  });

  it("clears the removal marks of a person whose admin is back, only when the run marks removals, and only the marks it finds", () => {
    const marked = userFor(ada, "u1", { intercom_removed_at: 1_700_000_000, intercom_removed_by: "boss@example.com" });
    const back = plan({ admins: [ada], users: [marked], removedAdmins: "mark" }).entries[0];
    expect(back?.action).toBe("update");
    expect(back?.changes.filter((c) => c.field.startsWith("intercom_removed"))).toEqual([
      { field: "intercom_removed_at", before: 1_700_000_000, after: null },
      { field: "intercom_removed_by", before: "boss@example.com", after: null },
    ]);
    const atOnly = userFor(ada, "u1", { intercom_removed_at: 1_700_000_000 });
    expect(plan({ admins: [ada], users: [atOnly], removedAdmins: "unassign" }).entries[0]?.changes.map((c) => c.field)).toContain("intercom_removed_at");
    expect(plan({ admins: [ada], users: [atOnly], removedAdmins: "unassign" }).entries[0]?.changes.map((c) => c.field)).not.toContain("intercom_removed_by");
    // Reporting only: the marks are not the run's to touch.
    expect(plan({ admins: [ada], users: [marked], removedAdmins: "report" }).entries[0]?.changes.map((c) => c.field)).not.toContain("intercom_removed_at");
    // A "by" without a time is not a mark.
    const byOnly = userFor(ada, "u1", { intercom_removed_by: "boss@example.com" });
    expect(plan({ admins: [ada], users: [byOnly], removedAdmins: "mark" }).entries[0]?.changes.map((c) => c.field)).not.toContain("intercom_removed_by");
  });

  it("finds managed records whose admin is gone, but not filtered or matched ones", () => {
    const gone = { user_id: "g", username: "gone@example.com", email: "gone@example.com", intercom_id: "999" };
    const rehired = { user_id: "r", username: "bob@example.com", email: "bob@example.com", intercom_id: "555" };
    const manual = { user_id: "m", username: "manual", email: "manual@example.com" };
    const result = plan({ admins: [ada, bob], users: [existing, gone, rehired, manual] });
    expect(result.managed).toBe(3);
    expect(result.removed.map((r) => r.userId)).toEqual(["g"]);
    const m = mapping(`extends: default\nfilter:\n  - exclude: { email: { matches: "^ada@" } }\n`);
    const filtered = plan({ admins: [ada, bob], users: [existing, gone], mapping: m });
    expect(filtered.entries.find((e) => e.admin.id === "101")?.action).toBe("filtered");
    expect(filtered.removed.map((r) => r.userId)).toEqual(["g"]);
  });
});

import { cleanAdmins } from "../../src/intercom/schema.js";

describe("cleanAdmins", () => {
  it("keeps valid admins as they are, coerces numeric ids and team ids given as text, and skips the rest with a reason", () => {
    const valid = { type: "admin", id: "1", email: "a@example.com", name: "A", team_ids: [1] };
    const numeric = { type: "admin", id: 2, email: "b@example.com", team_ids: ["7"] };
    const { admins, invalid } = cleanAdmins([valid, numeric, { type: "team", id: "3", email: null }, { type: "admin", id: "4" }, { type: "admin", id: "5", email: "e@x", away_mode_enabled: "yes" }, "junk"]);
    expect(admins[0]).toBe(valid);
    expect(admins[1]).toMatchObject({ id: "2", team_ids: [7] });
    expect(cleanAdmins([{ type: "admin", id: 9007199254740993, email: "big@example.com" }]).invalid[0]?.reason).toMatch(/^id is a number beyond 2\^53/);
    expect(cleanAdmins([{ type: "admin", id: 9007199254740991, email: "max@example.com" }]).admins[0]?.id).toBe("9007199254740991");
    expect(invalid.map((i) => i.reason)).toEqual([
      'type is "team", not "admin" (legacy team entry or unknown object)',
      "email is missing",
      'away_mode_enabled is not a valid boolean (got "yes")',
      "not an object",
    ]);
  });
});
