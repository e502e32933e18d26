import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { IntercomAdmin } from "../../emulators/index.js";
import type { OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { HttpClient } from "../../src/http/index.js";
import { Redactor } from "../../src/redact.js";
import { admin, useEmulators } from "../support/engine.js";
import { renderSummary } from "../../src/report/summary.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer the emulators give in this file must match the APIs' OpenAPI descriptions.
checkAnswersAgainstOpenApi();

const { setup: setupWith, track } = useEmulators();
const setup = (admins: IntercomAdmin[], options: OomnitzaEmulatorOptions = {}) => setupWith(admins, options, { "request-timeout-seconds": "1" });

describe("no duplicate on retry", () => {
  for (const fault of ["hang", "reset", { status: 500 as const }, { status: 502 as const }] as const) {
    it(`a create stored by the server whose answer was lost (${JSON.stringify(fault)}) is not sent again`, async () => {
      const { oomnitza, sync } = await setup([admin("1", "one@example.com")]);
      oomnitza.controls.failAfterApply("POST /api/v3/users", 1, fault);
      const report = await sync();
      expect(report.status).toBe("success");
      expect(report.entries[0]).toMatchObject({ action: "create", outcome: "done", note: expect.stringMatching(/found in Oomnitza, so it was not sent again/) });
      expect(oomnitza.users.size).toBe(1);
      expect(oomnitza.log.count("POST /api/v3/users")).toBe(1);
    });
  }

  it("a create whose 2xx answer cannot be read is looked up for its id, not sent again", async () => {
    const { oomnitza, sync } = await setup([admin("1", "one@example.com")]);
    oomnitza.controls.failNext("POST /api/v3/users", 1, "truncated-json");
    const report = await sync();
    expect(report.entries[0]).toMatchObject({ outcome: "done", userId: expect.any(String), note: expect.stringMatching(/could not be read; the person was found/) });
    expect(oomnitza.log.count("POST /api/v3/users")).toBe(1);
  });

  it("a create the server never stored is sent once more after the lookup", async () => {
    const { oomnitza, sync } = await setup([admin("1", "one@example.com")]);
    oomnitza.controls.failNext("POST /api/v3/users", 1, { status: 503 });
    const report = await sync();
    expect(report.entries[0]).toMatchObject({ outcome: "done", note: expect.stringMatching(/sent once more/) });
    expect(oomnitza.users.size).toBe(1);
  });
});

describe("deadline", () => {
  it("stops starting writes at timeout-minutes, lets the one in flight finish, reports and fails", async () => {
    const admins = Array.from({ length: 6 }, (_, i) => admin(String(i + 1), `p${i}@example.com`));
    const { oomnitza, sync } = await setup(admins);
    const start = Date.now();
    // The clock jumps past the one-minute deadline as soon as the first create is in.
    const now = () => new Date(start + (oomnitza.log.count("POST /api/v3/users") > 0 ? 2 * 60_000 : 0));
    const report = await sync({ "timeout-minutes": "1", "write-concurrency": "1", "max-write-concurrency": "1" }, { now });
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/deadline \(timeout-minutes: 1\) passed with 5 people's writes not attempted/);
    expect(report.counts).toMatchObject({ created: 1, notAttempted: 5 });
    expect(oomnitza.users.size).toBe(1);
  });
});

describe("credentials", () => {
  it("redacts tokens that a server echoes back in its error body", async () => {
    const { oomnitza, intercom, sync, logs } = await setup([admin("1", "one@example.com")]);
    oomnitza.controls.echoRequestHeadersInErrors = true;
    oomnitza.controls.failNext("POST /api/v3/users", 5, { status: 500 });
    const report = await sync();
    // Its only write failed: the run failed (not "partial", which would say some went through).
    expect(report.status).toBe("failed");
    // The server echoed the request headers (token included); the message keeps none of them.
    expect(report.entries[0]?.error).toMatch(/Oomnitza answered 500: .*request headers: \{…\}/);
    const text = JSON.stringify(report) + renderSummary(report) + logs.join("\n");
    expect(text).not.toContain(oomnitza.token);
    expect(text).not.toContain(intercom.token);
  });

  for (const api of ["intercom", "oomnitza"] as const) {
    it(`does not follow a redirect from ${api} with the token, and names the target host`, async () => {
      const { intercom, oomnitza, sync } = await setup([admin("1", "one@example.com")]);
      let leaked = "";
      const trap = http.createServer((req, res) => {
        leaked += JSON.stringify(req.headers);
        res.end("[]");
      });
      await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
      track({ close: () => new Promise((resolve) => trap.close(() => resolve())) });
      const target = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
      (api === "intercom" ? intercom : oomnitza).controls.failNext(api === "intercom" ? "GET /admins" : "GET /api/v3/users", 1, { redirect: target, status: 307 });
      const report = await sync();
      expect(report.status).toBe("failed");
      expect(report.reason).toMatch(new RegExp(`answered 307 redirecting to 127\\.0\\.0\\.1:\\d+; redirects are not followed`));
      expect(leaked).toBe("");
      expect(oomnitza.log.writes()).toEqual([]);
    });
  }
});

describe("hostile responses", () => {
  const cases = [
    ["Intercom answers malformed JSON", "intercom", "GET /admins", "malformed-json", /Intercom answered 200 with a body that is not valid JSON/],
    ["Intercom answers truncated JSON", "intercom", "GET /admins", "truncated-json", /not valid JSON/],
    ["Intercom answers the wrong shape", "intercom", "GET /admins", "wrong-shape", /Intercom's answer is not an admin list/],
    ["Oomnitza answers malformed JSON", "oomnitza", "GET /api/v3/users", "malformed-json", /reading Oomnitza users: Oomnitza answered 200 with a body that is not valid JSON/],
    ["Oomnitza answers the wrong shape", "oomnitza", "GET /api/v3/users", "wrong-shape", /Oomnitza's answer is not a list of users|has no user_id/],
  ] as const;
  for (const [name, api, route, fault, message] of cases) {
    it(`${name}: a clear error and no writes`, async () => {
      const { intercom, oomnitza, sync } = await setup([admin("1", "one@example.com")]);
      (api === "intercom" ? intercom : oomnitza).controls.failNext(route, 10, fault);
      const report = await sync();
      expect(report.status).toBe("failed");
      expect(report.reason).toMatch(message);
      expect(oomnitza.log.writes()).toEqual([]);
    });
  }

  it("refuses a response over the size limit", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ type: "admin.list", admins: [], padding: "x".repeat(4096) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    track({ close: () => new Promise((resolve) => server.close(() => resolve())) });
    const client = new HttpClient({ timeoutMs: 2000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 }, redactor: new Redactor(), maxBodyBytes: 1024 });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admins`;
    await expect(client.request({ api: "intercom", method: "GET", url, headers: {}, idempotent: true, what: "fetching Intercom admins" })).rejects.toThrow(/the response was too large/);
    client.close();
  });

  it("keeps the summary table intact with 10,000-character names, control characters and markup in values", async () => {
    const odd = admin("1", "pipe|<b>`tick`@example.com", { name: `${"Ω".repeat(10_000)}\u0000\u0007|\n<script>` });
    const { sync } = await setup([odd]);
    const report = await sync({ "dry-run": "true" });
    const summary = renderSummary(report);
    const row = summary.split("\n").find((line) => line.includes("pipe"));
    expect(row).toBeDefined();
    expect(row).not.toMatch(/<script>|<b>|\u0000|\u0007/);
    // Unescaped pipes are the cell separators: Person | Action | Fields.
    expect(row!.split(/(?<!\\)\|/).length).toBe(5);
    expect(row!.length).toBeLessThan(5000);
  });
});

describe("rate-limit pacing", () => {
  it("waits for X-RateLimit-Reset when X-RateLimit-Remaining runs out, instead of running into 429s", async () => {
    let calls = 0;
    const reset = Math.floor(Date.now() / 1000) + 3;
    const server = http.createServer((_req, res) => {
      calls++;
      res.writeHead(200, { "content-type": "application/json", "x-ratelimit-limit": "100", "x-ratelimit-remaining": calls === 1 ? "1" : "99", "x-ratelimit-reset": String(reset) });
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    track({ close: () => new Promise((resolve) => server.close(() => resolve())) });
    const waits: number[] = [];
    const client = new HttpClient({ timeoutMs: 2000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 60_000 }, redactor: new Redactor(), sleep: async (ms) => void waits.push(ms) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admins`;
    const spec = { api: "intercom" as const, method: "GET" as const, url, headers: {}, idempotent: true, what: "x" };
    await client.request(spec);
    expect(waits).toEqual([]);
    await client.request(spec);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1000);
    expect(waits[0]).toBeLessThanOrEqual(3000);
    client.close();
  });

  it("honours Retry-After and X-RateLimit-Reset on 429, capped", async () => {
    const { intercom, sync } = await setup([admin("1", "one@example.com")]);
    intercom.controls.failNext("GET /admins", 1, { status: 429, retryAfter: 0 });
    intercom.controls.failNext("GET /admins", 1, { status: 429, rateLimitReset: true });
    const report = await sync();
    expect(report.status).toBe("success");
    expect(intercom.log.count("GET /admins")).toBe(3);
  });
});
