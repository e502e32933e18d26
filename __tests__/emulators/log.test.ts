import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAdmins, generateUsers } from "../../emulators/data/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/intercom/emulator.js";
import { RequestLog } from "../../emulators/kit/log.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/oomnitza/emulator.js";
import { call, intercomHeaders, oomnitzaHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
checkAnswersAgainstOpenApi();

describe("RequestLog", () => {
  it("counts per route, lists writes, resets", () => {
    const log = new RequestLog();
    log.add({ method: "GET", route: "GET /admins", path: "/admins", query: "", status: 200, at: 1 });
    log.add({ method: "GET", route: "GET /admins", path: "/admins", query: "display_avatar=true", status: 200, at: 2 });
    log.add({ method: "POST", route: "POST /api/v3/users", path: "/api/v3/users", query: "", status: 200, at: 3, body: { username: "a" } });
    expect(log.count()).toBe(3);
    expect(log.count("GET /admins")).toBe(2);
    expect(log.count("GET /me")).toBe(0);
    expect(log.counts()).toEqual({ "GET /admins": 2, "POST /api/v3/users": 1 });
    expect(log.writes().map((w) => w.body)).toEqual([{ username: "a" }]);
    log.reset();
    expect(log.count()).toBe(0);
    expect(log.counts()).toEqual({});
  });
});

describe("the emulators log every call with its route template and status", () => {
  let ic: IntercomEmulator;
  let oo: OomnitzaEmulator;
  beforeAll(async () => {
    [ic, oo] = await Promise.all([startIntercomEmulator({ admins: generateAdmins(3) }), startOomnitzaEmulator({ users: generateUsers(3) })]);
  });
  afterAll(() => Promise.all([ic.close(), oo.close()]));

  it("Intercom", async () => {
    await call(`${ic.url}/admins?display_avatar=true`, { headers: intercomHeaders() });
    await call(`${ic.url}/me`, { headers: intercomHeaders() });
    await call(`${ic.url}/admins`);
    expect(ic.log.counts()).toEqual({ "GET /admins": 2, "GET /me": 1 });
    expect(ic.log.entries.map((e) => e.status)).toEqual([200, 200, 401]);
    expect(ic.log.entries[0]).toMatchObject({ method: "GET", path: "/admins", query: "display_avatar=true", region: "us" });
    ic.log.reset();
    expect(ic.log.count()).toBe(0);
  });

  it("Oomnitza, with the request body of writes", async () => {
    const id = [...oo.users.keys()][0] as string;
    await call(`${oo.url}/api/v2/mappings?name=AuthTest`, { headers: oomnitzaHeaders() });
    await call(`${oo.url}/api/v3/users?limit=2`, { headers: oomnitzaHeaders() });
    await call(`${oo.url}/api/v3/users/${id}`, { method: "PATCH", headers: oomnitzaHeaders(), body: JSON.stringify({ position: "Lead" }) });
    await call(`${oo.url}/api/v3/users`, { method: "POST", headers: oomnitzaHeaders(), body: JSON.stringify({ username: "new@example.com" }) });
    expect(oo.log.counts()).toEqual({ "GET /api/v2/mappings": 1, "GET /api/v3/users": 1, "PATCH /api/v3/users/:id": 1, "POST /api/v3/users": 1 });
    expect(oo.log.writes().map((w) => [w.route, w.status, w.body])).toEqual([
      ["PATCH /api/v3/users/:id", 200, { position: "Lead" }],
      ["POST /api/v3/users", 200, { username: "new@example.com" }],
    ]);
    expect(oo.log.entries[2]?.path).toBe(`/api/v3/users/${id}`);
  });
});
