import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Controls } from "../../emulators/kit/controls.js";
import { DEFAULT_TOKENS, generateAdmins, generateUsers } from "../../emulators/data/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/intercom/emulator.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/oomnitza/emulator.js";
import { call, errorCode, intercomHeaders, oomnitzaHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
checkAnswersAgainstOpenApi();

let ic: IntercomEmulator;
let oo: OomnitzaEmulator;
beforeAll(async () => {
  [ic, oo] = await Promise.all([startIntercomEmulator({ admins: generateAdmins(5) }), startOomnitzaEmulator({ users: generateUsers(5) })]);
});
afterAll(() => Promise.all([ic.close(), oo.close()]));
beforeEach(() => {
  ic.controls.reset();
  oo.controls.reset();
  ic.log.reset();
  oo.log.reset();
});

const admins = (init: RequestInit = {}) => call(`${ic.url}/admins`, { headers: intercomHeaders(), ...init });
const users = (init: RequestInit = {}) => call(`${oo.url}/api/v3/users`, { headers: oomnitzaHeaders(), ...init });
const createUser = (username: string, init: RequestInit = {}) => call(`${oo.url}/api/v3/users`, { method: "POST", headers: oomnitzaHeaders(), body: JSON.stringify({ username }), ...init });
/** The error a fetch fails with, as text (cause included). */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { cause?: Error & { code?: string } };
    return `${err.name}: ${err.message} ${err.cause?.code ?? ""} ${err.cause?.message ?? ""}`;
  }
  return "no error";
}

