/**
 * A first-time user's typos (issue 25.1), through dist/cli/index.js: a mistyped
 * variable under the tool's prefix, mapping key, rule value, source or command word is
 * a usage error (exit 2) with the right name suggested, and nothing is sent.
 */
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runCli } from "../support/run-cli.js";

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

async function start() {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  running.push(intercom, oomnitza);
  const env = { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token };
  return { intercom, oomnitza, env };
}

const CASES: Array<[string, string[], Record<string, string>, RegExp]> = [
  ["a mistyped variable (IOS_DRYRUN for IOS_DRY_RUN) does not turn a dry run into a real sync", [], { IOS_DRYRUN: "true" }, /IOS_DRYRUN \(environment\) is not a setting of this tool \(did you mean IOS_DRY_RUN\?\); nothing was read or written/],
  ["a mistyped top-level mapping key (extend:)", ["--mapping", "extend: default\nfields:\n  email: email\n"], {}, /extend: unknown key \(did you mean extends\?\)/],
  ["a mistyped rule value (on: creat)", ["--mapping", "extends: default\nfields:\n  position: { source: job_title, on: creat }\n"], {}, /fields\.position\.on: "creat" is not allowed \(did you mean create\?\)/],
  ["a mistyped source name (job_titel)", ["--mapping", "extends: default\nfields:\n  position: job_titel\n"], {}, /fields\.position: unknown source "job_titel" \(did you mean job_title\?\)/],
  ["a mistyped command word (chek)", ["chek"], {}, /unexpected argument in position 1: "chek" \(did you mean check\?\)/],
];

describe("typos a new user makes", () => {
  for (const [name, args, extraEnv, expected] of CASES) {
    it(`${name}: exit 2, a suggestion, nothing sent`, async () => {
      const { intercom, oomnitza, env } = await start();
      const run = await runCli(args, { ...env, ...extraEnv });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(expected);
      expect(intercom.log.count() + oomnitza.log.count()).toBe(0);
    });
  }

  it("an IOS_ variable far from every setting (iOS tooling shares the prefix) is a warning, and the run goes on", async () => {
    const { oomnitza, env } = await start();
    const run = await runCli(["--dry-run"], { ...env, IOS_DEPLOYMENT_TARGET: "17.0" });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: IOS_DEPLOYMENT_TARGET is set but is not a setting of this tool; it is ignored/);
    expect(oomnitza.log.writes()).toEqual([]);
  });
});

describe("small words a new user reads", () => {
  it("a runtime error names where the URL came from: OOMNITZA_URL when set in the environment, --oomnitza-url when a flag", async () => {
    const { env } = await start();
    const closed = "http://127.0.0.1:9";
    const fromEnv = await runCli([], { ...env, OOMNITZA_URL: closed });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stdout + fromEnv.stderr).toMatch(/check OOMNITZA_URL \(host and port\)/);
    const fromFlag = await runCli(["--oomnitza-url", closed], env);
    expect(fromFlag.stdout + fromFlag.stderr).toMatch(/check --oomnitza-url \(host and port\)/);
  }, 30_000);

  it("--only says how many admins were read before the selection", async () => {
    const { env } = await start();
    const run = await runCli(["--only", "ada.lovelace@example.com", "--dry-run"], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Intercom returned \d+ admins; only "ada\.lovelace@example\.com" is synced \(the selection keeps 1\)/);
  });

  it("an unknown flag points to --help once", async () => {
    const run = await runCli(["--dryrun"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown flag "--dryrun"; did you mean --dry-run\?/);
    expect(run.stderr.match(/--help/g)).toHaveLength(1);
  });
});
