import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset, generateAdmins } from "../../emulators/data/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/intercom/emulator.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/oomnitza/emulator.js";
import { check, checkAnswersAgainstOpenApi, type FidelityStats } from "../support/fidelity.js";
import { call, intercomHeaders, oomnitzaHeaders } from "../support/emulator-requests.js";
import { KNOWN_DEVIATIONS, routeToOperation, validateResponse } from "../support/openapi.js";

checkAnswersAgainstOpenApi();

const admin = { type: "admin", id: "5104417", name: "Ada Lovelace", email: "ada@example.com", job_title: "Engineer", away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [1] };

describe("the validator itself", () => {
  it("accepts a correct body and rejects deliberately wrong ones, saying where", () => {
    expect(validateResponse("intercom", "get", "/admins", 200, { type: "admin.list", admins: [admin] })).toMatchObject({ valid: true, from: "paths./admins.get.responses.200" });
    const wrong = validateResponse("intercom", "get", "/admins", 200, { type: "admin.list", admins: [{ ...admin, id: 5104417, team_ids: ["a"] }] });
    expect(wrong.valid).toBe(false);
    expect(wrong.errors.join("\n")).toMatch(/\/admins\/0\/id: must be string/);
    expect(wrong.errors.join("\n")).toMatch(/\/admins\/0\/team_ids\/0: must be integer/);
    expect(validateResponse("intercom", "get", "/admins", 200, { type: "admins", admins: {} }).valid).toBe(false);
    expect(validateResponse("intercom", "get", "/admins/{admin_id}", 404, { type: "error.list", errors: [{ message: "no code" }] }).valid).toBe(false);
    expect(validateResponse("oomnitza", "get", "/api/v3/users", 200, { users: [] }).valid).toBe(false);
    expect(validateResponse("oomnitza", "get", "/api/v3/users", 200, [{ user_id: "a", role: "admin" }]).valid).toBe(false);
    expect(validateResponse("oomnitza", "get", "/api/v3/saas/{ident}/users", 200, [{ user_id: "a" }]).valid).toBe(false);
    expect(validateResponse("oomnitza", "post", "/api/v3/users", 400, { oops: true }).valid).toBe(false);
  });

  it("reads a property's own required: true (the SaaS roles schema) as required by its object", () => {
    const role = { role_id: "1", saas_id: "7", source: 0, role_external_id: "seat", role_external_label: "Inbox seat", users_count: 0 };
    expect(validateResponse("oomnitza", "get", "/api/v3/saas/{ident}/roles", 200, [role]).valid).toBe(true);
    const { users_count: _dropped, ...noCount } = role;
    const missing = validateResponse("oomnitza", "get", "/api/v3/saas/{ident}/roles", 200, [noCount]);
    expect(missing.errors.join()).toContain("users_count");
    expect(validateResponse("oomnitza", "post", "/api/v3/saas/{ident}/roles", 201, { ...role, saas_id: 7 }).errors.join()).toMatch(/saas_id: must be string/);
  });

  it("turns OpenAPI nullable into JSON Schema null", () => {
    expect(validateResponse("intercom", "get", "/admins", 200, { type: "admin.list", admins: [{ ...admin, avatar: null, team_priority_level: { primary_team_ids: null, secondary_team_ids: [2] } }] }).valid).toBe(true);
    expect(validateResponse("intercom", "get", "/admins", 200, { type: "admin.list", admins: [{ ...admin, avatar: { image_url: null } }] }).valid).toBe(false);
    expect(validateResponse("intercom", "get", "/me", 200, { ...admin, app: null, avatar: { type: "avatar", image_url: null } }).valid).toBe(true);
  });

  it("applies only the documented deviation: job_title may be absent", () => {
    expect(KNOWN_DEVIATIONS.map((d) => d.dropRequired)).toEqual(["job_title"]);
    const { job_title: _dropped, ...noTitle } = admin;
    const body = { type: "admin.list", admins: [noTitle] };
    expect(validateResponse("intercom", "get", "/admins", 200, body).valid).toBe(true);
    const strict = validateResponse("intercom", "get", "/admins", 200, body, { strict: true });
    expect(strict.valid).toBe(false);
    expect(strict.errors.join()).toContain("job_title");
  });

  it("a legacy team entry is not a 2.11 admin (served on purpose; the sweep counts it apart)", () => {
    const team = generateAdmins(1, 1, { legacyTeam: true }).find((a) => a.type === "team");
    expect(validateResponse("intercom", "get", "/admins", 200, { type: "admin.list", admins: [team] }).valid).toBe(false);
  });

  it("the sweep reports a broken answer", () => {
    const stats: FidelityStats = { checked: 0, skippedFaults: 0, undescribed: 0, legacyTeamItems: 0, problems: [] };
    check({ api: "oomnitza", method: "GET", route: "GET /api/v3/users/:id", status: 200, contentType: "application/json", text: JSON.stringify({ user_id: 7, suspended: "no" }) }, stats);
    check({ api: "intercom", method: "GET", route: "GET /me", status: 200, contentType: "application/json", text: "{not json" }, stats);
    expect(stats.problems).toHaveLength(2);
    expect(stats.problems[0]).toMatch(/\/user_id: must be string/);
    // A 204 must come without a body, and only where the description declares one.
    const quiet: FidelityStats = { checked: 0, skippedFaults: 0, undescribed: 0, legacyTeamItems: 0, problems: [] };
    check({ api: "oomnitza", method: "DELETE", route: "DELETE /api/v3/saas/:id/roles/users", status: 204, contentType: "application/json", text: "" }, quiet);
    expect(quiet).toMatchObject({ checked: 1, problems: [] });
    check({ api: "oomnitza", method: "DELETE", route: "DELETE /api/v3/saas/:id/roles/users", status: 204, contentType: "application/json", text: "{}" }, quiet);
    check({ api: "oomnitza", method: "POST", route: "POST /api/v3/saas/:id/roles/users", status: 204, contentType: "application/json", text: "" }, quiet);
    expect(quiet.problems).toEqual([expect.stringMatching(/a 204 with a body/), expect.stringMatching(/declares no 204/)]);
  });

  it("maps emulator routes to the descriptions' operations", () => {
    expect(routeToOperation("intercom", "PUT /admins/:id/away")).toEqual({ method: "put", path: "/admins/{admin_id}/away" });
    expect(routeToOperation("oomnitza", "POST /api/v3/saas/:id/users/:user_id")).toEqual({ method: "post", path: "/api/v3/saas/{ident}/users/{user_id}" });
    expect(routeToOperation("oomnitza", "GET /api/v2/mappings")).toBeUndefined();
    expect(routeToOperation("intercom", "GET /teams/:id")).toEqual({ method: "get", path: "/teams/{team_id}" });
    expect(routeToOperation("intercom", "GET /admins/activity_logs")).toEqual({ method: "get", path: "/admins/activity_logs" });
    expect(routeToOperation("oomnitza", "DELETE /api/v3/saas/:id/roles/users")).toEqual({ method: "delete", path: "/api/v3/saas/{ident}/roles/users" });
    expect(routeToOperation("oomnitza", "PATCH /api/v3/saas/:id/roles/users")).toEqual({ method: "patch", path: "/api/v3/saas/{ident}/roles/users" });
    expect(routeToOperation("oomnitza", "PATCH /api/v3/saas/:id/roles/:role_id")).toEqual({ method: "patch", path: "/api/v3/saas/{ident}/roles/{saas_role_id}" });
  });
});

