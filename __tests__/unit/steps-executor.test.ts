import { describe, expect, it } from "vitest";
import { executePlan } from "../../src/engine/executor.js";
import { fixedLimiter } from "../../src/engine/limiter.js";
import { HttpError } from "../../src/http/index.js";
import type { SaasRecord } from "../../src/sync/records.js";
import { createOnce } from "../../src/sync/steps/create-once.js";
import type { OomnitzaWrites } from "../../src/sync/steps/types.js";
import { admin, plan, userFor } from "../support/admins.js";

/** An Oomnitza that keeps what it is told in memory, and fails when a test says so. */
function fakeOomnitza(fail: { create?: (record: Record<string, unknown>) => Error | undefined; assign?: Error; forgetAssign?: boolean } = {}) {
  const calls: string[] = [];
  const users = new Map<string, Record<string, unknown>>();
  const assigned = new Map<string, string>();
  let saas: SaasRecord | undefined;
  const port: OomnitzaWrites = {
    async createUser(record) {
      calls.push(`create ${record.username}`);
      const error = fail.create?.(record);
      if (error) throw error;
      const user = { ...record, user_id: `u-${record.username}` };
      users.set(user.user_id, user);
      return user;
    },
    async patchUser(userId) {
      calls.push(`patch ${userId}`);
    },
    async readBack() {
      return []; // finds nobody, so it says nothing
    },
    async lookUpUsers(field, values) {
      calls.push(`find ${field}=${values.join(",")}`);
      return [...users.values()].filter((u) => values.includes(String(u[field]))) as Array<{ user_id: string }>;
    },
    async createSaas(name) {
      calls.push(`create saas ${name}`);
      saas = { saas_id: "77", saas_name: name };
      return saas;
    },
    async findSaas() {
      return saas ? [saas] : [];
    },
    async assignSaasUsers(saasId, items) {
      calls.push(`assign ${saasId} ${items.map((i) => i.user_id).join(",")}`);
      if (fail.assign) throw fail.assign;
      for (const item of items) if (item.assign && !fail.forgetAssign) assigned.set(item.user_id, "");
      return new Map();
    },
    async setSaasExternalId(saasId, userId, externalId) {
      calls.push(`external ${saasId} ${userId}=${externalId}`);
      if (assigned.has(userId)) assigned.set(userId, externalId);
    },
    async createSaasRole(saasId, label) {
      calls.push(`create role ${saasId} ${label}`);
      return `r-${label}`;
    },
    async listSaasRoles() {
      return [];
    },
    async setSaasRoles(saasId, userIds, roleIds, give) {
      calls.push(`${give ? "give" : "take"} ${roleIds.join(",")} ${userIds.join(",")}`);
    },
    async listSaasUsers(saasId) {
      calls.push(`read saas users ${saasId}`);
      return [...assigned].map(([user_id, user_external_id]) => ({ user_id, user_external_id }));
    },
  };
  return { port, calls, users };
}

const ada = admin({ id: "1", email: "ada@example.com" });
const bob = admin({ id: "2", email: "bob@example.com", name: "Bob Byte" });
const cyd = admin({ id: "3", email: "cyd@example.com" });
const run = () => ({ limiter: fixedLimiter(2), stopReason: () => undefined });

