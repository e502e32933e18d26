import { activityEvent, activityPage, teamNames } from "../../src/intercom/activity.js";
import { describe, expect, it } from "vitest";
import { adminList, cleanAdmins } from "../../src/intercom/schema.js";
import { bulkErrors, parseCreatedRole, parseCreatedSaas, parseSaasList, parseSaasRoles, parseSaasUsers, parseUser, parseUsers, roleChangeErrors } from "../../src/oomnitza/schema.js";

const what = "reading Oomnitza users";

describe("Intercom's admins, checked at the boundary", () => {
  it("names every member that is not what the sync needs, nested ones by their path, three at most", () => {
    const { admins, invalid } = cleanAdmins([
      { type: "admin", id: "1", email: null },
      { type: "admin", id: "2", email: "b@x", team_ids: [1, "x"], avatar: [] },
      { type: "admin", id: "3", email: "c@x", team_priority_level: { primary_team_ids: "1" }, name: 5, job_title: true, has_inbox_seat: "no" },
    ]);
    expect(admins).toEqual([]);
    expect(invalid.map((i) => [i.id, i.reason])).toEqual([
      ["1", "email is null"],
      ["2", 'team_ids.1 is not a valid integer (got "x"); avatar is not a valid type (got a list)'],
      ["3", 'name is not a valid string (got 5); job_title is not a valid string (got true); has_inbox_seat is not a valid boolean (got "no"); and 1 more'],
    ]);
  });

  it("keeps an admin that is valid as it came as the very same object, and coerces a copy otherwise, leaving the answer as it was", () => {
    const valid = { type: "admin", id: "1", email: "a@x", team_ids: [7], extra: { kept: true } };
    const odd = { type: "admin", id: 2, email: "b@x", team_priority_level: { primary_team_ids: ["8"], secondary_team_ids: null } };
    const { admins } = cleanAdmins([valid, odd]);
    expect(admins[0]).toBe(valid);
    expect(admins[1]).toEqual({ type: "admin", id: "2", email: "b@x", team_priority_level: { primary_team_ids: [8], secondary_team_ids: null } });
    expect(odd).toEqual({ type: "admin", id: 2, email: "b@x", team_priority_level: { primary_team_ids: ["8"], secondary_team_ids: null } });
  });

  it("keeps unknown members in a coerced copy, and names the coercions' failures with what came", () => {
    const odd = { type: "admin", id: 12, email: "c@x", team_ids: ["3", 4], custom: { nested: [1] } };
    const { admins, invalid } = cleanAdmins([odd, { type: "admin", id: "5", email: "d@x", team_ids: ["3a"] }]);
    expect(admins).toEqual([{ type: "admin", id: "12", email: "c@x", team_ids: [3, 4], custom: { nested: [1] } }]);
    expect(admins[0]).not.toBe(odd);
    expect(invalid.map((i) => i.reason)).toEqual(['team_ids.0 is not a valid integer (got "3a")']);
  });

  it("says why an answer is not an admin list", () => {
    expect(adminList([])).toEqual({ problem: "(the value) is not a valid type (got a list)" });
    expect(adminList({ type: "admin.list" })).toEqual({ problem: "admins is missing" });
    expect(adminList({ admins: {} })).toEqual({ problem: "admins is not a valid array (got an object)" });
    expect(adminList({ type: "admin.list", admins: [1] })).toEqual({ admins: [1] });
  });
});

