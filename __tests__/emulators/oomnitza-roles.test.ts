import { afterEach, describe, expect, it } from "vitest";
import { startOomnitzaEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/oomnitza/emulator.js";
import { call, oomnitzaHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";
import { validateResponse } from "../support/openapi.js";

// Every answer sent while this file runs must match the OpenAPI descriptions (204s included).
checkAnswersAgainstOpenApi();

let emu: OomnitzaEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const people = [
  { username: "ada@example.com", email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
  { username: "grace@example.com", email: "grace@example.com", first_name: "Grace", last_name: "Hopper" },
  { username: "kiosk" },
];

type Row = Record<string, unknown>;

/** Intercom (saas 7) with Ada and Grace assigned; kiosk is not. */
async function start(opts: OomnitzaEmulatorOptions = {}) {
  emu = await startOomnitzaEmulator({
    users: people,
    saas: [{ saas_id: 7, saas_name: "Intercom" }],
    saasUsers: [
      { saas_name: "Intercom", username: "ada@example.com" },
      { saas_name: "Intercom", username: "grace@example.com" },
    ],
    ...opts,
  });
  const e = emu;
  const [ada, grace, kiosk] = [...e.users.keys()] as [string, string, string];
  const req = (method: string, path: string, body?: unknown) => call(`${e.url}${path}`, { method, headers: oomnitzaHeaders(), body: body === undefined ? undefined : JSON.stringify(body) });
  const rows = async (query = "") => (await req("GET", `/api/v3/saas/7/users${query}`)).body as Row[];
  const rolesOf = async (userId: string) => (await rows()).find((r) => r.user_id === userId)?.roles as Record<string, string> | undefined;
  const role = async (label: string, extra: Row = {}) => (await req("POST", "/api/v3/saas/7/roles", { role_external_label: label, ...extra })).body as Row;
  return { e, ada, grace, kiosk, req, rows, rolesOf, role };
}

const messages = (body: unknown) => (body as { errors: Array<string | { field?: string }> }).errors;

describe("SaaS roles: create and list", () => {
  it("creates a role (201, the description's shape) and lists roles with users_count", async () => {
    const { req, role } = await start();
    expect((await req("GET", "/api/v3/saas/7/roles")).body).toEqual([]);
    const created = await req("POST", "/api/v3/saas/7/roles", { role_external_label: "Inbox seat" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ role_id: expect.stringMatching(/^\d+$/), saas_id: "7", source: 0, role_external_id: "Inbox seat", role_external_label: "Inbox seat", users_count: 0 });
    expect(validateResponse("oomnitza", "post", "/api/v3/saas/{ident}/roles", 201, created.body).errors).toEqual([]);
    const admin = await role("Admin", { role_external_id: "admin" });
    expect(admin).toMatchObject({ role_external_id: "admin", role_external_label: "Admin" });
    const list = await req("GET", "/api/v3/saas/7/roles");
    expect((list.body as Row[]).map((r) => r.role_external_label)).toEqual(["Inbox seat", "Admin"]);
    expect(validateResponse("oomnitza", "get", "/api/v3/saas/{ident}/roles", 200, list.body).errors).toEqual([]);
  });

  it("refuses a missing label, an unknown field, a duplicate external id and an unknown SaaS", async () => {
    const { e, req, role } = await start();
    await role("Inbox seat");
    for (const [body, field] of [[{}, "role_external_label"], [{ role_external_label: "" }, "role_external_label"], [{ role_external_label: "X", colour: "red" }, "colour"], [{ role_external_label: "Inbox seat" }, "role_external_label"], [{ role_external_label: "Y", role_external_id: "Inbox seat" }, "role_external_id"]] as const) {
      const r = await req("POST", "/api/v3/saas/7/roles", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(messages(r.body)[0]).toMatchObject({ field });
    }
    expect((await req("POST", "/api/v3/saas/99/roles", { role_external_label: "X" })).status).toBe(404);
    expect((await req("GET", "/api/v3/saas/99/roles")).status).toBe(404);
    expect(e.saas.roles.get(7)?.size).toBe(1);
  });
});

describe("SaaS roles: assigning users", () => {
  it("POST assigns users to roles; the users list shows them in roles, users_count counts them, ?roles= filters", async () => {
    const { ada, grace, req, rows, rolesOf, role } = await start();
    const seat = await role("Inbox seat");
    const admin = await role("Admin");
    expect(await rolesOf(ada)).toEqual({ role_id: "", role_external_id: "", role_external_label: "" });
    const one = await req("POST", "/api/v3/saas/7/roles/users", { users: [ada], roles: [seat.role_id] });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ user_id: ada, role_id: seat.role_id, errors: [] });
    expect(await rolesOf(ada)).toEqual({ role_id: seat.role_id, role_external_id: "Inbox seat", role_external_label: "Inbox seat" });
    const many = await req("POST", "/api/v3/saas/7/roles/users", { users: [ada, grace], roles: [seat.role_id, admin.role_id] });
    expect(many.body).toEqual({ errors: [] });
    // Several roles in the one object the description declares: joined with ",".
    expect(await rolesOf(ada)).toEqual({ role_id: `${seat.role_id},${admin.role_id}`, role_external_id: "Inbox seat,Admin", role_external_label: "Inbox seat,Admin" });
    const listed = ((await req("GET", "/api/v3/saas/7/roles")).body as Row[]).map((r) => [r.role_external_label, r.users_count]);
    expect(listed).toEqual([["Inbox seat", 2], ["Admin", 2]]);
    await req("POST", "/api/v3/saas/7/roles/users", { users: [ada], roles: [seat.role_id] }); // again: a no-op
    expect((await rolesOf(ada))?.role_id).toBe(`${seat.role_id},${admin.role_id}`);
    expect((await rows(`?roles=${admin.role_id}`)).map((r) => r.user_id)).toEqual([ada, grace]);
    expect(await rows("?roles=999")).toEqual([]);
  });

  it("lenient (friendly): unknown users or roles are reported in errors and the rest applied; an unassigned user is assigned on the way", async () => {
    const { e, ada, kiosk, req, rolesOf, role } = await start();
    const seat = await role("Inbox seat");
    const r = await req("POST", "/api/v3/saas/7/roles/users", { users: [ada, "nobody", kiosk], roles: [seat.role_id, "999"] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ role_id: seat.role_id, errors: ["User 'nobody' not found", "Role '999' not found"] });
    expect((await rolesOf(ada))?.role_id).toBe(seat.role_id);
    expect(e.saas.assignments.get(7)?.get(kiosk)?.role_ids).toEqual([seat.role_id]);
    // A single id where the description has a list, and a number where it has a string.
    expect((await req("POST", "/api/v3/saas/7/roles/users", { users: ada, roles: [Number(seat.role_id)] })).status).toBe(200);
    expect((await req("POST", "/api/v3/saas/7/roles/users", { users: [ada] })).status).toBe(400);
  });

  it("DELETE takes roles from users (204, no body); PATCH overwrites a user's roles, making roles it does not know", async () => {
    const { e, ada, grace, req, rolesOf, role } = await start();
    const seat = await role("Inbox seat");
    const admin = await role("Admin");
    await req("POST", "/api/v3/saas/7/roles/users", { users: [ada, grace], roles: [seat.role_id, admin.role_id] });
    const removed = await req("DELETE", "/api/v3/saas/7/roles/users", { users: [ada], roles: [seat.role_id] });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe("");
    expect((await rolesOf(ada))?.role_id).toBe(admin.role_id);
    expect((await rolesOf(grace))?.role_id).toBe(`${seat.role_id},${admin.role_id}`);
    const patched = await req("PATCH", "/api/v3/saas/7/roles/users", { users: grace, roles: [{ role_external_id: "Inbox seat" }, { role_external_id: "lite", role_external_label: "Lite seat" }] });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ user_id: grace, errors: [] });
    const lite = [...(e.saas.roles.get(7)?.values() ?? [])].find((x) => x.role_external_id === "lite");
    expect(lite).toMatchObject({ role_external_label: "Lite seat", source: 0 });
    expect(await rolesOf(grace)).toEqual({ role_id: `${seat.role_id},${lite?.role_id}`, role_external_id: "Inbox seat,lite", role_external_label: "Inbox seat,Lite seat" });
    expect((await req("PATCH", "/api/v3/saas/7/roles/users", { users: grace, roles: [] })).status).toBe(200);
    expect((await rolesOf(grace))?.role_id).toBe("");
    expect((await req("PATCH", "/api/v3/saas/7/roles/users", { users: grace, roles: [{ role_external_label: "no id" }] })).status).toBe(400);
    // Lenient: unknown ids in a DELETE are nothing to remove.
    expect((await req("DELETE", "/api/v3/saas/7/roles/users", { users: ["nobody"], roles: ["999"] })).status).toBe(204);
  });

  it("unassigning a user from the SaaS takes their roles with them; seeded assignments can carry roles", async () => {
    const { ada, req, rolesOf } = await start({
      saasUsers: [
        { saas_name: "Intercom", username: "ada@example.com", roles: ["inbox", "admin"] },
        { saas_name: "Intercom", username: "grace@example.com", roles: ["inbox"] },
      ],
    });
    expect((await rolesOf(ada))?.role_external_id).toBe("inbox,admin");
    expect(((await req("GET", "/api/v3/saas/7/roles")).body as Row[]).map((r) => r.users_count)).toEqual([2, 1]);
    await req("POST", "/api/v3/saas/7/users", [{ user_id: ada, assign: false }]);
    expect(((await req("GET", "/api/v3/saas/7/roles")).body as Row[]).map((r) => r.users_count)).toEqual([1, 0]);
  });
});

