import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TOKENS, demoDataset, generateUsers } from "../../emulators/data/index.js";
import { FRIENDLY_PROFILE, POSITION_DROPDOWN, resolveStrictness, STRICT_PROFILE } from "../../emulators/oomnitza/profile.js";
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

async function start(opts: OomnitzaEmulatorOptions = {}): Promise<OomnitzaEmulator> {
  emu = await startOomnitzaEmulator({ users: generateUsers(300, 4), ...opts });
  return emu;
}

type Row = Record<string, unknown>;

function get(e: OomnitzaEmulator, path: string, token: string = e.token) {
  return call(`${e.url}${path}`, { headers: oomnitzaHeaders(token) });
}

function write(e: OomnitzaEmulator, method: string, path: string, body: unknown, extra: Record<string, string> = {}, token: string = e.token) {
  return call(`${e.url}${path}`, { method, headers: { ...oomnitzaHeaders(token), ...extra }, body: JSON.stringify(body) });
}

/** The connection check, as Oomnitza's connector does it, and the CSRF header it hands back. */
async function connect(e: OomnitzaEmulator, token: string = e.token): Promise<Record<string, string>> {
  const r = await get(e, "/api/v2/mappings?name=AuthTest", token);
  expect(r.status).toBe(200);
  const csrf = r.headers.get("x-csrf-token");
  return csrf === null ? {} : { "X-CSRF-Token": csrf };
}

const ids = (body: unknown) => (body as Row[]).map((u) => u.user_id as string);
const fieldsOf = (body: unknown) => (body as { errors: Array<{ field?: string; message: string }> }).errors;

describe("profiles and switches", () => {
  it("the default profile is friendly; strict turns every switch on; one switch can be set alone or turned off under strict", async () => {
    expect(resolveStrictness()).toEqual(FRIENDLY_PROFILE);
    expect(resolveStrictness("strict")).toEqual(STRICT_PROFILE);
    expect(STRICT_PROFILE).toMatchObject({ csrf: true, sortby: "ignore-and-reorder", pageCap: 200, requiredOnCreate: ["role"], dropdowns: { position: [...POSITION_DROPDOWN] }, minimalAnswers: true });
    expect(resolveStrictness("friendly", { csrf: true })).toEqual({ ...FRIENDLY_PROFILE, csrf: true });
    expect(resolveStrictness("strict", { csrf: false, pageCap: null })).toEqual({ ...STRICT_PROFILE, csrf: false, pageCap: null });
    expect(() => resolveStrictness("strict", { pageCap: 0 })).toThrow(/pageCap/);
    expect(() => resolveStrictness("lenient" as "strict")).toThrow(/unknown Oomnitza profile/);
    const e = await start({ profile: "strict" });
    expect(e.profile).toBe("strict");
    expect(e.strictness).toEqual(STRICT_PROFILE);
    // Live: a switch changed mid-run applies to the next request.
    expect((await get(e, "/api/v3/users?sortby=username")).status).toBe(200);
    e.strictness.sortby = "refuse";
    expect((await get(e, "/api/v3/users?sortby=username")).status).toBe(400);
    await e.close();
    await expect(startOomnitzaEmulator({ strict: { requiredOnCreate: ["favourite_colour"] } })).rejects.toThrow(/favourite_colour/);
  });

  it("the friendly profile is today's behaviour: no CSRF, sortby sorts, 1000 rows a page, no required role, any position, full SaaS answers", async () => {
    const e = await start({ saas: [{ saas_id: 7, saas_name: "Intercom" }] });
    expect(e.profile).toBe("friendly");
    expect(await connect(e)).toEqual({});
    const sorted = await get(e, "/api/v3/users?limit=1000&sortby=username%20desc");
    expect(sorted.body as Row[]).toHaveLength(300);
    const names = (sorted.body as Row[]).map((u) => u.username as string);
    expect(names).toEqual([...names].sort().reverse());
    expect(ids((await get(e, "/api/v3/users?limit=50")).body)).toEqual(ids((await get(e, "/api/v3/users?limit=50")).body));
    const created = await write(e, "POST", "/api/v3/users", { username: "new@example.com", position: "Chief Vibes Officer" });
    expect(created.status).toBe(200);
    const saas = await write(e, "POST", "/api/v3/saas", { saas_name: "Intercom EU" });
    expect(saas.body).toMatchObject({ saas_id: expect.stringMatching(/^\d+$/), saas_name: "Intercom EU", createdby: expect.any(String) });
    const assigned = await write(e, "POST", "/api/v3/saas/7/users", [{ user_id: (created.body as Row).user_id, assign: true }]);
    expect(assigned.body).toEqual([{ user_id: (created.body as Row).user_id, assign: true, errors: [] }]);
  });
});

