import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient } from "../../src/http/index.js";
import { Redactor } from "../../src/redact.js";

let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const client = (maxBodyBytes?: number) => new HttpClient({ timeoutMs: 2000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 10 }, redactor: new Redactor(), maxBodyBytes });
const get = (c: HttpClient, url: string) => c.request({ api: "oomnitza", method: "GET", url, headers: {}, idempotent: true, what: "reading Oomnitza users" });

const body = JSON.stringify([{ user_id: "1", first_name: "Zoë", last_name: "Müller" }]);
const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync };

describe("the HTTP transport", () => {
  for (const [encoding, encode] of Object.entries(encoders)) {
    it(`asks for compressed answers and reads a ${encoding} one`, async () => {
      let asked = "";
      const url = await serve((req, res) => {
        asked = String(req.headers["accept-encoding"]);
        res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding });
        res.end(encode(Buffer.from(body)));
      });
      const c = client();
      const answer = await get(c, url);
      c.close();
      expect(asked).toBe("gzip, deflate, br");
      expect(JSON.parse(answer.text)).toEqual(JSON.parse(body));
    });
  }

  it("reads an answer that comes in pieces splitting a character in two", async () => {
    const bytes = Buffer.from(JSON.stringify([{ user_id: "1", last_name: "Dvořák Ødegård Łęcka 🎉" }]));
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      // One byte at a time, with a pause, so every multi-byte character arrives split.
      let i = 0;
      const next = () => (i < bytes.length ? res.write(bytes.subarray(i, ++i), () => setImmediate(next)) : res.end());
      next();
    });
    const c = client();
    const answer = await get(c, url);
    c.close();
    expect(answer.text).toBe(bytes.toString("utf8"));
  });

  it("refuses a compressed answer that unpacks to more than the limit", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(zlib.gzipSync(Buffer.from(JSON.stringify({ padding: "x".repeat(100_000) }))));
    });
    const c = client(4096);
    await expect(get(c, url)).rejects.toThrow(/the response was too large \(over 4 KiB\)/);
    c.close();
  });

  it("sends a JSON body with its length, and gives the answer's headers in lower case", async () => {
    let received = "";
    let length = "";
    const url = await serve((req, res) => {
      length = String(req.headers["content-length"]);
      req.on("data", (chunk) => (received += chunk));
      req.on("end", () => {
        res.writeHead(201, { "Content-Type": "application/json", "X-Total-Count": "7" });
        res.end("{}");
      });
    });
    const c = client();
    const answer = await c.request({ api: "oomnitza", method: "POST", url, headers: { Authorization2: "t" }, body: { username: "zoë" }, idempotent: false, what: "creating" });
    c.close();
    expect(JSON.parse(received)).toEqual({ username: "zoë" });
    expect(Number(length)).toBe(Buffer.byteLength(received));
    expect(answer.status).toBe(201);
    expect(answer.headers.get("x-total-count")).toBe("7");
  });

  it("gives up on an answer that does not come within the timeout, naming it", async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const c = new HttpClient({ timeoutMs: 600, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 10 }, redactor: new Redactor() });
    await expect(get(c, url)).rejects.toThrow(/Oomnitza at 127\.0\.0\.1:\d+ could not be reached \(no response within 1 s\)/);
    c.close();
  });

  it("tells an observer how each attempt was answered and how long it took", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(429, { "Retry-After": "2" });
      res.end("{}");
    });
    const c = client();
    const seen: unknown[] = [];
    const stop = c.observe((attempt) => seen.push(attempt));
    await expect(get(c, url)).rejects.toThrow(/429/);
    stop();
    await expect(get(c, url)).rejects.toThrow(/429/);
    c.close();
    expect(seen).toEqual([{ api: "oomnitza", method: "GET", status: 429, ms: expect.any(Number), retryAfterMs: 2000 }]);
  });
});
