/**
 * `npm run demo:cli`: the command-line runner against the emulators with the demo data,
 * twice (the second run changes nothing). The CLI's own output goes straight to this
 * terminal, so it shows colour and the progress line as a user would see them.
 */
import { spawn } from "node:child_process";
import { demoDataset } from "../emulators/index.js";
import { startIntercomEmulator } from "../emulators/index.js";
import { startOomnitzaEmulator } from "../emulators/index.js";
import { CLI_BUNDLE } from "../__tests__/support/run-cli.js";

function runCli(env: Record<string, string>, args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { env: { ...process.env, ...env }, stdio: "inherit" });
  return new Promise((resolve) => child.on("close", resolve));
}

const { admins, users } = demoDataset();
const intercom = await startIntercomEmulator({ admins });
const oomnitza = await startOomnitzaEmulator({ users });
try {
  const env = { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token };
  const args = process.argv.slice(2);
  console.log(`$ intercom-oomnitza-sync ${args.join(" ")}`.trimEnd());
  const first = await runCli(env, args);
  console.log(`\n(exit status ${first})\n\n$ intercom-oomnitza-sync ${args.join(" ")}   # again: nothing changes`.trimEnd());
  const second = await runCli(env, args);
  console.log(`\n(exit status ${second})`);
  if (first !== 0 || second !== 0) process.exitCode = 1;
} finally {
  await intercom.close();
  await oomnitza.close();
}
