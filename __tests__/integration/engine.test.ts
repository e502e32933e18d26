import { describe, expect, it } from "vitest";
import type { IntercomAdmin } from "../../emulators/index.js";
import type { OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { demoDataset, generateAdmins } from "../../emulators/index.js";
import { admin as baseAdmin, useEmulators } from "../support/engine.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer the emulators give in this file must match the APIs' OpenAPI descriptions.
checkAnswersAgainstOpenApi();

const { setup } = useEmulators();

async function start(admins: IntercomAdmin[], users: OomnitzaEmulatorOptions["users"], options: OomnitzaEmulatorOptions = {}) {
  return setup(admins, { users, ...options });
}

function admin(id: string, email: string, extra: Partial<IntercomAdmin> = {}): IntercomAdmin {
  return baseAdmin(id, email, { name: "Ada Lovelace", job_title: "Engineer", avatar: { image_url: `https://static.example.com/${id}.png` }, team_priority_level: { primary_team_ids: [], secondary_team_ids: [] }, ...extra });
}

describe("the engine against the emulators", () => {
  it("syncs the demo data, then a second run changes nothing", async () => {
    const { admins, users } = demoDataset();
    const env = await start(admins, users);
    const before = env.oomnitza.users.size;
    const first = await env.sync();
    expect(first.status).toBe("success");
    expect(first.counts.created).toBeGreaterThan(5);
    expect(first.counts.updated).toBeGreaterThan(3);
    expect(first.counts.skipped).toBeGreaterThanOrEqual(3);
    expect(first.counts.failed).toBe(0);
    expect(env.oomnitza.users.size).toBe(before + first.counts.created);
    const reasons = first.entries.filter((e) => e.action === "skip").map((e) => e.reason).join("\n");
    expect(reasons).toMatch(/duplicate in Intercom/);
    expect(reasons).toMatch(/invalid Intercom record/);

    env.oomnitza.log.reset();
    const second = await env.sync();
    expect(second.status).toBe("success");
    expect(second.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(second.counts.unchanged).toBe(first.counts.created + first.counts.updated + first.counts.unchanged);
    expect(env.oomnitza.log.writes()).toEqual([]);
  });

  it("updates the person Ada@Example.com for the admin ada@example.com instead of creating a second one", async () => {
    const env = await start([admin("7", "ada@example.com", { job_title: "Staff Engineer" })], [
      { username: "Ada@Example.com", email: "Ada@Example.com", first_name: "Ada", last_name: "Lovelace", position: "Engineer" },
    ]);
    const report = await env.sync();
    expect(report.counts).toMatchObject({ created: 0, updated: 1 });
    expect(env.oomnitza.users.size).toBe(1);
    const [user] = [...env.oomnitza.users.values()];
    expect(user).toMatchObject({ email: "Ada@Example.com", position: "Staff Engineer", intercom_id: "7" });
    expect(env.oomnitza.log.count("POST /api/v3/users")).toBe(0);
  });

  it("reads every person when the server returns fewer rows per page than asked", async () => {
    const admins = generateAdmins(30, 5);
    const people = admins.map((a, i) => ({ username: `person${i}`, email: (a.email as string).toUpperCase(), first_name: "X" }));
    const extra = Array.from({ length: 40 }, (_, i) => ({ username: `other${i}`, email: `other${i}@elsewhere.example` }));
    const env = await start(admins, [...extra, ...people], { maxPageSize: 7 });
    const report = await env.sync();
    expect(report.counts.created).toBe(admins.filter((a) => a.type === "admin").length - report.counts.skipped - report.counts.updated - report.counts.unchanged);
    expect(report.counts.created).toBe(0);
    expect(env.oomnitza.users.size).toBe(70);
    const pages = env.oomnitza.log.entries.filter((e) => e.route === "GET /api/v3/users");
    expect(pages.length).toBeGreaterThanOrEqual(10);
  });

  it("syncs an admin without job_title or avatar", async () => {
    const bare = admin("9", "bare@example.com");
    delete bare.job_title;
    delete bare.avatar;
    delete bare.team_priority_level;
    const env = await start([bare], []);
    const report = await env.sync();
    expect(report.counts.created).toBe(1);
    const [user] = [...env.oomnitza.users.values()];
    expect(user).toMatchObject({ username: "bare@example.com", intercom_id: "9" });
    expect(user?.position ?? null).toBeNull();
  });

  it("keeps going when one record fails, and reports it", async () => {
    const env = await start([admin("1", "one@example.com"), admin("2", "two@example.com")], []);
    // The first create and its single re-send (after the lookup found nothing) both fail.
    env.oomnitza.controls.failNext("POST /api/v3/users", 2, { status: 500 });
    const report = await env.sync({ "write-concurrency": "1", "max-write-concurrency": "1" });
    expect(report.status).toBe("partial");
    expect(report.counts).toMatchObject({ created: 1, failed: 1 });
    expect(report.entries.find((e) => e.outcome === "failed")?.error).toMatch(/creating one@example.com in Oomnitza: Oomnitza answered 500/);
    expect(env.oomnitza.users.size).toBe(1);
  });

  it("stops before writing when the mapping names a field the instance does not have", async () => {
    const env = await start([admin("1", "one@example.com")], []);
    const report = await env.sync({ mapping: "extends: default\nfields:\n  nickname: first_name\n" });
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/nickname/);
    expect(env.oomnitza.log.writes()).toEqual([]);
  });

  it("fails cleanly with a redacted message when Oomnitza refuses the token", async () => {
    const env = await start([admin("1", "one@example.com")], []);
    const settings = { "oomnitza-token": "oom_wrong_token_123456789" };
    const report = await env.sync(settings);
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/Oomnitza answered 401/);
    expect(JSON.stringify(report)).not.toContain("oom_wrong_token_123456789");
    expect(env.oomnitza.log.writes()).toEqual([]);
  });

  it("syncs one person with only, without calling anyone else removed", async () => {
    const env = await start([admin("1", "one@example.com"), admin("2", "Two@example.com")], [
      { username: "gone@example.com", email: "gone@example.com", intercom_id: "77" },
    ]);
    const report = await env.sync({ "max-removals": "0" }, {}, { only: "two@EXAMPLE.com" });
    expect(report.status).toBe("success");
    expect(report.entries.map((e) => [e.admin.email, e.action])).toEqual([["Two@example.com", "create"]]);
    expect(report.removed).toEqual([]);
    expect(env.oomnitza.log.count("POST /api/v3/users")).toBe(1);
  });
});