describe("strict: CSRF", () => {
  it("the connection check hands out X-CSRF-Token; writes without it (or with another) get 403 and change nothing; reads do not need it", async () => {
    const e = await start({ strict: { csrf: true } });
    const before = e.users.size;
    const early = await write(e, "POST", "/api/v3/users", { username: "early@example.com" });
    expect(early.status).toBe(403);
    const csrf = await connect(e);
    expect(csrf["X-CSRF-Token"]).toMatch(/^[0-9a-f]{40}$/);
    expect(await connect(e)).toEqual(csrf); // the same token for the same API token
    const missing = await write(e, "POST", "/api/v3/users", { username: "a@example.com" });
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({ error: "Forbidden", message: expect.stringMatching(/CSRF token missing or invalid/) });
    expect((await write(e, "POST", "/api/v3/users", { username: "a@example.com" }, { "X-CSRF-Token": "0".repeat(40) })).status).toBe(403);
    // Another API token's CSRF token is not this one's.
    const other = await connect(e, DEFAULT_TOKENS.oomnitzaReadOnly);
    expect(other["X-CSRF-Token"]).not.toBe(csrf["X-CSRF-Token"]);
    expect((await write(e, "POST", "/api/v3/users", { username: "a@example.com" }, other)).status).toBe(403);
    expect(e.users.size).toBe(before);
    expect((await get(e, "/api/v3/users?limit=1")).status).toBe(200);
    const ok = await write(e, "POST", "/api/v3/users", { username: "a@example.com" }, csrf);
    expect(ok.status).toBe(200);
    const id = (ok.body as Row).user_id as string;
    expect((await write(e, "PATCH", `/api/v3/users/${id}`, { first_name: "A" })).status).toBe(403);
    expect((await write(e, "PATCH", `/api/v3/users/${id}`, { first_name: "A" }, csrf)).status).toBe(200);
    expect((await write(e, "POST", "/api/v3/saas", { saas_name: "Intercom" })).status).toBe(403);
    expect(e.users.size).toBe(before + 1);
  });

  it("strict without csrf accepts writes that carry no CSRF header", async () => {
    const e = await start({ profile: "strict", strict: { csrf: false } });
    expect(await connect(e)).toEqual({});
    expect((await write(e, "POST", "/api/v3/users", { username: "b@example.com", role: 25 })).status).toBe(200);
  });
});

describe("strict: sortby and paging", () => {
  it('sortby "refuse": 400 naming sortby, on users and SaaS lists; lists without it still work', async () => {
    const e = await start({ strict: { sortby: "refuse" } });
    for (const path of ["/api/v3/users?sortby=user_id%20asc", "/api/v3/saas?sortby=saas_name"]) {
      const r = await get(e, path);
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)[0]?.field).toBe("sortby");
    }
    expect((await get(e, "/api/v3/users?limit=10")).body as Row[]).toHaveLength(10);
  });

  it('sortby "ignore-and-reorder": each list call comes in a new seeded order, so paging by skip sees rows twice and misses others', async () => {
    const e = await start({ users: generateUsers(500, 2), strict: { sortby: "ignore-and-reorder" } });
    const seen: string[] = [];
    for (let skip = 0; skip < 500; skip += 100) {
      const page = await get(e, `/api/v3/users?limit=100&skip=${skip}&sortby=user_id%20asc`);
      expect(page.headers.get("x-total-count")).toBe("500");
      expect(page.body as Row[]).toHaveLength(100);
      seen.push(...ids(page.body));
    }
    const unique = new Set(seen);
    expect(seen).toHaveLength(500);
    expect(unique.size).toBeLessThan(500); // some twice…
    expect([...e.users.keys()].filter((id) => !unique.has(id)).length).toBeGreaterThan(0); // …so some never
    const sortedIds = [...seen.slice(0, 100)].sort();
    expect(seen.slice(0, 100)).not.toEqual(sortedIds); // sortby was ignored
    // One page holding everything is complete, whatever its order.
    expect(new Set(ids((await get(e, "/api/v3/users?limit=1000")).body)).size).toBe(500);
    // Seeded: another emulator with the same seed deals the same orders.
    const again = await startOomnitzaEmulator({ users: generateUsers(500, 2), strict: { sortby: "ignore-and-reorder" } });
    try {
      const first = await get(again, "/api/v3/users?limit=100&sortby=user_id%20asc");
      expect(ids(first.body)).toEqual(seen.slice(0, 100));
    } finally {
      await again.close();
    }
  });

  it("a silent page cap of 200 whatever limit asks, with the real total; optionally a 400 for limit over 200", async () => {
    const e = await start({ strict: { pageCap: 200 } });
    const big = await get(e, "/api/v3/users?limit=1000");
    expect(big.body as Row[]).toHaveLength(200);
    expect(big.headers.get("x-total-count")).toBe("300");
    expect((await get(e, "/api/v3/users?limit=50")).body as Row[]).toHaveLength(50);
    expect((await get(e, "/api/v3/users?limit=1000&skip=200")).body as Row[]).toHaveLength(100);
    await e.close();
    const refusing = await start({ strict: { limit: "refuse-over-200" } });
    const r = await get(refusing, "/api/v3/users?limit=201");
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)[0]).toMatchObject({ field: "limit", message: expect.stringContaining("200") });
    expect((await get(refusing, "/api/v3/users?limit=200")).body as Row[]).toHaveLength(200);
    const strict = await startOomnitzaEmulator({ users: generateUsers(300, 4), profile: "strict" });
    try {
      expect((await get(strict, "/api/v3/users?limit=1000")).body as Row[]).toHaveLength(200);
    } finally {
      await strict.close();
    }
  });
});