describe("the plan's steps", () => {
  it("lists typed steps in order, each waiting for the person's own write and the SaaS record", () => {
    const p = plan({ admins: [ada, bob], users: [userFor(bob, "ub", { first_name: "Old" })], saas: { state: { users: [] }, name: "Intercom" } });
    expect(p.steps.map((s) => `${s.id} ${s.kind} ${s.entry ?? "-"} after ${s.after.join(",")}`)).toEqual([
      "0 create-person 0 after ",
      "1 update-person 1 after ",
      "2 create-saas-record - after ",
      "3 assign-saas-user 0 after 0,2",
      "4 assign-saas-user 1 after 1,2",
      "5 set-saas-external-id 0 after 0,2,3",
      "6 set-saas-external-id 1 after 1,2,4",
    ]);
    expect(Object.isFrozen(p) && Object.isFrozen(p.steps) && Object.isFrozen(p.steps[3]) && Object.isFrozen(p.entries)).toBe(true);
  });

  it("plans no SaaS record when nobody is to be assigned, and unassign steps only under removed-admins: unassign", () => {
    const state = { record: { saas_id: "9", saas_name: "Intercom" }, users: [{ user_id: "u1", user_external_id: "1" }, { user_id: "gone", user_external_id: "99" }] };
    const users = [userFor(ada, "u1")];
    expect(plan({ admins: [ada], users, saas: { state, name: "Intercom" } }).steps).toEqual([]);
    const unassign = plan({ admins: [ada], users, saas: { state, name: "Intercom" }, removedAdmins: "unassign" });
    // Unassigning also marks the person removed (once: a person already marked is left alone).
    expect(unassign.steps.map((s) => [s.kind, s.removed])).toEqual([["unassign-saas-user", 0], ["mark-removed", 0]]);
  });
});

describe("executePlan", () => {
  it("runs every step once, passing a created person's id to its SaaS steps", async () => {
    const p = plan({ admins: [ada, bob], users: [userFor(bob, "ub", { first_name: "Old" })], saas: { state: { users: [] }, name: "Intercom" } });
    const { port, calls } = fakeOomnitza();
    const { outcomes, fatal } = await executePlan(p, port, run());
    expect(fatal).toBeUndefined();
    expect(outcomes.map((o) => o.status)).toEqual(Array(7).fill("done"));
    expect(outcomes[0]).toMatchObject({ userId: "u-ada@example.com" });
    expect(calls).toEqual(["create ada@example.com", "patch ub", "create saas Intercom", "assign 77 u-ada@example.com,ub", "external 77 u-ada@example.com=1", "external 77 ub=2", "read saas users 77"]);
  });

  it("confirms SaaS writes by reading the SaaS users back: an assignment that did not hold fails", async () => {
    const p = plan({ admins: [ada], users: [userFor(ada, "u1")], saas: { state: { users: [] }, name: "Intercom" } });
    const { port } = fakeOomnitza({ forgetAssign: true });
    const { outcomes } = await executePlan(p, port, run());
    expect(outcomes.map((o) => o.status)).toEqual(["done", "failed", "failed"]);
    expect(outcomes[1]).toEqual({ status: "failed", error: "Oomnitza accepted the assignment of ada@example.com to the SaaS record, but ada@example.com is not among its SaaS users when read back" });
    expect(outcomes[2]).toMatchObject({ status: "failed", error: expect.stringMatching(/external id of ada@example.com, but ada@example.com is not among the SaaS users/) });
  });

  it("keeps a failure on its person: that person's SaaS steps are not attempted, the others go ahead", async () => {
    const p = plan({ admins: [ada, bob], users: [], saas: { state: { users: [] }, name: "Intercom" } });
    const { port } = fakeOomnitza({ create: (r) => (r.username === "ada@example.com" ? new HttpError("creating ada: Oomnitza answered 400", "oomnitza", 400, false) : undefined) });
    const { outcomes } = await executePlan(p, port, run());
    expect(outcomes.map((o) => o.status)).toEqual(["failed", "done", "done", "not-attempted", "done", "not-attempted", "done"]);
    expect(outcomes[3]).toEqual({ status: "not-attempted", error: "not attempted: the person was not written" });
  });

  it("stops every further write after a refused token, and says why", async () => {
    const p = plan({ admins: [ada, bob, cyd], users: [] });
    const { port, calls } = fakeOomnitza({ create: () => new HttpError("Oomnitza answered 401", "oomnitza", 401, false) });
    const { outcomes, fatal } = await executePlan(p, port, { ...run(), limiter: fixedLimiter(1) });
    expect(fatal).toEqual({ kind: "refused", message: "Oomnitza answered 401" });
    expect(calls).toEqual(["create ada@example.com"]);
    expect(outcomes.slice(1)).toEqual([
      { status: "not-attempted", error: "not attempted: an earlier write was refused" },
      { status: "not-attempted", error: "not attempted: an earlier write was refused" },
    ]);
  });

  it("starts nothing once the stop reason is set (deadline, cancellation)", async () => {
    const p = plan({ admins: [ada, bob], users: [] });
    const { port, calls } = fakeOomnitza();
    const { outcomes } = await executePlan(p, port, { limiter: fixedLimiter(1), stopReason: () => "the run stopped (deadline or cancellation) before this write" });
    expect(calls).toEqual([]);
    expect(new Set(outcomes.map((o) => o.status === "not-attempted" && o.error))).toEqual(new Set(["not attempted: the run stopped (deadline or cancellation) before this write"]));
  });

  it("a failed SaaS record fails every SaaS step with its reason", async () => {
    const p = plan({ admins: [ada], users: [userFor(ada, "u1")], saas: { state: { users: [] }, name: "Intercom" } });
    const { port } = fakeOomnitza();
    port.createSaas = async () => {
      throw new HttpError("creating the SaaS record: Oomnitza answered 500", "oomnitza", 500, false);
    };
    const { outcomes } = await executePlan(p, port, run());
    expect(outcomes.map((o) => o.status)).toEqual(["failed", "failed", "failed"]);
    expect(outcomes[1]).toEqual({ status: "failed", error: "creating the SaaS record: Oomnitza answered 500" });
  });

  it("reports progress for every step", async () => {
    const p = plan({ admins: [ada, bob], users: [] });
    const seen: string[] = [];
    await executePlan(p, fakeOomnitza().port, { ...run(), onProgress: (done, total) => seen.push(`${done}/${total}`) });
    expect(seen).toEqual(["1/2", "2/2"]);
  });
});

