import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient } from "../../src/http/index.js";
import { OomnitzaClient } from "../../src/oomnitza/client.js";
import { Redactor } from "../../src/redact.js";

let servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

/** A users endpoint over `rows` whose page answers `shape` decides (to model odd servers). */
async function serve(rows: number, shape: (skip: number, limit: number) => { from: number; count: number; total?: number }) {
  const requests: Array<{ skip: number; limit: number }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/api/v3/users") {
      const skip = Number(url.searchParams.get("skip") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      requests.push({ skip, limit });
      const { from, count, total } = shape(skip, limit);
      const body = Array.from({ length: Math.max(0, Math.min(count, rows - from)) }, (_, i) => ({ user_id: String(from + i), username: `u${from + i}` }));
      res.writeHead(200, { "content-type": "application/json", ...(total === undefined ? {} : { "x-total-count": String(total) }) });
      res.end(JSON.stringify(body));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const http_ = new HttpClient({ timeoutMs: 2000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, redactor: new Redactor() });
  const client = new OomnitzaClient(http_, { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: "oom_test_token_paging", readConcurrency: 3 });
  return { client, requests, close: () => http_.close() };
}

const ids = (users: Array<{ user_id: string }>) => users.map((u) => Number(u.user_id)).sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("reading every Oomnitza user, whatever the server does with page sizes", () => {
  it("reads in a sliding window of full pages when the server caps pages below the asked limit", async () => {
    const { client, requests, close } = await serve(47, (skip, limit) => ({ from: skip, count: Math.min(limit, 5), total: 47 }));
    const { users, read } = await client.readUsers(["username"]);
    expect(ids(users)).toEqual(range(47));
    expect(read).toMatchObject({ complete: true, problems: [], unique: 47, total: 47, sorted: true });
    expect(requests.length).toBe(10); // 47 / 5 rounded up: no page read twice, none past the end
    close();
  });

  it("a short page in the middle discards the guesses after it and goes on from where it ended", async () => {
    const { client, close } = await serve(30, (skip, limit) => ({ from: skip, count: skip === 10 ? 2 : Math.min(limit, 5), total: 30 }));
    expect(ids((await client.readUsers(["username"])).users)).toEqual(range(30));
    close();
  });

  it("without x-total-count it reads page after page until an empty one", async () => {
    const { client, requests, close } = await serve(12, (skip, limit) => ({ from: skip, count: Math.min(limit, 5) }));
    const { users, read } = await client.readUsers(["username"]);
    expect(ids(users)).toEqual(range(12));
    // Without a total nothing proves that no one was missed.
    expect(read.complete).toBe(false);
    expect(read.problems).toEqual(["Oomnitza sent no x-total-count, so the read cannot be checked"]);
    expect(requests.map((r) => r.skip)).toEqual([0, 5, 10, 12]);
    close();
  });

  it("stops reading when the server ignores skip, and says the read is not complete", async () => {
    const { client, requests, close } = await serve(20, (_skip, limit) => ({ from: 0, count: Math.min(limit, 5) }));
    const { users, read } = await client.readUsers(["username"]);
    expect(ids(users)).toEqual(range(5));
    expect(requests.length).toBe(2);
    expect(read.complete).toBe(false);
    expect(read.problems).toContain("the page at skip=5 held only people already read (the instance seems to ignore skip)");
    close();
  });

  it("with a total, a server that ignores skip is read up to the total and found incomplete", async () => {
    const { client, requests, close } = await serve(20, (_skip, limit) => ({ from: 0, count: Math.min(limit, 5), total: 20 }));
    const { read } = await client.readUsers(["username"]);
    expect(requests.length).toBe(4);
    expect(read).toMatchObject({ complete: false, unique: 5, total: 20 });
    expect(read.problems).toEqual([
      "some people came twice (the instance's order changed between pages)",
      "the page at skip=15 held only people already read (the instance seems to ignore skip)",
      "5 distinct people were read, but Oomnitza's total is 20",
    ]);
    close();
  });
});