describe("strict: what a create or a change must carry", () => {
  it("role is required on create (400 naming it, nothing stored); turned off, it is not", async () => {
    const e = await start({ profile: "strict", strict: { csrf: false } });
    const before = e.users.size;
    for (const body of [{ username: "r@example.com" }, { username: "r@example.com", role: null }]) {
      const r = await write(e, "POST", "/api/v3/users", body);
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual([{ field: "role", message: "Field 'role' is required" }]);
    }
    expect(e.users.size).toBe(before);
    expect((await write(e, "POST", "/api/v3/users", { username: "r@example.com", role: 25 })).body).toMatchObject({ username: "r@example.com", role: 25 });
    await e.close();
    const two = await start({ strict: { requiredOnCreate: ["role", "email"] } });
    const r = await write(two, "POST", "/api/v3/users", { username: "s@example.com" });
    expect(fieldsOf(r.body).map((x) => x.field)).toEqual(["role", "email"]);
    await two.close();
    const off = await start({ profile: "strict", strict: { csrf: false, requiredOnCreate: [] } });
    expect((await write(off, "POST", "/api/v3/users", { username: "t@example.com" })).status).toBe(200);
  });

  it("position is a dropdown: a value outside its list refuses the whole write, naming the field and the value", async () => {
    const e = await start({ profile: "strict", strict: { csrf: false } });
    // The demo admins' job titles: some fit the list, some do not.
    const titles = new Set(demoDataset().admins.map((a) => a.job_title).filter((t): t is string => typeof t === "string"));
    expect([...titles].filter((t) => POSITION_DROPDOWN.includes(t)).length).toBeGreaterThan(0);
    expect(titles.has("Escalations Engineer") && !POSITION_DROPDOWN.includes("Escalations Engineer")).toBe(true);
    const before = e.users.size;
    const refused = await write(e, "POST", "/api/v3/users", { username: "p@example.com", role: 25, position: "Escalations Engineer" });
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.body)).toEqual([{ field: "position", message: expect.stringContaining("'Escalations Engineer'") }]);
    expect(e.users.size).toBe(before);
    const id = [...e.users.keys()][0] as string;
    const firstName = e.users.get(id)?.first_name;
    const patch = await write(e, "PATCH", `/api/v3/users/${id}`, { first_name: "Changed", position: "support engineer" });
    expect(patch.status).toBe(400);
    expect(fieldsOf(patch.body)[0]).toMatchObject({ field: "position", message: expect.stringContaining("'support engineer'") });
    expect(e.users.get(id)?.first_name).toBe(firstName); // nothing of the refused write was applied
    expect((await write(e, "PATCH", `/api/v3/users/${id}`, { first_name: "Changed", position: "Support Engineer" })).body).toMatchObject({ first_name: "Changed", position: "Support Engineer" });
    expect((await write(e, "PATCH", `/api/v3/users/${id}`, { position: null })).status).toBe(200);
    expect(e.users.get(id)?.position).toBeNull();
  });

  it("a dropdown can be set on any user field on its own", async () => {
    const e = await start({ strict: { dropdowns: { intercom_type: ["admin"] } } });
    expect((await write(e, "POST", "/api/v3/users", { username: "q@example.com", intercom_type: "team" })).status).toBe(400);
    expect((await write(e, "POST", "/api/v3/users", { username: "q@example.com", intercom_type: "admin", position: "Anything" })).status).toBe(200);
  });
});

describe("strict: minimal documented answers", () => {
  it('POST /api/v3/saas answers {"saas_id"} only; the bulk assign answers {} and still assigns; the external id answer is as documented', async () => {
    const e = await start({ strict: { minimalAnswers: true } });
    const created = await write(e, "POST", "/api/v3/saas", { saas_name: "Intercom" });
    expect(created.status).toBe(200);
    const saasId = (created.body as { saas_id: string }).saas_id;
    expect(created.body).toEqual({ saas_id: expect.stringMatching(/^\d+$/) });
    expect(e.saas.records.get(Number(saasId))?.saas_name).toBe("Intercom");
    const [a, b] = [...e.users.keys()] as [string, string];
    const assigned = await write(e, "POST", `/api/v3/saas/${saasId}/users`, [
      { user_id: a, assign: true },
      { user_id: "nobody", assign: true },
      { user_id: b, assign: true },
    ]);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toEqual({});
    const listed = await get(e, `/api/v3/saas/${saasId}/users`);
    expect(ids(listed.body)).toEqual([a, b]);
    const external = await write(e, "POST", `/api/v3/saas/${saasId}/users/${a}`, { user_external_id: "5104417" });
    expect(external.body).toEqual({ user_external_id: "5104417", errors: [] });
  });
});