describe("createOnce", () => {
  const lost = new HttpError("no answer", "oomnitza", undefined, true, "timeout");
  it("looks up what a create whose answer was lost may have made, and sends it again only when absent", async () => {
    let creates = 0;
    const create = async () => {
      creates++;
      if (creates === 1) throw lost;
      return "made";
    };
    expect(await createOnce({ create, find: async () => "found", noun: "the person", findWhenUnreadable: true })).toEqual({ value: "found", note: "the create's response was lost; the person was found in Oomnitza, so it was not sent again" });
    creates = 0;
    expect(await createOnce({ create, find: async () => undefined, noun: "the person", findWhenUnreadable: true })).toEqual({ value: "made", note: "the first create's response was lost and the person was not in Oomnitza; sent once more" });
  });

  it("never sends again what it cannot look up, nor after a plain refusal", async () => {
    await expect(createOnce({ create: async () => Promise.reject(lost), noun: "x", findWhenUnreadable: false })).rejects.toBe(lost);
    const refused = new HttpError("400", "oomnitza", 400, false);
    let finds = 0;
    await expect(createOnce({ create: async () => Promise.reject(refused), find: async () => (finds++, "y"), noun: "x", findWhenUnreadable: true })).rejects.toBe(refused);
    expect(finds).toBe(0);
  });

  it("finds what a 2xx with an unreadable body made, and never creates it twice", async () => {
    const unreadable = new HttpError("bad json", "oomnitza", 200, false, "bad_json");
    let creates = 0;
    const create = async () => {
      creates++;
      throw unreadable;
    };
    expect((await createOnce({ create, find: async () => "there", noun: "the person", findWhenUnreadable: true })).note).toMatch(/could not be read; the person was found/);
    await expect(createOnce({ create, find: async () => undefined, noun: "the person", findWhenUnreadable: true })).rejects.toBe(unreadable);
    expect(creates).toBe(2);
  });
});
