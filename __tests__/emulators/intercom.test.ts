import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TOKENS, demoDataset, generateAdmins } from "../../emulators/data/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/intercom/emulator.js";
import { call, errorCode, intercomHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
checkAnswersAgainstOpenApi();

describe("Intercom emulator: auth and headers", () => {
  let emu: IntercomEmulator;
  beforeAll(async () => {
    emu = await startIntercomEmulator({ admins: generateAdmins(5, 3) });
  });
  afterAll(() => emu.close());

  it("listens on loopback with no trailing slash", () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.token).toBe(DEFAULT_TOKENS.intercom);
  });

  it("answers 401 missing_authorization without the header", async () => {
    const r = await call(`${emu.url}/admins`);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ type: "error.list", errors: [{ code: "missing_authorization" }] });
    expect(typeof (r.body as { request_id: unknown }).request_id).toBe("string");
  });

  it("answers 401 unauthorized / Access Token Invalid for an unknown token", async () => {
    const r = await call(`${emu.url}/admins`, { headers: intercomHeaders("ic_test_token_nobody") });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ errors: [{ code: "unauthorized", message: "Access Token Invalid" }] });
  });

  it("refuses a non-Bearer scheme", async () => {
    const r = await call(`${emu.url}/admins`, { headers: { Authorization: `Token ${emu.token}` } });
    expect(r.status).toBe(401);
    expect(errorCode(r.body)).toBe("unauthorized");
  });

  it.each([
    [DEFAULT_TOKENS.intercomRevoked, 401, "token_revoked"],
    [DEFAULT_TOKENS.intercomExpired, 401, "token_expired"],
    [DEFAULT_TOKENS.intercomForbidden, 403, "action_forbidden"],
  ])("token %s → %i %s", async (token, status, code) => {
    const r = await call(`${emu.url}/admins`, { headers: intercomHeaders(token) });
    expect(r.status).toBe(status);
    expect(errorCode(r.body)).toBe(code);
  });

  it("accepts every allowed Intercom-Version and the header's absence", async () => {
    for (const v of ["1.0", "1.4", "2.0", "2.10", "2.11", "Preview"]) {
      const r = await call(`${emu.url}/admins`, { headers: intercomHeaders(emu.token, { "Intercom-Version": v }) });
      expect(r.status, v).toBe(200);
    }
    const r = await call(`${emu.url}/admins`, { headers: { Authorization: `Bearer ${emu.token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get("intercom-version")).toBe("2.11");
  });

  it("answers 400 intercom_version_invalid for an unknown version", async () => {
    for (const v of ["2.12", "3", "latest"]) {
      const r = await call(`${emu.url}/admins`, { headers: intercomHeaders(emu.token, { "Intercom-Version": v }) });
      expect(r.status).toBe(400);
      expect(errorCode(r.body)).toBe("intercom_version_invalid");
    }
  });

  it("answers 404 not_found for unknown paths", async () => {
    const r = await call(`${emu.url}/contacts`, { headers: intercomHeaders() });
    expect(r.status).toBe(404);
    expect(errorCode(r.body)).toBe("not_found");
    expect(emu.log.entries.at(-1)?.route).toBe("GET /contacts");
  });
});

describe("Intercom emulator: GET /admins and GET /me", () => {
  let emu: IntercomEmulator;
  beforeAll(async () => {
    emu = await startIntercomEmulator({ admins: demoDataset().admins });
  });
  afterAll(() => emu.close());

  it("lists every admin in one admin.list, without avatars by default", async () => {
    const r = await call(`${emu.url}/admins`, { headers: intercomHeaders() });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    const body = r.body as { type: string; admins: Array<Record<string, unknown>> };
    expect(body.type).toBe("admin.list");
    expect(body.admins).toHaveLength(emu.admins.length);
    expect(body.admins.some((a) => "avatar" in a)).toBe(false);
    const ada = body.admins.find((a) => a.email === "ada.lovelace@example.com");
    expect(ada).toMatchObject({ type: "admin", id: expect.stringMatching(/^\d+$/), name: "Ada Lovelace", away_mode_enabled: false, has_inbox_seat: true, team_ids: expect.any(Array) });
  });

  it("includes avatars (object, null or absent as stored) with display_avatar=true", async () => {
    const r = await call(`${emu.url}/admins?display_avatar=true`, { headers: intercomHeaders() });
    const admins = (r.body as { admins: Array<Record<string, unknown>> }).admins;
    expect(admins.filter((a) => a.avatar && typeof (a.avatar as { image_url: unknown }).image_url === "string").length).toBeGreaterThan(20);
    expect(admins.some((a) => a.avatar === null)).toBe(true);
    expect(admins.some((a) => a.type === "admin" && !("avatar" in a))).toBe(true);
  });

  it("serves the live list: tests may change admins between calls", async () => {
    emu.admins.push({ type: "admin", id: "42", name: "Late Joiner", email: "late@example.com", away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [] });
    const r = await call(`${emu.url}/admins`, { headers: intercomHeaders() });
    expect((r.body as { admins: unknown[] }).admins).toHaveLength(emu.admins.length);
    emu.admins.pop();
  });

  it("GET /me answers the token's admin with its app", async () => {
    const r = await call(`${emu.url}/me`, { headers: intercomHeaders() });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ type: "admin", id: emu.admins[0]?.id, email_verified: true, app: { type: "app", region: "US", id_code: expect.any(String), timezone: expect.any(String) } });
  });
});
