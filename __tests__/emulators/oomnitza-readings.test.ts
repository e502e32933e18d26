/**
 * The Oomnitza emulator's switches for readings the evidence allows besides its usual
 * ones (issue 21): no roles endpoints, a `?roles=` filter that is ignored, look-up
 * filters without lists (or without LIKE), and an invented total.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startOomnitzaEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/oomnitza/emulator.js";
import { call, oomnitzaHeaders } from "../support/emulator-requests.js";

let emu: OomnitzaEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(opts: OomnitzaEmulatorOptions = {}) {
  emu = await startOomnitzaEmulator({
    users: [{ username: "ada@example.com", email: "Ada@Example.com" }, { username: "grace@example.com", email: "grace@example.com" }],
    saas: [{ saas_id: 7, saas_name: "Intercom" }],
    saasUsers: [{ saas_name: "Intercom", username: "ada@example.com", roles: ["Inbox seat"] }, { saas_name: "Intercom", username: "grace@example.com" }],
    ...opts,
  });
  const e = emu;
  return (method: string, path: string, body?: unknown) => call(`${e.url}${path}`, { method, headers: oomnitzaHeaders(), body: body === undefined ? undefined : JSON.stringify(body) });
}

describe("Oomnitza emulator: other readings", () => {
  it("rolesEndpoints absent-404 / absent-405 answer every roles call so, and nothing else", async () => {
    for (const [mode, status] of [["absent-404", 404], ["absent-405", 405]] as const) {
      const req = await start({ strict: { rolesEndpoints: mode } });
      expect((await req("GET", "/api/v3/saas/7/roles")).status).toBe(status);
      expect((await req("POST", "/api/v3/saas/7/roles", { role_external_label: "X" })).status).toBe(status);
      expect((await req("POST", "/api/v3/saas/7/roles/users", { users: [], roles: [] })).status).toBe(status);
      expect((await req("DELETE", "/api/v3/saas/7/roles/users", { users: [], roles: [] })).status).toBe(status);
      expect((await req("GET", "/api/v3/saas/7/users")).status).toBe(200);
      await emu?.close();
    }
  });

  it("roleHolderFilter ignore answers every assigned user whatever ?roles= asks", async () => {
    const req = await start({ strict: { roleHolderFilter: "ignore" } });
    const roles = (await req("GET", "/api/v3/saas/7/roles")).body as Array<{ role_id: string }>;
    const holders = (await req("GET", `/api/v3/saas/7/users?roles=${roles[0]?.role_id}`)).body as unknown[];
    expect(holders).toHaveLength(2);
    const applied = await start();
    const appliedRoles = (await applied("GET", "/api/v3/saas/7/roles")).body as Array<{ role_id: string }>;
    expect((await applied("GET", `/api/v3/saas/7/users?roles=${appliedRoles[0]?.role_id}`)).body).toHaveLength(1);
  });

  it("lookupFilters no-lists refuses IN and or; eq-only refuses LIKE as well; eq always passes", async () => {
    const q = (filter: string) => `/api/v3/users?${new URLSearchParams({ filter })}`;
    const lists = await start({ strict: { lookupFilters: "no-lists" } });
    expect((await lists("GET", q(`email IN ["grace@example.com"]`))).status).toBe(400);
    expect((await lists("GET", q(`email LIKE 'ada@example.com' or email LIKE 'grace@example.com'`))).status).toBe(400);
    expect((await lists("GET", q(`email LIKE 'ada@example.com'`))).body).toHaveLength(1);
    expect((await lists("GET", q(`email eq 'grace@example.com'`))).body).toHaveLength(1);
    await emu?.close();
    const eq = await start({ strict: { lookupFilters: "eq-only" } });
    expect((await eq("GET", q(`email LIKE 'ada@example.com'`))).status).toBe(400);
    expect((await eq("GET", q(`email eq 'grace@example.com'`))).body).toHaveLength(1);
    expect((await eq("GET", q(`email eq 'ada@example.com'`))).body).toHaveLength(0);
  });

  it("hostile inventedTotal announces its total on every invented page", async () => {
    const req = await start({ hostile: { inventUsers: true, inventedTotal: 1_000_000_000 } });
    const page = await req("GET", "/api/v3/users?limit=5");
    expect(page.headers.get("x-total-count")).toBe("1000000000");
    expect(page.body).toHaveLength(5);
  });
});
