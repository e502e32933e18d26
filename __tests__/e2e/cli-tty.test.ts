import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset } from "../../emulators/index.js";
import { startIntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator } from "../../emulators/index.js";
import { CLI_BUNDLE, runCommand } from "../support/run-cli.js";

let running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

// util-linux `script` gives the child a real pseudo-terminal, so isTTY is true as for a person at a terminal.
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function runOnTerminal(extraEnv: Record<string, string>) {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  running.push(intercom, oomnitza);
  const env = { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token, TERM: "xterm", COLUMNS: "120", ...extraEnv };
  return runCommand("script", ["-q", "-e", "-c", `${quote(process.execPath)} ${quote(CLI_BUNDLE)}`, "/dev/null"], env);
}

describe.skipIf(!hasScript)("the built CLI on a terminal", () => {
  it("uses colour and shows a progress line for a run with many writes", async () => {
    const run = await runOnTerminal({});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\x1b\[32m✔ Sync succeeded/);
    // 20 creates and 14 updates of the demo data: every write is counted.
    expect(run.stdout).toMatch(/Writing to Oomnitza: 34\/34 \(100%\)/);
  });

  it("never uses colour with NO_COLOR set, even on a terminal", async () => {
    const run = await runOnTerminal({ NO_COLOR: "1" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✔ Sync succeeded");
    expect(run.stdout).not.toContain("\x1b");
  });
});
