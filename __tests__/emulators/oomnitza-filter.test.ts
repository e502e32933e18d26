import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFilter } from "../../emulators/oomnitza/filter.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/oomnitza/emulator.js";
import { call, oomnitzaHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
checkAnswersAgainstOpenApi();

describe("filter parser", () => {
  it("reads comparisons, lists, LIKE, IS [NOT] NULL, and/or with and binding tighter, parentheses", () => {
    expect(parseFilter("email eq 'a@x.com'")).toEqual({ kind: "cmp", field: "email", op: "eq", value: "a@x.com" });
    expect(parseFilter('username IN ["a","b"]')).toEqual({ kind: "in", field: "username", values: ["a", "b"], negated: false });
    expect(parseFilter("position IS NOT NULL")).toEqual({ kind: "null", field: "position", negated: true });
    const t = parseFilter("a eq 1 or b eq 2 and c eq 3");
    expect(t).toMatchObject({ kind: "or", right: { kind: "and" } });
    const p = parseFilter("(a eq 1 OR b eq 2) AND c LIKE '%x%'");
    expect(p).toMatchObject({ kind: "and", left: { kind: "or" }, right: { op: "like" } });
    expect(parseFilter("name eq 'O\\'Brien'")).toMatchObject({ value: "O'Brien" });
  });

  it.each(["", "email", "email eq", "email eq 'open", "email equals 'x'", "(email eq 'x'", "email eq 'x')", "email IN 'x'", "email IS 'x'", "and eq 'x'", "email eq 'x' or", "email eq 'x' @"])("rejects %j", (src) => {
    expect(() => parseFilter(src)).toThrow();
  });
});

describe("GET /api/v3/users?filter=", () => {
  let emu: OomnitzaEmulator;
  beforeAll(async () => {
    emu = await startOomnitzaEmulator({
      users: [
        { username: "ada", email: "Ada@Example.com", first_name: "Ada", position: "Engineer", intercom_has_inbox_seat: true },
        { username: "grace", email: "grace@example.com", first_name: "Grace", position: null, intercom_has_inbox_seat: false },
        { username: "siobhan", email: "siobhan@example.com", last_name: "O'Brien", position: "Support Lead" },
        { username: "sam", email: null, position: "Support Agent" },
      ],
    });
  });
  afterAll(() => emu.close());

  async function names(filter: string): Promise<string[]> {
    const r = await call(`${emu.url}/api/v3/users?${new URLSearchParams({ filter })}`, { headers: oomnitzaHeaders() });
    expect(r.status, `${filter}: ${r.text}`).toBe(200);
    expect(r.headers.get("x-total-count")).toBe(String((r.body as unknown[]).length));
    return (r.body as Array<{ username: string }>).map((u) => u.username);
  }

  it("eq and IN are case-sensitive (assumed), LIKE is not", async () => {
    expect(await names("email eq 'Ada@Example.com'")).toEqual(["ada"]);
    expect(await names("email eq 'ada@example.com'")).toEqual([]);
    expect(await names('email IN ["grace@example.com","ada@example.com"]')).toEqual(["grace"]);
    expect(await names("email LIKE '%@example.com'")).toEqual(["ada", "grace", "siobhan"]);
    expect(await names("position like 'support%'")).toEqual(["siobhan", "sam"]);
  });

  it("IS NULL / IS NOT NULL, and/or, parentheses, escaped quotes, checkbox values", async () => {
    expect(await names("position IS NULL")).toEqual(["grace"]);
    expect(await names("email IS NOT NULL and position IS NOT NULL")).toEqual(["ada", "siobhan"]);
    expect(await names("(username eq 'ada' or username eq 'sam') and position LIKE '%agent%'")).toEqual(["sam"]);
    expect(await names("username eq 'ada' or username eq 'sam' and position LIKE '%agent%'")).toEqual(["ada", "sam"]);
    expect(await names("last_name eq 'O\\'Brien'")).toEqual(["siobhan"]);
    expect(await names("intercom_has_inbox_seat eq true")).toEqual(["ada"]);
    expect(await names("intercom_has_inbox_seat eq '0'")).toEqual(["grace"]);
  });

  it("answers 400 on bad syntax or an unknown field", async () => {
    for (const filter of ["email eq", "email === 'x'", "(email eq 'x'", "shoe_size eq 44"]) {
      const r = await call(`${emu.url}/api/v3/users?${new URLSearchParams({ filter })}`, { headers: oomnitzaHeaders() });
      expect(r.status, filter).toBe(400);
      expect((r.body as { errors: string[] }).errors[0]).toMatch(/^Invalid filter/);
    }
  });
});
