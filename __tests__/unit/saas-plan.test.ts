import { describe, expect, it } from "vitest";
import type { Preference } from "../../src/sync/decisions.js";
import type { SaasState } from "../../src/sync/records.js";
import { admin, plan, userFor } from "../support/admins.js";

const ada = admin({ id: "1", email: "ada@example.com" });
const bob = admin({ id: "2", email: "bob@example.com" });
const users = [userFor(ada, "u1"), userFor(bob, "u2")];

function saasPlan(state: SaasState, preference: Preference = "create-and-update", extraAdmins = [ada, bob]) {
  return plan({ admins: extraAdmins, users, preference, saas: { state, name: "Intercom" }, present: new Set(extraAdmins.map((a) => a.id)) });
}

const record = { saas_id: "7", saas_name: "Intercom" };
const cases: Array<{ name: string; state: SaasState; preference?: Preference; expected: Array<unknown> }> = [
  {
    name: "assigns everyone when the record is missing (it will be created)",
    state: { users: [] },
    expected: [{ assign: true, externalId: { before: null, after: "1" } }, { assign: true, externalId: { before: null, after: "2" } }],
  },
  {
    name: "does nothing for correctly assigned people",
    state: { record, users: [{ user_id: "u1", user_external_id: "1" }, { user_id: "u2", user_external_id: " 2 " }] },
    expected: [undefined, undefined],
  },
  {
    name: "fixes a missing external id without re-assigning",
    state: { record, users: [{ user_id: "u1", user_external_id: "" }, { user_id: "u2", user_external_id: "2" }] },
    expected: [{ assign: false, externalId: { before: null, after: "1" } }, undefined],
  },
  {
    name: "update-only: never assigns, never creates the record",
    state: { users: [] },
    preference: "update-only",
    expected: [{ assign: false, reason: expect.stringMatching(/update-only never creates it/) }, { assign: false, reason: expect.stringMatching(/update-only never creates it/) }],
  },
  {
    name: "create-only: assigns newcomers but leaves existing external ids alone",
    state: { record, users: [{ user_id: "u1", user_external_id: "wrong" }] },
    preference: "create-only",
    expected: [{ assign: false, reason: expect.stringMatching(/create-only never updates it/) }, { assign: true, externalId: { before: null, after: "2" } }],
  },
];

describe("planSaas", () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = saasPlan(c.state, c.preference);
      expect(p.entries.map((e) => e.saas)).toEqual(c.expected);
      expect(p.saas).toMatchObject({ name: "Intercom", create: !c.state.record && c.preference !== "update-only" });
    });
  }

  it("lists as removed the SaaS users whose external id no admin has, and counts the managed ones", () => {
    const state: SaasState = {
      record,
      users: [
        { user_id: "u1", user_external_id: "1" },
        { user_id: "u9", user_external_id: "99", email: "gone@example.com" },
        { user_id: "u8", user_external_id: "" },
      ],
    };
    const p = saasPlan(state);
    expect(p.managed).toBe(2);
    expect(p.removed).toEqual([{ userId: "u9", intercomId: "99", email: "gone@example.com", username: undefined, name: undefined }]);
  });
});
