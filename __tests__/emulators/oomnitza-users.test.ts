import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TOKENS, DEFAULT_OOMNITZA_TOKEN_USER, generateUsers } from "../../emulators/data/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/oomnitza/emulator.js";
import { call, oomnitzaHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
checkAnswersAgainstOpenApi();

let emu: OomnitzaEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(opts: OomnitzaEmulatorOptions = {}): Promise<OomnitzaEmulator> {
  emu = await startOomnitzaEmulator(opts);
  return emu;
}

function get(e: OomnitzaEmulator, path: string, token: string = e.token) {
  return call(`${e.url}${path}`, { headers: oomnitzaHeaders(token) });
}

function send(e: OomnitzaEmulator, method: "POST" | "PATCH", path: string, body: unknown, token: string = e.token) {
  return call(`${e.url}${path}`, { method, headers: oomnitzaHeaders(token), body: typeof body === "string" ? body : JSON.stringify(body) });
}

type Row = Record<string, unknown>;

describe("Oomnitza emulator: auth and connection check", () => {
  it("GET /api/v2/mappings?name=AuthTest succeeds with the token", async () => {
    const e = await start();
    const r = await get(e, "/api/v2/mappings?name=AuthTest");
    expect(r.status).toBe(200);
    expect(e.log.count("GET /api/v2/mappings")).toBe(1);
  });

  it("401 with a JSON error body for a missing or unknown token; Bearer is not how Oomnitza authenticates", async () => {
    const e = await start();
    const variants: Array<Record<string, string>> = [{}, { Authorization2: "oom_test_token_unknown" }, { Authorization: `Bearer ${e.token}` }];
    for (const headers of variants) {
      const r = await call(`${e.url}/api/v3/users`, { headers });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: "Unauthorized", message: expect.any(String) });
    }
  });

  it("403 for a token without permission, and for writes with a read-only token", async () => {
    const e = await start({ users: generateUsers(3) });
    expect((await get(e, "/api/v3/users", DEFAULT_TOKENS.oomnitzaNoAccess)).status).toBe(403);
    expect((await get(e, "/api/v3/users", DEFAULT_TOKENS.oomnitzaReadOnly)).status).toBe(200);
    const w = await send(e, "POST", "/api/v3/users", { username: "x@example.com" }, DEFAULT_TOKENS.oomnitzaReadOnly);
    expect(w.status).toBe(403);
    expect(e.users.size).toBe(3);
  });
});