describe("Oomnitza's answers, checked at the boundary", () => {
  it("takes user rows as they came (a numeric user_id as text) and names the first bad row", () => {
    const body = [{ user_id: "a", email: "a@x" }, { user_id: 42 }];
    const users = parseUsers(body, what, 0);
    expect(users).toBe(body);
    expect(users).toEqual([{ user_id: "a", email: "a@x" }, { user_id: "42" }]);
    expect(() => parseUsers([{ user_id: "a" }, { user_id: true }], what, 1000)).toThrow("reading Oomnitza users: Oomnitza's answer is not a list of users with a user_id (row 1002) (got an object; user_id is not valid); nothing more was written");
    // Any text is kept as a user's id, even a blank one: the plan skips a person matched to it, never creates them twice.
    expect(parseUsers([{ user_id: " " }], what, 0)).toEqual([{ user_id: " " }]);
    expect(() => parseUsers([{ email: "x" }], what, 0)).toThrow(/\(row 1\) \(got an object; user_id is missing\)/);
    expect(() => parseUsers([[]], what, 0)).toThrow(/\(row 1\) \(got a list\)/);
    expect(() => parseUsers({ users: [] }, what, 0)).toThrow(/is not a list of users with a user_id \(got an object\)/);
  });

  it("replaces only a row whose user_id had to be taken as text, keeping its other members; the others stay the answer's own", () => {
    const kept = { user_id: "a", custom_field: { any: "thing" } };
    const numeric = { user_id: 7, email: "b@x", extra: [1, 2] };
    const body = [kept, numeric];
    const users = parseUsers(body, what, 0);
    expect(users[0]).toBe(kept);
    expect(users[1]).toEqual({ user_id: "7", email: "b@x", extra: [1, 2] });
    expect(numeric.user_id).toBe(7);
  });

  it("reads one created user, also wrapped in a one-element list", () => {
    expect(parseUser([{ user_id: 7, username: "u" }], "creating")).toEqual({ user_id: "7", username: "u" });
    expect(() => parseUser({ id: 7 }, "creating")).toThrow(/not a user with a user_id \(got an object; user_id is missing\)/);
  });

  it("reads SaaS records, a created one, SaaS users and bulk errors", () => {
    expect(parseSaasList([{ saas_id: 3, saas_name: "Intercom", other: 1 }], "w")).toEqual([{ saas_id: "3", saas_name: "Intercom" }]);
    expect(() => parseSaasList([{ saas_id: 3 }], "w")).toThrow(/saas_name is missing/);
    expect(parseCreatedSaas({ saas_id: "9" }, "Intercom", "w")).toEqual({ saas_id: "9", saas_name: "Intercom" });
    expect(parseSaasUsers([{ user_id: 1, user_external_id: 55, username: null }, { user_id: "2" }], "w")).toEqual([
      { user_id: "1", user_external_id: "55", username: undefined, email: undefined, full_name: undefined },
      { user_id: "2", user_external_id: "", username: undefined, email: undefined, full_name: undefined },
    ]);
    expect(() => parseSaasUsers([{ user_id: "1", email: 5 }], "w")).toThrow(/email is not valid/);
    expect(bulkErrors(JSON.stringify([{ user_id: 1, errors: ["no such user"] }, { user_id: "2", errors: [] }, { errors: ["who?"] }, { user_id: "" }, "x"]))).toEqual(new Map([["1", "no such user"]]));
    expect(bulkErrors("not json")).toEqual(new Map());
  });

  it("refuses a SaaS record id that cannot go into a path, and reads SaaS roles and role-change errors", () => {
    expect(() => parseCreatedSaas({ saas_id: ".." }, "Intercom", "w")).toThrow(/saas_id is not valid/);
    expect(() => parseSaasList([{ saas_id: "a/b", saas_name: "Intercom" }], "w")).toThrow(/saas_id is not valid/);
    expect(parseSaasRoles([{ role_id: 4, role_external_label: " Inbox seat " }, { role_id: "5", role_external_id: 77 }], "w")).toEqual([
      { id: "4", label: "Inbox seat" },
      { id: "5", label: "77" },
    ]);
    expect(() => parseSaasRoles([{ role_external_label: "x" }], "w")).toThrow(/role_id is missing/);
    expect(parseCreatedRole({ role_id: 9 }, "w")).toBe("9");
    expect(roleChangeErrors({ errors: ["no such role", null, "", { code: 1 }] })).toEqual(["no such role", '{"code":1}']);
    expect(roleChangeErrors({ errors: "odd" })).toEqual([]);
    expect(roleChangeErrors([])).toEqual([]);
  });
});

describe("Intercom's activity log and team list, checked at the boundary", () => {
  it("takes events with a numeric created_at and skips what is not one", () => {
    const login = { activity_type: "admin_login_success", created_at: 1700000000, performed_by: { id: "7", email: "a@x" }, metadata: {} };
    expect(activityEvent(login)).toBe(login);
    expect(activityEvent({ created_at: 1, performed_by: null, metadata: null })).toBeDefined();
    expect(activityEvent({ activity_type: "admin_login_success", created_at: "yesterday" })).toBeUndefined();
    expect(activityEvent({ created_at: 1, performed_by: { id: {} } })).toBeUndefined();
    expect(activityEvent({ created_at: 1, metadata: [] })).toBeUndefined();
    expect(activityEvent("x")).toBeUndefined();
  });

  it("reads a page's events and cursor, and refuses what is not a page", () => {
    expect(activityPage({ activity_logs: [1], pages: { next: { starting_after: "c2" } } })).toEqual({ events: [1], next: "c2" });
    expect(activityPage({ activity_logs: [], pages: { next: null } })).toEqual({ events: [], next: undefined });
    expect(activityPage({ activity_logs: [] })).toEqual({ events: [], next: undefined });
    expect(activityPage({ activity_logs: {} })).toBeUndefined();
    expect(activityPage({ activity_logs: [], pages: { next: { starting_after: 5 } } })).toBeUndefined();
  });

  it("maps team ids to names, leaving out nameless teams", () => {
    expect(teamNames({ teams: [{ id: 814865, name: "Tier 2 Support" }, { id: "9", name: null }] })).toEqual(new Map([["814865", "Tier 2 Support"]]));
    expect(teamNames({ teams: [{ name: "no id" }] })).toBeUndefined();
    expect(teamNames([])).toBeUndefined();
  });
});