describe("failNext: status faults with each API's own error body", () => {
  it("fails exactly the next N calls of the route, then answers normally", async () => {
    ic.controls.failNext("GET /admins", 2, { status: 503 });
    expect((await admins()).status).toBe(503);
    expect((await call(`${ic.url}/me`, { headers: intercomHeaders() })).status).toBe(200); // another route is untouched
    expect((await admins()).status).toBe(503);
    expect((await admins()).status).toBe(200);
    expect(ic.controls.pendingFaults()).toBe(0);
    expect(ic.log.entries.map((e) => [e.route, e.status, e.fault])).toEqual([
      ["GET /admins", 503, "503"],
      ["GET /me", 200, undefined],
      ["GET /admins", 503, "503"],
      ["GET /admins", 200, undefined],
    ]);
  });

  it("429 with and without Retry-After, and with X-RateLimit-Reset (Intercom)", async () => {
    ic.controls.failNext("GET /admins", 1, { status: 429 });
    ic.controls.failNext("GET /admins", 1, { status: 429, retryAfter: 2 });
    ic.controls.failNext("GET /admins", 1, { status: 429, rateLimitReset: true });
    const plain = await admins();
    expect(plain.status).toBe(429);
    expect(errorCode(plain.body)).toBe("rate_limit_exceeded");
    expect(plain.headers.get("retry-after")).toBeNull();
    expect(plain.headers.get("x-ratelimit-reset")).toBeNull();
    expect((await admins()).headers.get("retry-after")).toBe("2");
    const reset = await admins();
    const at = Number(reset.headers.get("x-ratelimit-reset"));
    expect(at).toBeGreaterThan(Date.now() / 1000);
    expect(at).toBeLessThanOrEqual(Date.now() / 1000 + 2);
    expect(reset.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("429 with and without Retry-After (Oomnitza)", async () => {
    oo.controls.failNext("GET /api/v3/users", 1, { status: 429, retryAfter: 3 });
    oo.controls.failNext("GET /api/v3/users", 1, { status: 429 });
    const a = await users();
    expect(a.status).toBe(429);
    expect(a.headers.get("retry-after")).toBe("3");
    expect(a.body).toMatchObject({ error: "Too Many Requests" });
    expect((await users()).headers.get("retry-after")).toBeNull();
  });

  it.each([500, 502, 503, 504] as const)("%i on both emulators (502/504 as a gateway's HTML page)", async (status) => {
    ic.controls.failNext("*", 1, { status });
    oo.controls.failNext("*", 1, { status });
    for (const r of [await admins(), await users()]) {
      expect(r.status).toBe(status);
      if (status === 502 || status === 504) {
        expect(r.headers.get("content-type")).toMatch(/text\/html/);
        expect(r.text).toContain(String(status));
      } else {
        expect(r.body).toBeTypeOf("object");
      }
    }
    const ic500 = status === 500 ? ic.log.entries[0] : undefined;
    if (ic500) expect(ic500.fault).toBe("500");
  });

  it("403 with the API's own body", async () => {
    ic.controls.failNext("GET /admins", 1, { status: 403 });
    oo.controls.failNext("GET /api/v3/users", 1, { status: 403 });
    const a = await admins();
    expect(a.status).toBe(403);
    expect(errorCode(a.body)).toBe("action_forbidden");
    const b = await users();
    expect(b.status).toBe(403);
    expect(b.body).toMatchObject({ error: "Forbidden" });
  });

  it("401 with the API's own body", async () => {
    ic.controls.failNext("GET /admins", 1, { status: 401 });
    oo.controls.failNext("GET /api/v3/users", 1, { status: 401 });
    const a = await admins();
    expect(a.status).toBe(401);
    expect(a.body).toMatchObject({ type: "error.list", errors: [{ code: "unauthorized", message: "Access Token Invalid" }] });
    const b = await users();
    expect(b.status).toBe(401);
    expect(b.body).toMatchObject({ error: "Unauthorized" });
  });
});

describe("failNext: broken connections and bodies", () => {
  it("reset destroys the socket", async () => {
    ic.controls.failNext("GET /admins", 1, "reset");
    expect(await failure(admins())).toMatch(/fetch failed/);
    expect(ic.log.entries[0]).toMatchObject({ status: 0, fault: "reset" });
    expect((await admins()).status).toBe(200);
  });

  it("hang never answers (the client's timeout fires) and close() still ends it", async () => {
    const e = await startOomnitzaEmulator();
    e.controls.failNext("GET /api/v3/users", 1, "hang");
    const started = Date.now();
    expect(await failure(call(`${e.url}/api/v3/users`, { headers: oomnitzaHeaders(), signal: AbortSignal.timeout(300) }))).toMatch(/TimeoutError|abort/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    e.controls.failNext("GET /api/v3/users", 1, "hang");
    const pending = call(`${e.url}/api/v3/users`, { headers: oomnitzaHeaders() });
    await new Promise((r) => setTimeout(r, 100));
    await e.close();
    expect(await failure(pending)).toMatch(/fetch failed|other side closed|socket/i);
  });

  it("malformed-json and truncated-json answer 200 with a body no JSON parser accepts", async () => {
    for (const fault of ["malformed-json", "truncated-json"] as const) {
      ic.controls.failNext("GET /admins", 1, fault);
      oo.controls.failNext("GET /api/v3/users", 1, fault);
      for (const r of [await admins(), await users()]) {
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toMatch(/application\/json/);
        expect(r.text.length).toBeGreaterThan(0);
        expect(() => JSON.parse(r.text)).toThrow();
      }
    }
  });

  it("truncated-body announces the full length and drops the connection halfway", async () => {
    oo.controls.failNext("GET /api/v3/users", 1, "truncated-body");
    const res = await fetch(`${oo.url}/api/v3/users`, { headers: oomnitzaHeaders() });
    expect(res.status).toBe(200);
    expect(await failure(res.text())).toMatch(/terminated|closed|premature|socket/i);
  });

  it("wrong-shape answers valid JSON of the wrong kind", async () => {
    ic.controls.failNext("GET /admins", 1, "wrong-shape");
    oo.controls.failNext("GET /api/v3/users", 1, "wrong-shape");
    expect(Array.isArray((await admins()).body)).toBe(true); // an admin.list object was due
    const u = await users();
    expect(u.body).toBeTypeOf("object");
    expect(Array.isArray(u.body)).toBe(false); // a list was due
  });

  it("redirect answers 302 (or the given status) to another host, path and query kept", async () => {
    oo.controls.failNext("GET /api/v3/users", 1, { redirect: "http://127.0.0.2:9" });
    ic.controls.failNext("GET /admins", 1, { redirect: "http://127.0.0.2:9/", status: 307 });
    const r = await call(`${oo.url}/api/v3/users?limit=5`, { headers: oomnitzaHeaders() });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("http://127.0.0.2:9/api/v3/users?limit=5");
    const i = await admins();
    expect(i.status).toBe(307);
    expect(i.headers.get("location")).toBe("http://127.0.0.2:9/admins");
  });

  it('"*" matches any route; a route\'s own queue is used first', async () => {
    oo.controls.failNext("*", 1, { status: 500 });
    oo.controls.failNext("GET /api/v2/mappings", 1, { status: 503 });
    expect((await call(`${oo.url}/api/v2/mappings?name=AuthTest`, { headers: oomnitzaHeaders() })).status).toBe(503);
    expect((await call(`${oo.url}/api/v2/mappings?name=AuthTest`, { headers: oomnitzaHeaders() })).status).toBe(500);
    expect((await users()).status).toBe(200);
  });
});

describe("apply the write, then fail", () => {
  it("afterApply 500 on POST stores the user: a blind retry would hit the duplicate-username 400", async () => {
    oo.controls.failNext("POST /api/v3/users", 1, { status: 500 }, { afterApply: true });
    const before = oo.users.size;
    expect((await createUser("applied-500@example.com")).status).toBe(500);
    expect(oo.users.size).toBe(before + 1);
    const retry = await createUser("applied-500@example.com");
    expect(retry.status).toBe(400);
    expect(oo.log.entries.map((e) => e.fault)).toEqual(["after-apply 500", undefined]);
  });

  it("afterApply reset and hang store the user too; a plain reset does not", async () => {
    const before = oo.users.size;
    oo.controls.failNext("POST /api/v3/users", 1, "reset");
    expect(await failure(createUser("plain-reset@example.com"))).toMatch(/fetch failed/);
    expect(oo.users.size).toBe(before);
    oo.controls.failAfterApply("POST /api/v3/users", 1, "reset");
    expect(await failure(createUser("applied-reset@example.com"))).toMatch(/fetch failed/);
    oo.controls.failAfterApply("POST /api/v3/users", 1, "hang");
    expect(await failure(createUser("applied-hang@example.com", { signal: AbortSignal.timeout(300) }))).toMatch(/TimeoutError|abort/i);
    const names = [...oo.users.values()].map((u) => u.username);
    expect(names).toContain("applied-reset@example.com");
    expect(names).toContain("applied-hang@example.com");
    expect(names).not.toContain("plain-reset@example.com");
  });

  it("afterApply on PATCH changes the record before failing", async () => {
    const id = [...oo.users.keys()][0] as string;
    oo.controls.failAfterApply("PATCH /api/v3/users/:id", 1, { status: 502 });
    const r = await call(`${oo.url}/api/v3/users/${id}`, { method: "PATCH", headers: oomnitzaHeaders(), body: JSON.stringify({ position: "Changed anyway" }) });
    expect(r.status).toBe(502);
    expect(oo.users.get(id)?.position).toBe("Changed anyway");
  });

  it("body faults on a write are applied writes (the server answered, the client could not read it)", async () => {
    const before = oo.users.size;
    oo.controls.failNext("POST /api/v3/users", 1, "truncated-json");
    const r = await createUser("truncated@example.com");
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
    expect(oo.users.size).toBe(before + 1);
  });
});

describe("latency", () => {
  it("delays a route by a fixed amount (others unaffected), or every route with '*'", async () => {
    // Generous gaps between the delays and the bounds: CI machines run other test files alongside.
    ic.controls.setLatency("GET /admins", 400);
    let t = Date.now();
    await admins();
    expect(Date.now() - t).toBeGreaterThanOrEqual(395);
    t = Date.now();
    await call(`${ic.url}/me`, { headers: intercomHeaders() });
    expect(Date.now() - t).toBeLessThan(300);
    oo.controls.setLatency("*", { fixedMs: 400, jitterMs: 50 });
    t = Date.now();
    await users();
    expect(Date.now() - t).toBeGreaterThanOrEqual(395);
    oo.controls.reset();
    t = Date.now();
    await users();
    expect(Date.now() - t).toBeLessThan(300);
  });

  it("jitter is drawn from the seed: the same seed gives the same delays", () => {
    const a = new Controls(42, null, Date.now);
    const b = new Controls(42, null, Date.now);
    const c = new Controls(43, null, Date.now);
    for (const x of [a, b, c]) x.setLatency("*", { fixedMs: 10, jitterMs: 100 });
    const seq = (x: Controls) => Array.from({ length: 5 }, () => x.delayFor("GET /admins"));
    const sa = seq(a);
    expect(sa).toEqual(seq(b));
    expect(sa).not.toEqual(seq(c));
    expect(sa.every((d) => d >= 10 && d < 110)).toBe(true);
    a.reset();
    a.setLatency("*", { fixedMs: 10, jitterMs: 100 });
    expect(seq(a)).toEqual(sa);
  });
});

describe("error bodies that echo request headers (for redaction tests)", () => {
  it("puts the caller's token into Intercom and Oomnitza error bodies when switched on", async () => {
    ic.controls.echoRequestHeadersInErrors = true;
    oo.controls.echoRequestHeadersInErrors = true;
    const bad = await call(`${ic.url}/admins`, { headers: intercomHeaders(DEFAULT_TOKENS.intercomRevoked) });
    expect(bad.text).toContain(DEFAULT_TOKENS.intercomRevoked);
    oo.controls.failNext("GET /api/v3/users", 1, { status: 500 });
    expect((await users()).text).toContain(DEFAULT_TOKENS.oomnitza);
    const unknown = await call(`${oo.url}/api/v3/users`, { method: "POST", headers: oomnitzaHeaders(), body: JSON.stringify({ shoe: 1 }) });
    expect(unknown.text).toContain(DEFAULT_TOKENS.oomnitza);
    ic.controls.reset();
    expect((await call(`${ic.url}/admins`, { headers: intercomHeaders(DEFAULT_TOKENS.intercomRevoked) })).text).not.toContain(DEFAULT_TOKENS.intercomRevoked);
  });
});

describe("Oomnitza rate limit (off by default)", () => {
  it("answers 429, with Retry-After when asked to", async () => {
    let now = 1_700_000_000_000;
    const e = await startOomnitzaEmulator({ clock: () => now, rateLimit: { limit: 2, windowSeconds: 10, retryAfter: true } });
    const get = () => call(`${e.url}/api/v3/users`, { headers: oomnitzaHeaders() });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const over = await get();
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("10");
    now += 10_000;
    expect((await get()).status).toBe(200);
    await e.close();
  });
});
