import { describe, expect, it } from "vitest";
import { confirmHolders } from "../../src/sync/role-holders.js";
import type { SaasUser } from "../../src/sync/records.js";

const user = (user_id: string, roles?: string[]): SaasUser => ({ user_id, user_external_id: "", ...(roles ? { roles } : {}) });
const answers = (entries: Record<string, string[]>) => new Map(Object.entries(entries).map(([id, users]) => [id, new Set(users)]));

describe("confirmHolders: the ?roles= answers are trusted only when nothing contradicts them", () => {
  it("keeps answers that agree with the users' own rows (rows that show only the first role included)", () => {
    const users = [user("a", ["1"]), user("b", ["1"]), user("c", ["9"])];
    const result = confirmHolders(answers({ "1": ["a", "b"], "2": ["c"] }), users);
    expect(result.how).toBe("filter");
    expect([...(result.holders.get("2") ?? [])]).toEqual(["c"]);
    expect(result.note).toBeUndefined();
  });

  it("an answer naming a user whose row shows no role means the filter was ignored: the rows decide", () => {
    const users = [user("a", ["1"]), user("b", [])];
    const result = confirmHolders(answers({ "1": ["a", "b"], "2": ["a", "b"] }), users);
    expect(result.how).toBe("rows");
    expect([...(result.holders.get("1") ?? [])]).toEqual(["a"]);
    expect([...(result.holders.get("2") ?? [])]).toEqual([]);
    expect(result.note).toMatch(/ignore \?roles= .*own row shows no role/);
  });

  it("an answer naming someone not assigned to the SaaS record is not trusted either", () => {
    expect(confirmHolders(answers({ "1": ["a", "stranger"] }), [user("a", ["1"])]).how).toBe("rows");
  });

  it("every role answered with everyone, and rows without roles: holders are unknown", () => {
    const result = confirmHolders(answers({ "1": ["a", "b"], "2": ["a", "b"] }), [user("a"), user("b")]);
    expect(result.how).toBe("unknown");
    expect(result.holders.size).toBe(0);
    expect(result.note).toMatch(/roles are given only to SaaS users this run assigns and none is taken away/);
  });

  it("one role held by everyone, with nothing to contradict it, is taken as it came", () => {
    expect(confirmHolders(answers({ "1": ["a", "b"] }), [user("a"), user("b")]).how).toBe("filter");
  });
});