describe("Oomnitza emulator: listing users", () => {
  it("defaults to 100 rows, caps limit at 1000 and sends x-total-count", async () => {
    const e = await start({ users: generateUsers(1200, 2) });
    const d = await get(e, "/api/v3/users");
    expect(d.status).toBe(200);
    expect(Array.isArray(d.body)).toBe(true);
    expect(d.body as Row[]).toHaveLength(100);
    expect(d.headers.get("x-total-count")).toBe("1200");
    const big = await get(e, "/api/v3/users?limit=5000");
    expect(big.body as Row[]).toHaveLength(1000);
    const last = await get(e, "/api/v3/users?limit=1000&skip=1000");
    expect(last.body as Row[]).toHaveLength(200);
    const past = await get(e, "/api/v3/users?limit=10&skip=5000");
    expect(past.body).toEqual([]);
    expect(past.headers.get("x-total-count")).toBe("1200");
  });

  it("returns short pages under maxPageSize: a client must page by rows received", async () => {
    const e = await start({ users: generateUsers(30, 4), maxPageSize: 7 });
    const seen: string[] = [];
    let pages = 0;
    for (let skip = 0; ; ) {
      const r = await get(e, `/api/v3/users?limit=10&skip=${skip}`);
      const rows = r.body as Row[];
      expect(rows.length).toBeLessThanOrEqual(7);
      expect(r.headers.get("x-total-count")).toBe("30");
      if (rows.length === 0) break;
      pages++;
      seen.push(...rows.map((u) => u.user_id as string));
      skip += rows.length;
    }
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(30);
    expect(seen).toEqual([...e.users.keys()]);
  });

  it("keeps creation order by default and sorts with sortby (stable, both directions)", async () => {
    const e = await start({ users: generateUsers(50, 5) });
    const plain = (await get(e, "/api/v3/users?limit=50")).body as Row[];
    expect(plain.map((u) => u.user_id)).toEqual([...e.users.keys()]);
    const asc = (await get(e, "/api/v3/users?limit=50&sortby=user_id%20asc")).body as Row[];
    const ids = asc.map((u) => u.user_id as string);
    expect(ids).toEqual([...ids].sort());
    const desc = (await get(e, "/api/v3/users?limit=50&sortby=creation_date%20desc")).body as Row[];
    expect(desc.map((u) => u.user_id)).toEqual([...e.users.keys()].reverse());
    expect((await get(e, "/api/v3/users?sortby=nonsense%20asc")).status).toBe(400);
    expect((await get(e, "/api/v3/users?sortby=email%20sideways")).status).toBe(400);
  });

  it("fields= returns only those fields plus user_id; unknown names are a 400", async () => {
    const e = await start({ users: [{ username: "a@example.com", email: "a@example.com", first_name: "A", position: "X", intercom_id: "7" }] });
    const r = await get(e, "/api/v3/users?fields=email,intercom_id");
    expect(r.body).toEqual([{ user_id: [...e.users.keys()][0], email: "a@example.com", intercom_id: "7" }]);
    const bad = await get(e, "/api/v3/users?fields=email,shoe_size");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("shoe_size");
  });

  it("rejects a bad limit or skip", async () => {
    const e = await start();
    for (const q of ["limit=0", "limit=-1", "limit=ten", "skip=-5", "skip=1.5"]) {
      expect((await get(e, `/api/v3/users?${q}`)).status, q).toBe(400);
    }
  });

  it("GET /api/v3/users/{id} answers one user or 404", async () => {
    const e = await start({ users: generateUsers(2) });
    const id = [...e.users.keys()][1] as string;
    const r = await get(e, `/api/v3/users/${id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ user_id: id, username: e.users.get(id)?.username });
    expect((await get(e, "/api/v3/users/nope")).status).toBe(404);
  });
});

describe("Oomnitza emulator: creating and patching users", () => {
  it("creates a user with server-set fields, created_by from the token's user", async () => {
    const e = await start({ clock: () => 1_700_000_000_123 });
    const r = await send(e, "POST", "/api/v3/users", { username: "ada@example.com", email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", intercom_away_mode_enabled: false });
    expect(r.status).toBe(200);
    const u = r.body as Row;
    expect(u).toMatchObject({ username: "ada@example.com", full_name: "Ada Lovelace", creation_date: 1_700_000_000, change_date: 1_700_000_000, created_by: DEFAULT_OOMNITZA_TOKEN_USER, changed_by: DEFAULT_OOMNITZA_TOKEN_USER, intercom_away_mode_enabled: false });
    expect(typeof u.user_id).toBe("string");
    expect(e.users.get(u.user_id as string)?.email).toBe("ada@example.com");
  });

  it("400 naming the field for unknown and read-only fields, nothing stored", async () => {
    const e = await start();
    const unknown = await send(e, "POST", "/api/v3/users", { username: "x@example.com", shoe_size: 44 });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ errors: [{ field: "shoe_size", message: expect.stringContaining("shoe_size") }] });
    const ro = await send(e, "POST", "/api/v3/users", { username: "x@example.com", user_id: "abc" });
    expect(ro.status).toBe(400);
    expect(ro.text).toContain("user_id");
    expect(e.users.size).toBe(0);
  });

  it("400 when username is missing or empty, or the body is not a JSON object", async () => {
    const e = await start();
    for (const body of [{ email: "x@example.com" }, { username: "  " }, [{ username: "a" }], "{not json"]) {
      const r = await send(e, "POST", "/api/v3/users", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect(e.users.size).toBe(0);
  });

  it("400 for a duplicate username in any letter case, on create and on patch", async () => {
    const e = await start({ users: [{ username: "Ada@Example.com", email: "Ada@Example.com" }, { username: "grace" }] });
    const dup = await send(e, "POST", "/api/v3/users", { username: "ada@example.com" });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ errors: [{ field: "username" }] });
    const graceId = [...e.users.keys()][1] as string;
    const clash = await send(e, "PATCH", `/api/v3/users/${graceId}`, { username: "ADA@EXAMPLE.COM" });
    expect(clash.status).toBe(400);
    expect(e.users.get(graceId)?.username).toBe("grace");
    // Renaming a user to its own name in another case is not a clash.
    const adaId = [...e.users.keys()][0] as string;
    expect((await send(e, "PATCH", `/api/v3/users/${adaId}`, { username: "ada@example.com" })).status).toBe(200);
  });

  it("PATCH changes only the sent fields, updates change_date/changed_by, 404 for an unknown id", async () => {
    let now = 1_700_000_000_000;
    const e = await start({ users: [{ username: "n@example.com", first_name: "Noah", last_name: "Wiliams", position: "Analyst", creation_date: 1_600_000_000 }], clock: () => now });
    const id = [...e.users.keys()][0] as string;
    now += 60_000;
    const r = await send(e, "PATCH", `/api/v3/users/${id}`, { last_name: "Williams", intercom_id: "5104417" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ last_name: "Williams", full_name: "Noah Williams", position: "Analyst", intercom_id: "5104417", creation_date: 1_600_000_000, change_date: 1_700_000_060, changed_by: DEFAULT_OOMNITZA_TOKEN_USER });
    expect((await send(e, "PATCH", "/api/v3/users/missing", { position: "X" })).status).toBe(404);
    expect((await send(e, "PATCH", `/api/v3/users/${id}`, { shoe_size: 1 })).status).toBe(400);
    expect(e.log.writes().map((w) => w.route)).toEqual(["PATCH /api/v3/users/:id", "PATCH /api/v3/users/:id", "PATCH /api/v3/users/:id"]);
    expect(e.log.writes()[0]?.body).toEqual({ last_name: "Williams", intercom_id: "5104417" });
  });
});

describe("Oomnitza emulator: custom fields and type quirks", () => {
  const fields = { intercom_has_inbox_seat: "checkbox", seats: "number", hired: "date", note: "string" } as const;

  it("stores checkboxes as booleans from true/false/'1'/'0' and returns booleans", async () => {
    const e = await start({ customFields: fields });
    for (const [v, want] of [[true, true], [false, false], ["1", true], ["0", false]] as const) {
      const r = await send(e, "POST", "/api/v3/users", { username: `u${String(v)}@example.com`, intercom_has_inbox_seat: v });
      expect(r.status).toBe(200);
      expect((r.body as Row).intercom_has_inbox_seat).toBe(want);
      expect(e.users.get((r.body as Row).user_id as string)?.intercom_has_inbox_seat).toBe(want);
    }
    const bad = await send(e, "POST", "/api/v3/users", { username: "bad@example.com", intercom_has_inbox_seat: "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("intercom_has_inbox_seat");
  });

  it("returns checkboxes as '1'/'0' when checkboxAsString is on", async () => {
    const e = await start({ customFields: fields, checkboxAsString: true, users: [{ username: "a", intercom_has_inbox_seat: true }, { username: "b", intercom_has_inbox_seat: false }] });
    const rows = (await get(e, "/api/v3/users?fields=intercom_has_inbox_seat")).body as Row[];
    expect(rows.map((r) => r.intercom_has_inbox_seat)).toEqual(["1", "0"]);
    const created = await send(e, "POST", "/api/v3/users", { username: "c", intercom_has_inbox_seat: true });
    expect((created.body as Row).intercom_has_inbox_seat).toBe("1");
  });

  it("coerces numbers and dates (ISO 8601 or unix seconds → unix seconds)", async () => {
    const e = await start({ customFields: fields });
    const r = await send(e, "POST", "/api/v3/users", { username: "d", seats: "42", hired: "2024-03-01T12:00:00Z", note: 7 });
    expect(r.body).toMatchObject({ seats: 42, hired: 1709294400, note: "7" });
    expect((await send(e, "POST", "/api/v3/users", { username: "e", hired: "last tuesday" })).status).toBe(400);
    expect((await send(e, "POST", "/api/v3/users", { username: "f", seats: "many" })).status).toBe(400);
  });

  it("knows the intercom_* fields of the default mapping by default", async () => {
    const e = await start();
    const record = {
      username: "ada@example.com",
      intercom_id: "1",
      intercom_type: "admin",
      intercom_avatar: "https://static.avatars.example.com/a.png",
      intercom_away_mode_enabled: false,
      intercom_away_mode_reassign: false,
      intercom_has_inbox_seat: true,
      intercom_primary_team_ids: "1,2",
      intercom_version: "2.11",
      intercom_sync_time: "2025-01-14T06:17:00Z",
    };
    const r = await send(e, "POST", "/api/v3/users", record);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject(record);
  });
});
