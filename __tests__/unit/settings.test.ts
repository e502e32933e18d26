import { tempDir } from "../support/temp.js";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { INPUTS, parseSettings, SettingsError } from "../../src/settings/index.js";

const base = { "intercom-token": "ic_test_token_abcdef", "oomnitza-url": "https://acme.oomnitza.com", "oomnitza-token": "oz_test_token_abcdef" };
const ctx = { cwd: process.cwd() };

function problems(raw: Record<string, string>): string[] {
  try {
    parseSettings({ ...base, ...raw }, ctx);
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  return [];
}

describe("parseSettings", () => {
  it("applies the documented defaults of every input", () => {
    const s = parseSettings(base, ctx);
    expect(s).toMatchObject({
      intercomVersion: "2.11",
      intercomRegion: "us",
      intercomUrl: "https://api.intercom.io",
      records: "users",
      preference: "create-and-update",
      syncKey: "email",
      saasName: "Intercom",
      removedAdmins: "report",
      maxRemovals: { kind: "percent", value: 10 },
      dryRun: false,
      failOn: { kind: "any" },
      notify: [],
      timeoutMinutes: 30,
      mappingSource: "default",
    });
    expect(s.mapping.fields.map((f) => f.field)).toContain("intercom_sync_time");
  });

  it("picks the region's host, and the URL override wins", () => {
    expect(parseSettings({ ...base, "intercom-region": "eu" }, ctx).intercomUrl).toBe("https://api.eu.intercom.io");
    expect(parseSettings({ ...base, "intercom-region": "au" }, ctx).intercomUrl).toBe("https://api.au.intercom.io");
    expect(parseSettings({ ...base, "intercom-region": "eu", "intercom-url": "http://127.0.0.1:9999/" }, ctx).intercomUrl).toBe("http://127.0.0.1:9999");
  });

  it("reports every problem at once, naming input, value and what is allowed", () => {
    let error: SettingsError | undefined;
    try {
      parseSettings({ "oomnitza-url": "acme", records: "userz", preference: "sometimes", "dry-run": "maybe", "max-removals": "lots", "fail-on": "never", "intercom-version": "3.0", "intercom-region": "mars", "timeout-minutes": "0" }, ctx);
    } catch (err) {
      error = err as SettingsError;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const text = error!.message;
    for (const expected of [
      "intercom-token: required but empty",
      "oomnitza-token: required but empty",
      'oomnitza-url: "acme" is not a URL',
      'records: "userz" is not allowed; allowed: users, users-and-saas-users',
      'preference: "sometimes" is not allowed; allowed: create-and-update, create-only, update-only',
      'dry-run: "maybe" is not allowed; allowed: true, false',
      'max-removals: "lots" is not allowed',
      'fail-on: "never" is not allowed; allowed: any, none',
      'intercom-version: "3.0" is not allowed; allowed: 1.0',
      'intercom-region: "mars" is not allowed; allowed: us, eu, au',
      'timeout-minutes: "0" is not allowed; allowed: a whole number from 1 to 360',
    ]) {
      expect(text).toContain(expected);
    }
    expect(error!.problems).toHaveLength(11);
  });

  it("never echoes a secret input's value, nor a password in a URL", () => {
    const message = problems({ "oomnitza-url": "https://admin:s3cr3t-Passw0rd@acme.oomnitza.com" }).join("\n");
    expect(message).toContain('oomnitza-url: the URL carries a user name or password, which would be sent to every proxy and log on the way; use "https://acme.oomnitza.com"');
    expect(message).not.toContain("s3cr3t-Passw0rd");
    expect(message).not.toContain("admin:");
    expect(problems({ "intercom-url": "not a url //user:pw-in-text@x" }).join("\n")).not.toContain("pw-in-text");
    expect(problems({}).join("\n")).not.toContain(base["intercom-token"]);
  });

  it("shows only the scheme and host of a refused heartbeat URL (its path is the monitor's secret)", () => {
    const [plain] = problems({ "heartbeat-url": "http://hc.example/ping/0b5e-secret-check-uuid?key=k3y-secret" });
    expect(plain).toMatch(/^heartbeat-url: "http:\/\/hc\.example" is plain http:\/\/ to hc\.example/);
    const withPassword = problems({ "heartbeat-url": "https://me:hb-Passw0rd@hc.example/ping/0b5e-secret-check-uuid" }).join("\n");
    expect(withPassword).toContain('use "https://hc.example"');
    const broken = problems({ "heartbeat-url": "hc.example/ping/0b5e-secret-check-uuid" }).join("\n");
    expect(broken).toMatch(/heartbeat-url: the value given is not a URL/);
    for (const text of [plain, withPassword, broken]) {
      expect(text).not.toMatch(/0b5e-secret-check-uuid|k3y-secret|hb-Passw0rd/);
    }
    expect(problems({ "heartbeat-url": "https://hc-ping.com/0b5e-check?x=1" })).toEqual([]);
  });

  it("refuses plain http except to loopback: localhost, [::1] and 127.0.0.0/8 literals, never a name that starts with 127.", () => {
    expect(problems({ "oomnitza-url": "http://acme.oomnitza.com" })[0]).toMatch(/plain http:\/\/ to acme\.oomnitza\.com; tokens would cross the network unencrypted/);
    for (const loopback of ["http://127.0.0.1:8080", "http://127.255.0.9", "http://localhost:1", "http://[::1]:9", "http://127.1:5"]) {
      expect(problems({ "oomnitza-url": loopback }), loopback).toEqual([]);
    }
    for (const remote of ["http://127.attacker.example", "http://127.0.0.1.nip.example", "http://localhost.attacker.example", "http://128.0.0.1", "http://[::2]"]) {
      expect(problems({ "oomnitza-url": remote })[0], remote).toMatch(/is plain http:\/\/ to .*only https:\/\/ is allowed/);
    }
  });

  it("refuses an API URL with a path, query, fragment or credentials, suggesting the address to use", () => {
    expect(problems({ "oomnitza-url": "https://acme.oomnitza.com/api/v3" })).toEqual(["oomnitza-url: the URL has a path (/api/v3); give the instance's address only: https://acme.oomnitza.com"]);
    expect(problems({ "oomnitza-url": "https://acme.oomnitza.com/?token=abcdef#x" })).toEqual(["oomnitza-url: the URL has a query string and a fragment; give the instance's address only: https://acme.oomnitza.com"]);
    expect(problems({ "intercom-url": "https://api.eu.intercom.io/admins" })).toEqual(["intercom-url: the URL has a path (/admins); give the API's address only: https://api.eu.intercom.io"]);
    expect(parseSettings({ ...base, "oomnitza-url": "https://ACME.oomnitza.com//" }, ctx).oomnitzaUrl).toBe("https://acme.oomnitza.com");
  });

  it("says what is wrong with a count or a percentage in words", () => {
    expect(problems({ "max-removals": "150%" })).toEqual(['max-removals: "150%" is not allowed; a percentage above 100% means more than all of them; allowed: a count such as 5, or a percentage from 0% to 100% such as 10%']);
    expect(problems({ "fail-on": "2.5" })).toEqual(['fail-on: "2.5" is not allowed; a count must be a whole number; allowed: any, none, a count such as 3, or a percentage from 0% to 100% such as 5%']);
    expect(problems({ "max-removals": "100%" })).toEqual([]);
  });

  it("hints at single quotes when a double-quoted regular expression has an escape YAML does not know", () => {
    const [problem] = problems({ filter: '- exclude: { email: { matches: "@example\\.com$" } }' });
    expect(problem).toMatch(/not valid YAML at line 1, column \d+ \(an invalid escape in a double-quoted value; a regular expression such as '@example\\\.com\$' goes in single quotes/);
  });

  it("refuses unassign in users mode, and accepts it in SaaS mode", () => {
    expect(problems({ "removed-admins": "unassign" })[0]).toMatch(/"unassign" needs records: users-and-saas-users/);
    expect(problems({ "removed-admins": "unassign", records: "users-and-saas-users" })).toEqual([]);
  });

  it("parses thresholds, notify lists and booleans", () => {
    const s = parseSettings({ ...base, "max-removals": "3", "fail-on": "5%", notify: "alice, @acme/it-ops", "dry-run": "TRUE" }, ctx);
    expect(s.maxRemovals).toEqual({ kind: "count", value: 3 });
    expect(s.failOn).toEqual({ kind: "percent", value: 5 });
    expect(s.notify).toEqual(["alice", "acme/it-ops"]);
    expect(s.dryRun).toBe(true);
  });

  it("reads a mapping file relative to the workspace, or inline YAML", () => {
    const dir = tempDir("mapping-");
    writeFileSync(path.join(dir, "map.yml"), "fields:\n  username: { source: email, on: create }\n  email: email\n");
    const fromFile = parseSettings({ ...base, mapping: "map.yml" }, { cwd: dir });
    expect(fromFile.mapping.fields.map((f) => f.field)).toEqual(["username", "email"]);
    expect(fromFile.mappingSource).toBe("map.yml");
    const inline = parseSettings({ ...base, mapping: "extends: default\nfields:\n  position: { source: job_title, on: create }\n" }, ctx);
    expect(inline.mapping.fields.find((f) => f.field === "position")?.on).toBe("create");
    expect(inline.mapping.fields).toHaveLength(15);
    expect(problems({ mapping: "nope.yml" })[0]).toMatch(/mapping: no file at "nope.yml"/);
  });

  it("refuses a mapping that cannot fill username or the sync key while creation is allowed", () => {
    expect(problems({ mapping: "fields:\n  email: email\n" })[0]).toMatch(/no rule fills username/);
    expect(problems({ mapping: "fields:\n  email: email\n", preference: "update-only" })).toEqual([]);
    expect(problems({ mapping: "fields:\n  username: email\n", preference: "update-only" })[0]).toMatch(/no rule fills the sync-key field "email"/);
    expect(problems({ "sync-key": "intercom_id" })).toEqual([]);
  });

  it("lists every input in action.yml with the same default", () => {
    const action = YAML.parse(readFileSync("action.yml", "utf8")) as { inputs: Record<string, { default?: string; required?: boolean }> };
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(INPUTS).sort());
    for (const [name, input] of Object.entries(INPUTS)) {
      const declared = action.inputs[name]!;
      if (name === "github-token") expect(declared.default).toBe("${{ github.token }}");
      else if (declared.required) expect(input.default).toBe("");
      else expect(String(declared.default)).toBe(input.default);
    }
  });
});

import { Redactor } from "../../src/redact.js";
import { summariseErrorBody } from "../../src/http/errors.js";

describe("Redactor", () => {
  it("removes registered secrets, URL-encoded too, and nothing else: a job title that looks like a header is data", () => {
    const r = new Redactor();
    r.add("ic_secret_value_1234");
    r.add("abc"); // too short to redact safely
    expect(r.redact("token ic_secret_value_1234 and abc")).toBe("token *** and abc");
    expect(r.redact("q=ic_secret_value_1234%20")).toBe("q=***%20");
    expect(r.redact("Cookie: chocolate-chip")).toBe("Cookie: chocolate-chip");
    expect(r.redact("Authorization: Bearer of good news")).toBe("Authorization: Bearer of good news");
    expect(r.redactInPlace({ a: ["ic_secret_value_1234"], title: "Cookie: chocolate-chip" })).toEqual({ a: ["***"], title: "Cookie: chocolate-chip" });
  });

  it("cuts credential headers a server echoes back in an error body, whatever their value", () => {
    expect(summariseErrorBody(`{"error":"boom","message":"request headers: {\\"authorization2\\":\\"oom_unregistered_999\\"}"}`)).not.toContain("oom_unregistered_999");
    expect(summariseErrorBody("upstream said Authorization: Bearer ic_other_token_42, next")).toBe(` (upstream said Authorization: "***", next)`);
    expect(summariseErrorBody(`{"message":"Set-Cookie: session=s3ss10n; path=/"}`)).toBe(`: Set-Cookie: "***"; path=/`);
  });
});

describe("Redactor.redactInPlace keeps the structure", () => {
  it("keeps the structure when a string holds a secret", () => {
    const r = new Redactor();
    r.add("oom_x_123456");
    const value = { error: 'answered 500: {"authorization2":"oom_x_123456"}', list: ["Bearer oom_x_123456"], n: 3 };
    const out = r.redactInPlace(value);
    expect(out.n).toBe(3);
    expect(JSON.stringify(out)).not.toContain("oom_x_123456");
    expect(out.list[0]).toBe("Bearer ***");
  });
});

describe("Redactor.redactInPlace", () => {
  it("redacts every string of a nested value without copying it", () => {
    const r = new Redactor();
    r.add("ic_secret_value_1234");
    const inner = { error: "failed with ic_secret_value_1234", list: ["ok", "ic_secret_value_1234"], n: 1, none: null };
    const value = { entries: [inner], reason: "x ic_secret_value_1234" };
    expect(r.redactInPlace(value)).toBe(value);
    expect(value.entries[0]).toBe(inner);
    expect(value).toEqual({ entries: [{ error: "failed with ***", list: ["ok", "***"], n: 1, none: null }], reason: "x ***" });
  });
});
