import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TOKENS, generateAdmins } from "../../emulators/data/index.js";
import { startIntercomEmulator, type IntercomEmulator, type IntercomEmulatorOptions } from "../../emulators/intercom/emulator.js";
import { call, errorCode, intercomHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
checkAnswersAgainstOpenApi();

let emu: IntercomEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});
async function start(opts: IntercomEmulatorOptions = {}) {
  emu = await startIntercomEmulator({ admins: generateAdmins(30, 9), ...opts });
  return emu;
}
const get = (e: IntercomEmulator, path: string, token: string = e.token) => call(`${e.url}${path}`, { headers: intercomHeaders(token) });

describe("GET /admins/{id}", () => {
  it("answers one admin (avatar only with display_avatar=true) or 404 admin_not_found", async () => {
    const e = await start();
    const a = e.admins.find((x) => x.avatar && x.avatar.image_url) as NonNullable<IntercomEmulator["admins"][number]>;
    const r = await get(e, `/admins/${a.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ type: "admin", id: a.id, email: a.email });
    expect("avatar" in (r.body as object)).toBe(false);
    const withAvatar = await get(e, `/admins/${a.id}?display_avatar=true`);
    expect((withAvatar.body as { avatar: unknown }).avatar).toEqual(a.avatar);
    const missing = await get(e, "/admins/1");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: "error.list", errors: [{ code: "admin_not_found", message: "Admin not found" }] });
    expect(e.log.count("GET /admins/:id")).toBe(3);
  });
});

describe("PUT /admins/{id}/away", () => {
  it("sets away mode, answers the admin and records the activity", async () => {
    const e = await start({ clock: () => 1_736_900_000_000 });
    const a = e.admins[3] as (typeof e.admins)[number];
    const r = await call(`${e.url}/admins/${a.id}/away`, { method: "PUT", headers: { ...intercomHeaders(), "Content-Type": "application/json" }, body: JSON.stringify({ away_mode_enabled: true, away_mode_reassign: true }) });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ type: "admin", id: a.id, away_mode_enabled: true, away_mode_reassign: true });
    expect(a.away_mode_enabled).toBe(true);
    expect(e.activityLogs.at(-1)).toMatchObject({ activity_type: "admin_away_mode_change", created_at: 1_736_900_000, metadata: { away_mode: true } });
    expect(e.log.writes().map((w) => w.route)).toEqual(["PUT /admins/:id/away"]);
  });

  it("400 parameter_not_found / parameter_invalid; 404 admin_not_found", async () => {
    const e = await start();
    const a = e.admins[0] as (typeof e.admins)[number];
    const put = (id: string, body: string) => call(`${e.url}/admins/${id}/away`, { method: "PUT", headers: { ...intercomHeaders(), "Content-Type": "application/json" }, body });
    const missing = await put(a.id, JSON.stringify({ away_mode_enabled: true }));
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ errors: [{ code: "parameter_not_found", field: "away_mode_reassign" }] });
    const wrong = await put(a.id, JSON.stringify({ away_mode_enabled: "yes", away_mode_reassign: false }));
    expect(errorCode(wrong.body)).toBe("parameter_invalid");
    expect(errorCode((await put(a.id, "not json")).body)).toBe("parameter_invalid");
    const none = await put("1", JSON.stringify({ away_mode_enabled: true, away_mode_reassign: false }));
    expect(none.status).toBe(404);
    expect(errorCode(none.body)).toBe("admin_not_found");
    expect(a.away_mode_enabled).toBe(e.admins[0]?.away_mode_enabled);
  });
});

describe("GET /admins/activity_logs", () => {
  const logs = Array.from({ length: 45 }, (_, i) => ({
    id: `log-${String(i).padStart(2, "0")}`,
    performed_by: { type: "admin" as const, id: "1", email: "a@example.com", ip: "127.0.0.1" },
    created_at: 1_700_000_000 + Math.floor(i / 2) * 60, // pairs share a timestamp: the cursor must not lose either
    activity_type: i === 44 ? "admin_deletion" : "admin_login_success",
    metadata: {},
  }));

  it("requires created_at_after (400 parameter_not_found) and checks the timestamps", async () => {
    const e = await start({ activityLogs: logs });
    const r = await get(e, "/admins/activity_logs");
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ errors: [{ code: "parameter_not_found", field: "created_at_after" }] });
    expect(errorCode((await get(e, "/admins/activity_logs?created_at_after=yesterday")).body)).toBe("parameter_invalid");
    expect(errorCode((await get(e, "/admins/activity_logs?created_at_after=1&created_at_before=soon")).body)).toBe("parameter_invalid");
    expect(errorCode((await get(e, "/admins/activity_logs?created_at_after=1&starting_after=garbage")).body)).toBe("parameter_invalid");
  });

  it("pages newest first through pages.next.starting_after until next is null", async () => {
    const e = await start({ activityLogs: logs });
    const seen: string[] = [];
    let url = "/admins/activity_logs?created_at_after=1700000000";
    let pages = 0;
    for (;;) {
      const r = await get(e, url);
      expect(r.status).toBe(200);
      const body = r.body as { type: string; pages: { type: string; page: number; per_page: number; total_pages: number; next: { per_page: number; starting_after: string } | null }; activity_logs: Array<{ id: string; created_at: number }> };
      expect(body.type).toBe("activity_log.list");
      expect(body.pages).toMatchObject({ type: "pages", page: pages + 1, per_page: 20, total_pages: 3 });
      seen.push(...body.activity_logs.map((l) => l.id));
      pages++;
      if (!body.pages.next) break;
      url = `/admins/activity_logs?created_at_after=1700000000&starting_after=${encodeURIComponent(body.pages.next.starting_after)}`;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(seen[0]).toBe("log-44");
    const window = await get(e, "/admins/activity_logs?created_at_after=1700000600&created_at_before=1700000660");
    expect((window.body as { activity_logs: unknown[] }).activity_logs).toHaveLength(4);
  });

  it("generates logins, away changes and deletions of departed admins by default", async () => {
    const e = await start();
    const types = new Set(e.activityLogs.map((l) => l.activity_type));
    for (const t of ["admin_login_success", "admin_deletion"]) expect(types).toContain(t);
    const r = await get(e, "/admins/activity_logs?created_at_after=0&per_page=250");
    expect((r.body as { activity_logs: unknown[] }).activity_logs).toHaveLength(e.activityLogs.length);
  });
});

describe("regions", () => {
  it("serves the US, EU and AU paths from one process; a token works only in its region", async () => {
    const e = await start();
    expect(e.urls).toEqual({ us: e.url, eu: `${e.url}/eu`, au: `${e.url}/au` });
    const ask = (base: string, token: string) => call(`${base}/me`, { headers: intercomHeaders(token) });
    expect((await ask(e.urls.us, DEFAULT_TOKENS.intercom)).status).toBe(200);
    expect((await ask(`${e.url}/us`, DEFAULT_TOKENS.intercom)).status).toBe(200);
    const eu = await ask(e.urls.eu, DEFAULT_TOKENS.intercomEu);
    expect(eu.status).toBe(200);
    expect((eu.body as { app: { region: string } }).app.region).toBe("EU");
    expect((await ask(e.urls.au, DEFAULT_TOKENS.intercomAu)).status).toBe(200);
    for (const [base, token] of [[e.urls.eu, DEFAULT_TOKENS.intercom], [e.urls.us, DEFAULT_TOKENS.intercomEu], [e.urls.au, DEFAULT_TOKENS.intercomEu]] as const) {
      const r = await ask(base, token);
      expect(r.status).toBe(401);
      expect(errorCode(r.body)).toBe("token_not_found");
    }
    expect(e.log.entries.map((x) => x.region)).toEqual(["us", "us", "eu", "au", "eu", "us", "au"]);
    expect(e.log.count("GET /me")).toBe(7);
  });

  it("also picks the region from the Host header", async () => {
    const e = await start();
    const http = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${e.url}/me`, { headers: { Host: "api.eu.intercom.io", Authorization: `Bearer ${DEFAULT_TOKENS.intercomEu}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(e.log.entries[0]?.region).toBe("eu");
  });
});

describe("rate limiting", () => {
  it("sends X-RateLimit-* on every answer: 1666 per 10-second window by default", async () => {
    const now = 1_736_900_003_500;
    const e = await start({ clock: () => now });
    const r = await get(e, "/admins");
    expect(r.headers.get("x-ratelimit-limit")).toBe("1666");
    expect(r.headers.get("x-ratelimit-remaining")).toBe("1665");
    expect(r.headers.get("x-ratelimit-reset")).toBe("1736900010");
  });

  it("answers 429 rate_limit_exceeded over the limit and lets calls through again in the next window", async () => {
    let now = 1_736_900_000_000;
    const e = await start({ clock: () => now, rateLimit: { limit: 3, windowSeconds: 10 } });
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) remaining.push((await get(e, "/admins")).headers.get("x-ratelimit-remaining"));
    expect(remaining).toEqual(["2", "1", "0"]);
    const over = await get(e, "/admins");
    expect(over.status).toBe(429);
    expect(errorCode(over.body)).toBe("rate_limit_exceeded");
    expect(over.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(over.headers.get("x-ratelimit-reset")).toBe("1736900010");
    expect(over.headers.get("retry-after")).toBeNull();
    // Per token (= per app): another token has its own budget.
    expect((await call(`${e.urls.eu}/admins`, { headers: intercomHeaders(DEFAULT_TOKENS.intercomEu) })).status).toBe(200);
    now += 10_000;
    expect((await get(e, "/admins")).status).toBe(200);
    e.controls.setRateLimit(null);
    const free = await get(e, "/admins");
    expect(free.headers.get("x-ratelimit-limit")).toBeNull();
    e.controls.reset();
    expect((await get(e, "/admins")).headers.get("x-ratelimit-limit")).toBe("3");
  });
});