describe("SaaS roles under the strict profile (exact writes, one role per row)", () => {
  const strict = { profile: "strict" as const, strict: { csrf: false } };

  it("a row shows only the first role; ?roles= still finds every holder", async () => {
    const { ada, req, rows, rolesOf, role } = await start(strict);
    const seat = await role("Inbox seat");
    const admin = await role("Admin");
    await req("POST", "/api/v3/saas/7/roles/users", { users: [ada], roles: [seat.role_id, admin.role_id] });
    expect(await rolesOf(ada)).toEqual({ role_id: seat.role_id, role_external_id: "Inbox seat", role_external_label: "Inbox seat" });
    expect((await rows(`?roles=${admin.role_id}`)).map((r) => r.user_id)).toEqual([ada]);
  });

  it("refuses the whole request for an unknown user or role, or a user not assigned to the SaaS; only the declared shapes", async () => {
    const { e, ada, kiosk, req, role } = await start(strict);
    const seat = await role("Inbox seat");
    const cases: Array<[string, unknown, string]> = [
      ["POST", { users: [ada, "nobody"], roles: [seat.role_id] }, "users"],
      ["POST", { users: [ada], roles: [seat.role_id, "999"] }, "roles"],
      ["POST", { users: [ada, kiosk], roles: [seat.role_id] }, "users"],
      ["POST", { users: ada, roles: [seat.role_id] }, "users"],
      ["POST", { users: [ada], roles: [Number(seat.role_id)] }, "roles"],
      ["DELETE", { users: ["nobody"], roles: [seat.role_id] }, "users"],
      ["PATCH", { users: [ada], roles: [{ role_external_id: "x" }] }, "users"],
      ["PATCH", { users: kiosk, roles: [{ role_external_id: "x" }] }, "users"],
    ];
    for (const [method, body, field] of cases) {
      const r = await req(method, "/api/v3/saas/7/roles/users", body);
      expect(r.status, `${method} ${JSON.stringify(body)}`).toBe(400);
      expect(messages(r.body)[0]).toMatchObject({ field });
    }
    expect(e.saas.assignments.get(7)?.get(ada)?.role_ids).toEqual([]);
    expect(e.saas.assignments.get(7)?.has(kiosk)).toBe(false);
    expect([...(e.saas.roles.get(7)?.values() ?? [])].map((x) => x.role_external_id)).toEqual(["Inbox seat"]);
    const created = await req("POST", "/api/v3/saas/7/roles", { role_external_label: "Admin", role_external_id: "admin" });
    expect(created.status).toBe(400);
    expect(messages(created.body)[0]).toMatchObject({ field: "role_external_id" });
    expect((await req("PATCH", "/api/v3/saas/7/roles/users", { users: ada, roles: [{ role_external_id: "admin", role_external_label: "Admin" }] })).body).toMatchObject({ user_id: ada, errors: [] });
  });
});
