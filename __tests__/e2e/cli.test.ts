import { tempDir } from "../support/temp.js";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset } from "../../emulators/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";
import { runCli } from "../support/run-cli.js";

let running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

async function emulators(): Promise<{ intercom: IntercomEmulator; oomnitza: OomnitzaEmulator }> {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  running.push(intercom, oomnitza);
  return { intercom, oomnitza };
}

/** Tokens the way the CLI wants them (environment), URLs too; retries kept short. */
const envFor = (intercom: IntercomEmulator, oomnitza: OomnitzaEmulator): Record<string, string> => ({
  INTERCOM_TOKEN: intercom.token,
  INTERCOM_URL: intercom.url,
  OOMNITZA_URL: oomnitza.url,
  OOMNITZA_TOKEN: oomnitza.token,
  INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS: "1",
});

const ESC = "\x1b";

/** The set of key paths of a JSON value; array items merged, so shapes compare regardless of length. */
function shape(value: unknown, prefix = ""): Set<string> {
  const keys = new Set<string>();
  if (Array.isArray(value)) for (const item of value) for (const k of shape(item, `${prefix}[]`)) keys.add(k);
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      // Change values are the user's data, not the report's shape.
      keys.add(`${prefix}.${key}`);
      if (key !== "before" && key !== "after") for (const k of shape(inner, `${prefix}.${key}`)) keys.add(k);
    }
  }
  return keys;
}

