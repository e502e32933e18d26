import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../../emulators/kit/cli-args.js";
import { DEFAULT_TOKENS } from "../../emulators/data/index.js";
import { call, intercomHeaders, oomnitzaHeaders } from "../support/emulator-requests.js";

const CLI = ["--import", "tsx", "emulators/cli.ts"];

/** Starts the CLI, waits for its first stdout line, and returns it with a stop function. */
function startCli(args: string[]): Promise<{ line: string; ms: number; stop: () => Promise<number | null> }> {
  const started = Date.now();
  const child = spawn(process.execPath, [...CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += String(c)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", (line) => {
      resolve({
        line,
        ms: Date.now() - started,
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
    child.once("exit", (code) => reject(new Error(`emulators exited (${code}) before printing: ${stderr}`)));
  });
}

describe("emulators CLI", () => {
  it("--json prints one line with both URLs and tokens once listening, and stops cleanly on SIGTERM", async () => {
    const cli = await startCli(["--json"]);
    const info = JSON.parse(cli.line) as { intercom: { url: string; token: string }; oomnitza: { url: string; token: string } };
    expect(Object.keys(info)).toEqual(["intercom", "oomnitza"]);
    expect(info.intercom).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: DEFAULT_TOKENS.intercom });
    expect(info.oomnitza).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: DEFAULT_TOKENS.oomnitza });
    const admins = await call(`${info.intercom.url}/admins`, { headers: intercomHeaders(info.intercom.token) });
    expect((admins.body as { admins: unknown[] }).admins).toHaveLength(40);
    const users = await call(`${info.oomnitza.url}/api/v3/users?limit=1`, { headers: oomnitzaHeaders(info.oomnitza.token) });
    expect(users.headers.get("x-total-count")).toBe("300");
    expect(await cli.stop()).toBe(0);
  }, 20_000);

  it("without --json prints export lines to paste, which point at the running emulators", async () => {
    const child = spawn(process.execPath, CLI, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    await new Promise<void>((resolve) => child.stdout.on("data", (c) => ((out += String(c)), out.includes("Press Ctrl+C") && resolve())));
    const exports = Object.fromEntries([...out.matchAll(/(\w+)=(\S+)/g)].filter((m) => /^(INTERCOM|OOMNITZA)_(URL|TOKEN)$/.test(m[1] as string)).map((m) => [m[1], m[2]]));
    expect(Object.keys(exports).sort()).toEqual(["INTERCOM_TOKEN", "INTERCOM_URL", "OOMNITZA_TOKEN", "OOMNITZA_URL"]);
    expect(out).toMatch(/^ {2}export INTERCOM_URL=/m);
    expect((await call(`${exports.INTERCOM_URL}/admins`, { headers: intercomHeaders(exports.INTERCOM_TOKEN) })).status).toBe(200);
    child.kill("SIGTERM");
    await new Promise((resolve) => child.on("exit", resolve));
  });

  it("--admins 2000 --users 20000 --json listens quickly and serves the full admin list in one answer", async () => {
    const cli = await startCli(["--admins", "2000", "--users", "20000", "--json"]);
    // Acceptance asks for under 5 s; the limit here is loose so a busy CI machine does not flake.
    console.log(`emulators with 2000 admins and 20000 people listening after ${cli.ms} ms`);
    expect(cli.ms).toBeLessThan(15_000);
    const info = JSON.parse(cli.line) as { intercom: { url: string; token: string }; oomnitza: { url: string; token: string } };
    const admins = await call(`${info.intercom.url}/admins?display_avatar=true`, { headers: intercomHeaders(info.intercom.token) });
    expect((admins.body as { admins: unknown[] }).admins).toHaveLength(2000);
    const users = await call(`${info.oomnitza.url}/api/v3/users?limit=1000`, { headers: oomnitzaHeaders(info.oomnitza.token) });
    expect(users.headers.get("x-total-count")).toBe("20000");
    expect(users.body as unknown[]).toHaveLength(1000);
    expect(await cli.stop()).toBe(0);
  }, 30_000);

  it("--latency delays every answer", async () => {
    const cli = await startCli(["--json", "--latency", "200"]);
    const info = JSON.parse(cli.line) as { intercom: { url: string; token: string }; oomnitza: { url: string; token: string } };
    for (const [url, init] of [[`${info.intercom.url}/me`, { headers: intercomHeaders(info.intercom.token) }], [`${info.oomnitza.url}/api/v2/mappings?name=AuthTest`, { headers: oomnitzaHeaders(info.oomnitza.token) }]] as const) {
      const t = Date.now();
      expect((await call(url, init)).status).toBe(200);
      expect(Date.now() - t).toBeGreaterThanOrEqual(195);
    }
    expect(await cli.stop()).toBe(0);
  }, 20_000);

  it("--profile strict starts the Oomnitza emulator strict: CSRF on writes, 200 rows a page", async () => {
    const cli = await startCli(["--json", "--profile", "strict"]);
    const info = JSON.parse(cli.line) as { intercom: { url: string; token: string }; oomnitza: { url: string; token: string } };
    const check = await call(`${info.oomnitza.url}/api/v2/mappings?name=AuthTest`, { headers: oomnitzaHeaders(info.oomnitza.token) });
    expect(check.headers.get("x-csrf-token")).toMatch(/^[0-9a-f]{40}$/);
    const denied = await call(`${info.oomnitza.url}/api/v3/users`, { method: "POST", headers: oomnitzaHeaders(info.oomnitza.token), body: JSON.stringify({ username: "x@example.com", role: 25 }) });
    expect(denied.status).toBe(403);
    const page = await call(`${info.oomnitza.url}/api/v3/users?limit=1000`, { headers: oomnitzaHeaders(info.oomnitza.token) });
    expect(page.body as unknown[]).toHaveLength(200);
    expect(page.headers.get("x-total-count")).toBe("300");
    expect(await cli.stop()).toBe(0);
  }, 20_000);

  it("--help explains the flags and exits 0; an unknown flag exits 2", () => {
    const help = spawnSync(process.execPath, [...CLI, "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    for (const flag of ["--admins", "--users", "--seed", "--intercom-port", "--oomnitza-port", "--latency", "--profile", "--json"]) expect(help.stdout).toContain(flag);
    const bad = spawnSync(process.execPath, [...CLI, "--nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--nope");
  }, 20_000);

  it("parses its flags", () => {
    expect(parseCliArgs(["--admins", "5", "--users=7", "--seed", "3", "--intercom-port", "0", "--latency", "20:5", "--json"])).toMatchObject({ admins: 5, users: 7, seed: 3, intercomPort: 0, latency: { fixedMs: 20, jitterMs: 5 }, json: true });
    expect(() => parseCliArgs(["--admins", "many"])).toThrow(UsageError);
    expect(() => parseCliArgs(["--latency", "fast"])).toThrow(UsageError);
    expect(parseCliArgs([]).profile).toBe("friendly");
    expect(parseCliArgs(["--profile", "strict"]).profile).toBe("strict");
    expect(parseCliArgs(["--profile=friendly"]).profile).toBe("friendly");
    expect(() => parseCliArgs(["--profile", "lax"])).toThrow(/--profile needs friendly or strict/);
  });
});
