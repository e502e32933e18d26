import { describe, expect, it } from "vitest";
import { filterOut } from "../../src/sync/filter.js";
import { ruleValue, type FieldRule } from "../../src/sync/mapping.js";
import { admin, mapping, plan, RUN, userFor } from "../support/admins.js";

const ada = admin({
  id: "5104417",
  email: " Ada.Lovelace@Example.com ",
  name: "Ada  King Lovelace",
  job_title: "staff engineer",
  team_ids: [814865, 42],
  team_priority_level: { primary_team_ids: [814865], secondary_team_ids: [1, 2] },
});

const rule = (over: Partial<FieldRule>): FieldRule => ({ field: "x", transforms: [], on: "always", ifEmpty: "keep", ...over });

describe("sources and transforms", () => {
  const cases: Array<[string, Partial<FieldRule>, unknown]> = [
    ["email trimmed (written as a login, so never with spaces)", { source: "email" }, "Ada.Lovelace@Example.com"],
    ["lowercase + trim", { source: "email", transforms: ["lowercase", "trim"] }, "ada.lovelace@example.com"],
    ["uppercase", { source: "job_title", transforms: ["uppercase"] }, "STAFF ENGINEER"],
    ["first_name source", { source: "first_name" }, "Ada"],
    ["last_name source", { source: "last_name" }, "King Lovelace"],
    ["first-word", { source: "name", transforms: ["first-word"] }, "Ada"],
    ["rest-words", { source: "name", transforms: ["rest-words"] }, "King Lovelace"],
    ["team ids comma-joined", { source: "team_ids" }, "814865,42"],
    ["join", { source: "secondary_team_ids", transforms: ["join"] }, "1,2"],
    ["primary team ids", { source: "primary_team_ids" }, "814865"],
    ["date", { source: "sync_time", transforms: ["date"] }, Date.parse(RUN.syncTime) / 1000],
    ["constant", { value: "Support" }, "Support"],
    ["constant boolean", { value: true }, true],
    ["intercom version", { source: "intercom_version" }, "2.11"],
    ["boolean", { source: "has_inbox_seat" }, true],
    ["absent avatar is empty", { source: "avatar" }, "https://static.example.com/a.png"],
  ];
  for (const [name, over, expected] of cases) {
    it(name, () => expect(ruleValue(rule(over), ada, RUN)).toEqual(expected));
  }
  it("empty values become null (so if-empty decides)", () => {
    const bare = admin({ id: "1", email: "b@example.com", job_title: "", avatar: null, team_priority_level: undefined });
    expect(ruleValue(rule({ source: "job_title" }), bare, RUN)).toBeNull();
    expect(ruleValue(rule({ source: "avatar" }), bare, RUN)).toBeNull();
    expect(ruleValue(rule({ source: "primary_team_ids" }), bare, RUN)).toBeNull();
  });
});

describe("filters", () => {
  const m = (yaml: string) => mapping(`extends: default\nfilter:\n${yaml}`).filter;
  const cases: Array<[string, string, boolean]> = [
    ["include equals true", "  - include: { has_inbox_seat: { equals: true } }", true],
    ["include equals false", "  - include: { has_inbox_seat: { equals: false } }", false],
    ["equals compares text case-insensitively", '  - include: { job_title: { equals: "Staff Engineer" } }', true],
    ["in on a list source", "  - include: { team_ids: { in: [1, 42] } }", true],
    ["in misses", "  - include: { team_ids: { in: [1, 2] } }", false],
    ["exclude matches", '  - exclude: { email: { matches: "@example\\\\.com" } }', false],
    ["matches is case-insensitive", '  - include: { email: { matches: "^ ?ada\\\\." } }', true],
    ["empty false", "  - include: { job_title: { empty: false } }", true],
    ["empty true excludes", "  - exclude: { job_title: { empty: false } }", false],
    ["all conditions of one rule", '  - exclude: { has_inbox_seat: { equals: true }, job_title: { equals: "nobody" } }', true],
    ["every include must pass", '  - include: { has_inbox_seat: { equals: true } }\n  - include: { email: { matches: "nomatch" } }', false],
  ];
  for (const [name, yaml, syncs] of cases) {
    it(name, () => expect(filterOut(m(yaml), ada, RUN) === undefined).toBe(syncs));
  }
  it("says which rule filtered an admin", () => {
    const p = plan({ admins: [ada], users: [], mapping: mapping('extends: default\nfilter:\n  - exclude: { email: { matches: "example" } }\n') });
    expect(p.entries[0]).toMatchObject({ action: "filtered", reason: "filter: exclude email matches 'example'" });
  });

  it("shows a rule as it was typed: a regular expression keeps its single backslashes", () => {
    const yaml = "extends: default\nfilter:\n  - exclude: { email: { matches: '@(contractor\\.example|bots\\.example)$' } }\n  - include: { job_title: { in: [Agent, \"Team Lead\"] } }\n";
    const rules = mapping(yaml).filter.map((rule) => rule.text);
    expect(rules).toEqual(["exclude email matches '@(contractor\\.example|bots\\.example)$'", "include job_title in ['Agent', 'Team Lead']"]);
  });
});

describe("sync key", () => {
  const bob = admin({ id: "77", email: "bob@example.com", name: "Bob Stone" });
  it("can be a custom field such as intercom_id", () => {
    const user = userFor(bob, "u1", { email: "bob.old@example.com" });
    const p = plan({ admins: [bob], users: [user], syncKey: "intercom_id" });
    expect(p.entries[0]).toMatchObject({ action: "update", userId: "u1", changes: [{ field: "email", before: "bob.old@example.com", after: "bob@example.com" }] });
  });
  it("can be username, matched case-insensitively and trimmed", () => {
    const user = { user_id: "u2", username: " BOB@example.com" };
    const p = plan({ admins: [bob], users: [user], syncKey: "username" });
    expect(p.entries[0]).toMatchObject({ action: "update", userId: "u2" });
    expect(p.entries[0]?.changes.map((c) => c.field)).not.toContain("username");
  });
});