describe("the built CLI (node dist/cli/index.js)", () => {
  it("--help shows the flags, environment variables, precedence and exit codes", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    for (const text of ["--oomnitza-url", "OOMNITZA_URL", "INTERCOM_TOKEN", "OOMNITZA_TOKEN", "IOS_RECORDS", "--records", "--config FILE", "--dry-run", "--only EMAIL", "--json", "--quiet", "--version"]) {
      expect(run.stdout).toContain(text);
    }
    expect(run.stdout).toMatch(/1\. flags\s+2\. environment variables\s+3\. the --config file\s+4\. defaults/);
    expect(run.stdout).toMatch(/Exit status:/);
    expect(run.stdout).not.toContain("--intercom-token");
  });

  it("--version prints the package's version", async () => {
    const run = await runCli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });

  it("syncs the demo data with a readable report and no escape codes when not on a terminal; a second run writes nothing", async () => {
    const { intercom, oomnitza } = await emulators();
    const first = await runCli([], envFor(intercom, oomnitza));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^✔ Sync succeeded/);
    expect(first.stdout).toMatch(/created [1-9]\d*\s+updated [1-9]\d*/);
    expect(first.stdout).toContain("Changes (");
    expect(first.stdout).toMatch(/~ Grace Hopper <grace.hopper@example.com> {2}update\n {6}position: "Support Agent" → "Support Team Lead"/);
    expect(first.stdout).toContain("Skipped (");
    expect(first.stderr).toContain("Fetching Intercom admins");
    expect(first.stderr, "no progress line off a terminal").not.toContain("Writing to Oomnitza");
    expect(oomnitza.log.writes().length).toBeGreaterThan(0);
    for (const text of [first.stdout, first.stderr]) {
      expect(text).not.toContain(ESC);
      expect(text).not.toContain(intercom.token);
      expect(text).not.toContain(oomnitza.token);
    }

    oomnitza.log.reset();
    const second = await runCli([], envFor(intercom, oomnitza));
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/created 0\s+updated 0/);
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("--json prints the same report the action writes (stdout only JSON, logs on stderr)", async () => {
    const { intercom, oomnitza } = await emulators();
    const action = await runBundle({ "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "dry-run": "true" });
    expect(action.code, action.stdout).toBe(0);
    const fromAction = JSON.parse(readFileSync(action.outputs["report-path"] as string, "utf8"));

    const cli = await runCli(["--json", "--dry-run"], envFor(intercom, oomnitza));
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout);
    expect([...shape(fromCli)].sort()).toEqual([...shape(fromAction)].sort());
    expect(fromCli.status).toBe("dry-run");
    expect(fromCli.counts).toEqual(fromAction.counts);
    expect(fromCli.entries.map((e: { admin: { id: string }; action: string }) => `${e.admin.id}:${e.action}`)).toEqual(fromAction.entries.map((e: { admin: { id: string }; action: string }) => `${e.admin.id}:${e.action}`));
    expect(cli.stderr).toContain("Fetching Intercom admins");
    expect(cli.stderr).toMatch(/Dry run: would have created \d+/);
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("--only EMAIL writes exactly one person", async () => {
    const { intercom, oomnitza } = await emulators();
    const plan = JSON.parse((await runCli(["--json", "--dry-run"], envFor(intercom, oomnitza))).stdout);
    const target = plan.entries.find((e: { action: string }) => e.action === "update");
    const email: string = target.admin.email;
    oomnitza.log.reset();

    const run = await runCli(["--only", email.toUpperCase(), "--json"], envFor(intercom, oomnitza));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.entries).toHaveLength(1);
    expect(report.entries[0].admin.email).toBe(email);
    expect(report.counts.updated).toBe(1);
    const writes = oomnitza.log.writes();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.route).toBe("PATCH /api/v3/users/:id");
    expect(writes[0]?.path).toContain(target.userId);
  });

  it("--only with an email no admin has fails the run (exit 1)", async () => {
    const { intercom, oomnitza } = await emulators();
    const run = await runCli(["--only", "nobody@example.com"], envFor(intercom, oomnitza));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ Sync failed");
    expect(run.stdout).toContain('no Intercom admin has the email "nobody@example.com"');
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("refuses a token given as a flag, says where to put it, never shows it, and sends nothing (exit 2)", async () => {
    const { intercom, oomnitza } = await emulators();
    const token = "ic_made_up_token_on_the_command_line_42";
    const { INTERCOM_TOKEN: _unused, ...env } = envFor(intercom, oomnitza);
    for (const args of [["--intercom-token", token], [`--intercom-token=${token}`]]) {
      const run = await runCli(args, env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--intercom-token is refused");
      expect(run.stderr).toContain("environment variable INTERCOM_TOKEN");
      expect(run.stderr).toContain('"intercom-token:" in the --config file');
      expect(run.stdout + run.stderr).not.toContain(token);
    }
    const oomnitzaFlag = await runCli(["--oomnitza-token", "oom_made_up_secret_value_7"], envFor(intercom, oomnitza));
    expect(oomnitzaFlag.code).toBe(2);
    expect(oomnitzaFlag.stderr).toContain("environment variable OOMNITZA_TOKEN");
    expect(oomnitzaFlag.stderr).not.toContain("oom_made_up_secret_value_7");
    expect(intercom.log.count() + oomnitza.log.count()).toBe(0);
  });

  it("takes settings from flags over environment over the config file over defaults", async () => {
    const { intercom, oomnitza } = await emulators();
    const dir = tempDir();
    const config = path.join(dir, "sync.yml");
    // Tokens and URLs only in the file: the file alone is enough to run.
    writeFileSync(config, [`intercom-token: ${intercom.token}`, `intercom-url: ${intercom.url}`, `oomnitza-url: ${oomnitza.url}`, `oomnitza-token: ${oomnitza.token}`, "preference: update-only", "saas-name: From File", "records: users-and-saas-users", "dry-run: true", ""].join("\n"));
    chmodSync(config, 0o600);
    const base = { INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS: "1" };
    const runJson = async (args: string[], env: Record<string, string> = {}) => {
      const run = await runCli(["--config", config, "--json", ...args], { ...base, ...env }, dir);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout).run;
    };

    expect(await runJson([])).toMatchObject({ preference: "update-only", saasName: "From File", syncKey: "email", dryRun: true });
    expect(await runJson([], { IOS_PREFERENCE: "create-only", IOS_SAAS_NAME: "" })).toMatchObject({ preference: "create-only", saasName: "From File" });
    expect(await runJson(["--preference", "create-and-update"], { IOS_PREFERENCE: "create-only" })).toMatchObject({ preference: "create-and-update" });
    // A good token in the environment beats a bad one in the file.
    writeFileSync(config, readFileSync(config, "utf8").replace(`intercom-token: ${intercom.token}`, "intercom-token: ic_made_up_stale_token_000"));
    expect(await runJson([], { INTERCOM_TOKEN: intercom.token })).toMatchObject({ preference: "update-only" });
    // The config file may also come from IOS_CONFIG.
    const viaEnv = await runCli(["--json"], { ...base, IOS_CONFIG: config, INTERCOM_TOKEN: intercom.token }, dir);
    expect(JSON.parse(viaEnv.stdout).run.saasName).toBe("From File");
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("names the flag, variable or config key in validation errors (exit 2, nothing sent)", async () => {
    const { intercom, oomnitza } = await emulators();
    const dir = tempDir();
    const config = path.join(dir, "sync.yml");
    writeFileSync(config, "fail-on: sometimes\n");
    const run = await runCli(["--config", config, "--records", "everything"], { ...envFor(intercom, oomnitza), IOS_MAX_REMOVALS: "lots", OOMNITZA_TOKEN: "" }, dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--records: "everything" is not allowed');
    expect(run.stderr).toContain('IOS_MAX_REMOVALS (environment): "lots" is not allowed');
    expect(run.stderr).toContain('fail-on (in sync.yml): "sometimes" is not allowed');
    expect(run.stderr).toContain("OOMNITZA_TOKEN: required but empty; set the environment variable OOMNITZA_TOKEN");
    expect(run.stdout).toBe("");
    expect(intercom.log.count() + oomnitza.log.count()).toBe(0);

    writeFileSync(config, "oomnitza-url: https://acme.oomnitza.com\nrecrods: users\n");
    const unknownKey = await runCli(["--config", config], {}, dir);
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.stderr).toContain('unknown key "recrods"');
    const unknownFlag = await runCli(["--dryrun"]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("did you mean --dry-run?");
  });

  it("exit status: partial fails per --fail-on, failed and aborted exit 1", async () => {
    const { intercom, oomnitza } = await emulators();
    const env = { ...envFor(intercom, oomnitza), IOS_MAX_ATTEMPTS: "1" };
    oomnitza.controls.failNext("PATCH /api/v3/users/:id", 1, { status: 500 });
    const partial = await runCli([], env);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toMatch(/^⚠ Sync completed with errors/);
    expect(partial.stdout).toContain("Failures (1)");

    const { intercom: ic2, oomnitza: oo2 } = await emulators();
    oo2.controls.failNext("PATCH /api/v3/users/:id", 1, { status: 500 });
    const tolerated = await runCli(["--fail-on", "none", "--quiet"], { ...envFor(ic2, oo2), IOS_MAX_ATTEMPTS: "1" });
    expect(tolerated.code).toBe(0);
    expect(tolerated.stdout + tolerated.stderr).toBe("");

    const refused = await runCli(["--quiet"], { ...envFor(intercom, oomnitza), INTERCOM_TOKEN: "ic_made_up_bad_token_123456" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^Sync failed: fetching Intercom admins: Intercom answered 401/);
    expect(refused.stderr).not.toContain("ic_made_up_bad_token_123456");

    // Intercom suddenly lists nobody while Oomnitza holds managed people: the guard refuses to write.
    intercom.admins.length = 0;
    const aborted = await runCli([], envFor(intercom, oomnitza));
    expect(aborted.code).toBe(1);
    expect(aborted.stdout).toMatch(/^■ Sync aborted by a guard/);
  });

  it("pings the heartbeat URL after a successful run, without any token, and not after a dry run or a failure", async () => {
    const { intercom, oomnitza } = await emulators();
    const pings: Array<{ url?: string; headers: Record<string, unknown> }> = [];
    const server = http.createServer((req, res) => {
      pings.push({ url: req.url, headers: req.headers });
      res.end("OK");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    running.push({ close: () => new Promise((resolve) => server.close(() => resolve())) });
    const heartbeat = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/check-uuid`;
    const env = { ...envFor(intercom, oomnitza), IOS_HEARTBEAT_URL: heartbeat };

    expect((await runCli(["--dry-run", "--quiet"], env)).code).toBe(0);
    expect(pings).toHaveLength(0);
    expect((await runCli(["--quiet"], env)).code).toBe(0);
    expect(pings.map((p) => p.url)).toEqual(["/ping/check-uuid"]);
    expect(JSON.stringify(pings[0]?.headers)).not.toMatch(new RegExp(`${intercom.token}|${oomnitza.token}|authorization`, "i"));
    expect((await runCli(["--quiet"], { ...env, INTERCOM_TOKEN: "ic_made_up_bad_token_123456" })).code).toBe(1);
    expect(pings).toHaveLength(1);
  });
});