describe("every emulator route's answers match the descriptions", () => {
  let ic: IntercomEmulator;
  let oo: OomnitzaEmulator;
  beforeAll(async () => {
    const data = demoDataset();
    [ic, oo] = await Promise.all([
      startIntercomEmulator({ admins: data.admins.filter((a) => a.type === "admin") }),
      startOomnitzaEmulator({ users: data.users, saas: [{ saas_id: 7, saas_name: "Intercom" }], saasUsers: [{ saas_name: "Intercom", username: "staylor", user_external_id: "5104417" }] }),
    ]);
  });
  afterAll(() => Promise.all([ic.close(), oo.close()]));

  async function expectValid(api: "intercom" | "oomnitza", method: string, template: string, url: string, init: RequestInit, status = 200) {
    const r = await call(url, { method: method.toUpperCase(), ...init });
    expect(r.status, `${method} ${url}: ${r.text.slice(0, 200)}`).toBe(status);
    const v = validateResponse(api, method, template, r.status, r.body);
    expect(v.errors, `${method} ${template}`).toEqual([]);
    return { r, v };
  }

  it("Intercom: admins (with and without avatars), one admin, me, away, activity logs, errors", async () => {
    const h = { headers: intercomHeaders() };
    const id = ic.admins[0]?.id as string;
    await expectValid("intercom", "get", "/admins", `${ic.url}/admins`, h);
    await expectValid("intercom", "get", "/admins", `${ic.url}/admins?display_avatar=true`, h);
    await expectValid("intercom", "get", "/admins/{admin_id}", `${ic.url}/admins/${id}?display_avatar=true`, h);
    await expectValid("intercom", "get", "/admins/{admin_id}", `${ic.url}/admins/0`, h, 404);
    await expectValid("intercom", "get", "/admins/{admin_id}", `${ic.url}/admins/${id}`, {}, 401);
    await expectValid("intercom", "get", "/me", `${ic.url}/me`, h);
    const put = { headers: { ...intercomHeaders(), "Content-Type": "application/json" }, body: JSON.stringify({ away_mode_enabled: true, away_mode_reassign: false }) };
    await expectValid("intercom", "put", "/admins/{admin_id}/away", `${ic.url}/admins/${id}/away`, put);
    await expectValid("intercom", "put", "/admins/{admin_id}/away", `${ic.url}/admins/0/away`, put, 404);
    const { r } = await expectValid("intercom", "get", "/admins/activity_logs", `${ic.url}/admins/activity_logs?created_at_after=0&per_page=5`, h);
    expect((r.body as { pages: { next: unknown } }).pages.next).not.toBeNull();
    await expectValid("intercom", "get", "/admins/activity_logs", `${ic.url}/admins/activity_logs`, h, 400);
  });

  it("Oomnitza: users list/get/create/patch, SaaS list/create/users/external id/deactivate, errors", async () => {
    const h = { headers: oomnitzaHeaders() };
    const id = [...oo.users.keys()][0] as string;
    const { r: list } = await expectValid("oomnitza", "get", "/api/v3/users", `${oo.url}/api/v3/users?limit=1000`, h);
    expect(list.body as unknown[]).toHaveLength(300);
    await expectValid("oomnitza", "get", "/api/v3/users", `${oo.url}/api/v3/users?fields=email,intercom_has_inbox_seat&sortby=email%20desc`, h);
    await expectValid("oomnitza", "get", "/api/v3/users/{ident}", `${oo.url}/api/v3/users/${id}`, h);
    const created = await expectValid("oomnitza", "post", "/api/v3/users", `${oo.url}/api/v3/users`, { ...h, body: JSON.stringify({ username: "new@example.com", email: "new@example.com", first_name: "New", intercom_has_inbox_seat: "1", intercom_sync_time: "2025-01-14T06:17:00Z" }) });
    const newId = (created.r.body as { user_id: string }).user_id;
    await expectValid("oomnitza", "patch", "/api/v3/users/{ident}", `${oo.url}/api/v3/users/${newId}`, { ...h, body: JSON.stringify({ position: "Lead" }) });
    await expectValid("oomnitza", "post", "/api/v3/users", `${oo.url}/api/v3/users`, { ...h, body: JSON.stringify({ username: "NEW@example.com" }) }, 400);
    await expectValid("oomnitza", "get", "/api/v3/saas", `${oo.url}/api/v3/saas?${new URLSearchParams({ filter: "saas_name eq 'Intercom'" })}`, h);
    const saas = await expectValid("oomnitza", "post", "/api/v3/saas", `${oo.url}/api/v3/saas`, { ...h, body: JSON.stringify({ saas_name: "Intercom EU" }) });
    expect(saas.v.from).toBe("paths./api/v3/saas.post.responses.200");
    await expectValid("oomnitza", "get", "/api/v3/saas/{ident}", `${oo.url}/api/v3/saas/7`, h);
    const assigned = await expectValid("oomnitza", "post", "/api/v3/saas/{ident}/users", `${oo.url}/api/v3/saas/7/users`, { ...h, body: JSON.stringify([{ user_id: newId, assign: true }]) });
    expect(assigned.v.from).toBe("no schema declared");
    await expectValid("oomnitza", "post", "/api/v3/saas/{ident}/users/{user_id}", `${oo.url}/api/v3/saas/7/users/${newId}`, { ...h, body: JSON.stringify({ user_external_id: "5104999" }) });
    const { r: saasUsers } = await expectValid("oomnitza", "get", "/api/v3/saas/{ident}/users", `${oo.url}/api/v3/saas/7/users`, h);
    const ids = (saasUsers.body as Array<{ saas_user_id: string }>).map((u) => u.saas_user_id);
    await expectValid("oomnitza", "patch", "/api/v3/saas_users/deactivate", `${oo.url}/api/v3/saas_users/deactivate`, { ...h, body: JSON.stringify({ saas_user_ids: [...ids, "missing"] }) });
    await expectValid("oomnitza", "get", "/api/v3/users/{ident}", `${oo.url}/api/v3/users/nope`, h, 404);
    await expectValid("oomnitza", "get", "/api/v3/users", `${oo.url}/api/v3/users`, {}, 401);
  });

  it("a response broken on purpose (wrong-shape fault) fails validation", async () => {
    ic.controls.failNext("GET /admins", 1, "wrong-shape");
    const r = await call(`${ic.url}/admins`, { headers: intercomHeaders() });
    const v = validateResponse("intercom", "get", "/admins", r.status, r.body);
    expect(v.valid).toBe(false);
    expect(v.errors[0]).toMatch(/must be object/);
  });
});
