import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_OOMNITZA_TOKEN_USER, DEFAULT_TOKENS } from "../../emulators/data/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/oomnitza/emulator.js";
import { call, oomnitzaHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
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

async function start(opts: OomnitzaEmulatorOptions = {}) {
  emu = await startOomnitzaEmulator({ users: people, ...opts });
  const ids = [...emu.users.values()].map((u) => u.user_id);
  const req = (method: string, path: string, body?: unknown, token = emu!.token) =>
    call(`${emu!.url}${path}`, { method, headers: oomnitzaHeaders(token), body: body === undefined ? undefined : JSON.stringify(body) });
  return { e: emu, ids, req };
}

type Row = Record<string, unknown>;

describe("SaaS records", () => {
  it("finds a SaaS by name with filter, and creates one (saas_id answered as a string)", async () => {
    const { e, req } = await start();
    const none = await req("GET", `/api/v3/saas?${new URLSearchParams({ filter: "saas_name eq 'Intercom'" })}`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual([]);
    const created = await req("POST", "/api/v3/saas", { saas_name: "Intercom", category: "Customer Support" });
    expect(created.status).toBe(200);
    const c = created.body as Row;
    expect(c).toMatchObject({ saas_name: "Intercom", saas_id: expect.stringMatching(/^\d+$/), createdby: DEFAULT_OOMNITZA_TOKEN_USER });
    const found = await req("GET", `/api/v3/saas?${new URLSearchParams({ filter: "saas_name eq 'Intercom'" })}`);
    expect(found.body).toEqual([expect.objectContaining({ saas_id: Number(c.saas_id), saas_name: "Intercom", source: expect.any(String), hash: false })]);
    expect(e.saas.records.get(Number(c.saas_id))?.saas_name).toBe("Intercom");
    expect((await req("GET", `/api/v3/saas/${c.saas_id}`)).status).toBe(200);
    expect((await req("GET", "/api/v3/saas/999")).status).toBe(404);
  });

  it("400 for a missing saas_name or an unknown field; 403 for a read-only token", async () => {
    const { e, req } = await start();
    const before = e.saas.records.size;
    expect((await req("POST", "/api/v3/saas", { category: "x" })).status).toBe(400);
    const unknown = await req("POST", "/api/v3/saas", { saas_name: "X", colour: "red" });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("colour");
    expect((await req("POST", "/api/v3/saas", { saas_name: "X" }, DEFAULT_TOKENS.oomnitzaReadOnly)).status).toBe(403);
    expect(e.saas.records.size).toBe(before);
  });
});

describe("SaaS users", () => {
  it("bulk assigns and unassigns, with a per-item error for an unknown user", async () => {
    const { e, ids, req } = await start({ saas: [{ saas_id: 7, saas_name: "Intercom" }] });
    const r = await req("POST", "/api/v3/saas/7/users", [
      { user_id: ids[0], assign: true },
      { user_id: "nobody", assign: true },
      { user_id: ids[1], assign: true },
    ]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { user_id: ids[0], assign: true, errors: [] },
      { user_id: "nobody", assign: true, errors: [expect.stringContaining("nobody")] },
      { user_id: ids[1], assign: true, errors: [] },
    ]);
    const list = await req("GET", "/api/v3/saas/7/users");
    expect((list.body as Row[]).map((u) => u.username)).toEqual(["ada@example.com", "grace@example.com"]);
    expect((list.body as Row[])[0]).toMatchObject({ user_id: ids[0], email: "ada@example.com", full_name: "Ada Lovelace", user_external_id: "", last_visit: 0, old_usage: false, roles: expect.any(Object), saas_user_id: expect.any(String), active: true });
    // Assigning again and unassigning someone not assigned are no-ops that succeed.
    const again = await req("POST", "/api/v3/saas/7/users", [{ user_id: ids[0], assign: true }, { user_id: ids[2], assign: false }, { user_id: ids[1], assign: false }]);
    expect((again.body as Row[]).every((x) => (x.errors as unknown[]).length === 0)).toBe(true);
    expect([...(e.saas.assignments.get(7)?.keys() ?? [])]).toEqual([ids[0]]);
    expect((await req("POST", "/api/v3/saas/7/users", { user_id: ids[0], assign: true })).status).toBe(400);
    expect((await req("POST", "/api/v3/saas/8/users", [])).status).toBe(404);
    expect((await req("POST", "/api/v3/saas/7/users", [{ user_id: ids[1] }])).body).toEqual([expect.objectContaining({ errors: [expect.any(String)] })]);
  });

  it("stores the external id of an assigned user; reports it for one not assigned", async () => {
    const { e, ids, req } = await start({ saas: [{ saas_id: 7, saas_name: "Intercom" }], saasUsers: [{ saas_name: "Intercom", username: "ada@example.com" }] });
    const ok = await req("POST", `/api/v3/saas/7/users/${ids[0]}`, { user_external_id: "5104417" });
    expect(ok.body).toEqual({ user_external_id: "5104417", errors: [] });
    expect(e.saas.assignments.get(7)?.get(ids[0] as string)?.user_external_id).toBe("5104417");
    const notAssigned = await req("POST", `/api/v3/saas/7/users/${ids[1]}`, { user_external_id: "1" });
    expect(notAssigned.status).toBe(200);
    expect((notAssigned.body as { errors: string[] }).errors).toHaveLength(1);
    expect((await req("POST", "/api/v3/saas/7/users/nobody", { user_external_id: "1" })).status).toBe(404);
    expect((await req("POST", `/api/v3/saas/7/users/${ids[0]}`, { user_external_id: 5 })).status).toBe(400);
    const list = await req("GET", "/api/v3/saas/7/users");
    expect((list.body as Row[])[0]?.user_external_id).toBe("5104417");
  });

  it("deactivates SaaS users by saas_user_id with per-item results", async () => {
    const { e, ids, req } = await start({ saas: [{ saas_id: 7, saas_name: "Intercom" }], saasUsers: [{ saas_name: "Intercom", username: "ada@example.com", user_external_id: "1" }] });
    const a = e.saas.assignments.get(7)?.get(ids[0] as string);
    const r = await req("PATCH", "/api/v3/saas_users/deactivate", { saas_user_ids: [a?.saas_user_id, "missing"] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ saas_user_id: a?.saas_user_id }, { saas_user_id: "missing", error: expect.any(String) }]);
    expect(a?.active).toBe(false);
    expect((await req("PATCH", "/api/v3/saas_users/deactivate", ["x"])).status).toBe(400);
  });
});
