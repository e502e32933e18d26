import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, HttpError } from "../../src/http/index.js";
import { sendOnce } from "../../src/http/transport.js";
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

  it("cuts off a compressed answer past the limit while it streams, without waiting for its end", async () => {
    let written = 0;
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      // A gzip stream of zeros that never ends: only a count of the unpacked bytes as they come stops it.
      const gzip = zlib.createGzip();
      gzip.pipe(res);
      const zeros = Buffer.alloc(64 * 1024);
      const more = () => {
        if (res.destroyed) return;
        written += zeros.length;
        gzip.write(zeros, () => setImmediate(more));
      };
      more();
    });
    const c = client(256 * 1024);
    const started = Date.now();
    await expect(get(c, url)).rejects.toMatchObject({ code: "ERR_BODY_TOO_LARGE", message: expect.stringMatching(/answered, but the response was too large \(over 256 KiB\); it was not read further/) });
    c.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses an uncompressed answer whose declared length is over the limit before reading it", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(10 * 1024 * 1024) });
      res.write("["); // and nothing more: reading would wait for the timeout
    });
    const c = client(4096);
    const started = Date.now();
    await expect(get(c, url)).rejects.toThrow(/the response was too large \(over 4 KiB\)/);
    c.close();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("refuses an answer encoded in a way it does not understand", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "zstd" });
      res.end("(zstd bytes)");
    });
    const c = client();
    await expect(get(c, url)).rejects.toThrow(/could not be reached \(ERR_CONTENT_ENCODING: the answer is encoded as zstd, which is not understood\)/);
    c.close();
  });

  it("joins a repeated header with \", \" and keeps the first of a header node:http keeps once", async () => {
    const url = await serve((_req, res) => {
      res.setHeader("X-Total-Count", ["5", "6"]);
      res.setHeader("Retry-After", ["2", "3"]);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    const c = client();
    const answer = await get(c, url);
    c.close();
    expect(answer.headers.get("x-total-count")).toBe("5, 6");
    expect(answer.headers.get("retry-after")).toBe("2");
  });

  it("says a write cut off mid-answer may have been applied, and one refused before sending was not sent", async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"id":');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const c = client();
    const write = (to: string) => c.request({ api: "oomnitza", method: "POST", url: to, headers: {}, body: {}, idempotent: false, what: "creating" });
    await expect(write(url)).rejects.toMatchObject({ outcomeUnknown: true, code: "ECONNRESET", message: expect.stringMatching(/could not be reached \(ECONNRESET: aborted\)/) });
    await expect(write("http://127.0.0.1:9/api")).rejects.toMatchObject({ outcomeUnknown: false, code: "ECONNREFUSED", message: expect.stringMatching(/at 127\.0\.0\.1:9 could not be reached \(ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:9\)/) });
    c.close();
  });

  it("throws a request that cannot be built (a header value with a line break) at once, without retrying it", async () => {
    let asked = 0;
    const url = await serve((_req, res) => {
      asked++;
      res.end("{}");
    });
    const c = new HttpClient({ timeoutMs: 2000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 }, redactor: new Redactor() });
    const request = c.request({ api: "oomnitza", method: "GET", url, headers: { Authorization2: "a\nb" }, idempotent: true, what: "reading" });
    await expect(request).rejects.toThrow(TypeError);
    await expect(request).rejects.toMatchObject({ code: "ERR_INVALID_CHAR" });
    c.close();
    expect(asked).toBe(0);
  });

  it("does not send a request whose signal is already aborted", async () => {
    let asked = 0;
    const url = await serve((_req, res) => {
      asked++;
      res.end("{}");
    });
    const c = client();
    const transport = (c as unknown as { transport: Parameters<typeof sendOnce>[1] }).transport;
    const outcome = await sendOnce({ api: "oomnitza", method: "POST", url, headers: {}, body: {}, idempotent: false, what: "creating" }, transport, AbortSignal.abort());
    c.close();
    expect(outcome).toBeInstanceOf(HttpError);
    expect(outcome).toMatchObject({ message: "creating: not sent, the run was cancelled", outcomeUnknown: false, code: "cancelled" });
    expect(asked).toBe(0);
  });

  for (const phase of ["before the answer", "while the body comes"] as const) {
    it(`cuts a request off when the run is cancelled ${phase}, and says whether a write may have been applied`, async () => {
      const url = await serve((_req, res) => {
        if (phase === "while the body comes") {
          res.writeHead(200, { "content-type": "application/json" });
          res.write("[");
        }
      });
      for (const method of ["GET", "POST"] as const) {
        const controller = new AbortController();
        const c = new HttpClient({ timeoutMs: 5000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 }, redactor: new Redactor(), signal: controller.signal, writeGraceMs: 50 });
        setTimeout(() => controller.abort(), 100);
        const started = Date.now();
        const request = c.request({ api: "oomnitza", method, url, headers: {}, body: method === "POST" ? {} : undefined, idempotent: method === "GET", what: "doing" });
        const words = method === "GET" ? /^doing: cut off because the run was cancelled$/ : /^doing: cut off because the run was cancelled; Oomnitza may or may not have applied it \(the next run reads what it holds\)$/;
        await expect(request).rejects.toMatchObject({ code: "cancelled", outcomeUnknown: method === "POST", message: expect.stringMatching(words) });
        expect(Date.now() - started).toBeLessThan(1500);
        c.close();
      }
    });
  }
});
