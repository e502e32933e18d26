/**
 * Intercom's official SDK (intercom-client 7.x, written by Intercom, not here) as an
 * independent check of URLs, methods, headers, status mapping and retry headers.
 */
import { Intercom, IntercomClient, IntercomError } from "intercom-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_TOKENS, demoDataset } from "../../emulators/data/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/intercom/emulator.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

checkAnswersAgainstOpenApi();

let emu: IntercomEmulator;
beforeAll(async () => {
  emu = await startIntercomEmulator({ admins: demoDataset().admins.filter((a) => a.type === "admin") });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.controls.reset();
  emu.log.reset();
});

const client = (token: string = emu.token, baseUrl: string = emu.url) => new IntercomClient({ token, baseUrl, version: "2.11" });

describe("intercom-client 7 against the emulator", () => {
  it("lists admins with display_avatar", async () => {
    const list = await client().admins.list({ queryParams: { display_avatar: true } });
    expect(list.type).toBe("admin.list");
    expect(list.admins).toHaveLength(emu.admins.length);
    expect(list.admins?.some((a) => a?.avatar?.image_url)).toBe(true);
    expect(emu.log.entries[0]).toMatchObject({ method: "GET", route: "GET /admins", query: "display_avatar=true", status: 200 });
  });

  it("finds one admin, identifies the token's admin, sets away mode", async () => {
    const id = Number(emu.admins[2]?.id);
    const c = client();
    expect(await c.admins.find({ admin_id: id })).toMatchObject({ id: String(id) });
    expect(await c.admins.identify()).toMatchObject({ type: "admin", app: { region: "US" } });
    expect(await c.admins.away({ admin_id: id, away_mode_enabled: true, away_mode_reassign: false })).toMatchObject({ id: String(id), away_mode_enabled: true });
    expect(emu.log.counts()).toEqual({ "GET /admins/:id": 1, "GET /me": 1, "PUT /admins/:id/away": 1 });
  });

  it("pages the activity log", async () => {
    const page = await client().admins.listAllActivityLogs({ created_at_after: "0" });
    expect(page.type).toBe("activity_log.list");
    expect(page.activity_logs?.length).toBeGreaterThan(0);
  });

  it("lists teams and finds one; a restricted activity log is a 403 the SDK reports", async () => {
    const teams = await client().teams.list();
    expect(teams.type).toBe("team.list");
    expect(teams.teams?.find((t) => t.id === "814865")).toMatchObject({ name: "Tier 2 Support" });
    expect(await client().teams.find({ team_id: "814865" })).toMatchObject({ type: "team", id: "814865" });
    emu.activityLogRestricted = true;
    try {
      const err = await client().admins.listAllActivityLogs({ created_at_after: "0" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntercomError);
      expect((err as IntercomError).statusCode).toBe(403);
    } finally {
      emu.activityLogRestricted = false;
    }
  });

  it("gets UnauthorizedError for a bad, revoked or wrong-region token", async () => {
    for (const [token, base] of [["ic_test_token_nobody", emu.url], [DEFAULT_TOKENS.intercomRevoked, emu.url], [DEFAULT_TOKENS.intercomEu, emu.url]] as const) {
      const err = await client(token, base).admins.list().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Intercom.UnauthorizedError);
      expect((err as Intercom.UnauthorizedError).statusCode).toBe(401);
    }
    expect(await client(DEFAULT_TOKENS.intercomEu, emu.urls.eu).admins.list()).toMatchObject({ type: "admin.list" });
  });

  it("without a version the SDK sends its own default (2.14), which the 2.11 description does not allow: 400", async () => {
    const err = await new IntercomClient({ token: emu.token, baseUrl: emu.url }).admins.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntercomError);
    expect((err as IntercomError).statusCode).toBe(400);
    expect(JSON.stringify((err as IntercomError).body)).toContain("intercom_version_invalid");
  });

  it("maps a 404 to NotFoundError", async () => {
    const err = await client().admins.find({ admin_id: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Intercom.NotFoundError);
  });

  it("recovers from a 429 carrying X-RateLimit-Reset: waits until the reset, then retries", async () => {
    // Reset two to three seconds ahead: longer than the SDK's own first backoff (1 s ± 10%).
    emu.controls.failNext("GET /admins", 1, { status: 429, rateLimitReset: 2 });
    const started = Date.now();
    const list = await client().admins.list();
    const waited = Date.now() - started;
    expect(list.admins).toHaveLength(emu.admins.length);
    expect(emu.log.entries.map((e) => e.status)).toEqual([429, 200]);
    expect(waited).toBeGreaterThanOrEqual(1900);
  }, 15_000);

  it("recovers from the emulator's own rate limit (a real window)", async () => {
    emu.controls.setRateLimit({ limit: 1, windowSeconds: 1 });
    const c = client();
    await c.admins.list();
    const list = await c.admins.list();
    expect(list.type).toBe("admin.list");
    expect(emu.log.entries.map((e) => e.status)).toEqual([200, 429, 200]);
  }, 15_000);
});
