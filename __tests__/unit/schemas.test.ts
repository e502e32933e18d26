import { describe, expect, it } from "vitest";
import { adminList, cleanAdmins } from "../../src/intercom/schema.js";
import { bulkErrors, parseCreatedSaas, parseSaasList, parseSaasUsers, parseUser, parseUsers } from "../../src/oomnitza/schema.js";

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
    expect(() => parseUsers([{ user_id: "a" }, { user_id: " " }], what, 1000)).toThrow("reading Oomnitza users: Oomnitza's answer is not a list of users with a user_id (row 1002) (got an object; user_id is not valid); nothing more was written");
    expect(() => parseUsers([{ email: "x" }], what, 0)).toThrow(/\(row 1\) \(got an object; user_id is missing\)/);
    expect(() => parseUsers([[]], what, 0)).toThrow(/\(row 1\) \(got a list\)/);
    expect(() => parseUsers({ users: [] }, what, 0)).toThrow(/is not a list of users with a user_id \(got an object\)/);
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
});
