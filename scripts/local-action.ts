/**
 * `npm run local-action [-- name=value …]`: the action run the ecosystem's way, with
 * `npx local-action run . src/action/main.ts <.env>` (@github/local-action, which stands
 * in for @actions/core and runs the TypeScript source, not dist/). Starts both emulators
 * with the seeded demo data on free ports, writes the .env file with the INPUT_* values
 * (plus any `name=value` inputs given here, e.g. records=users-and-saas-users
 * dry-run=true), shows local-action's log with the outputs, then the job summary's
 * Markdown.
 */
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator } from "../emulators/index.js";
import { runLocalAction } from "../__tests__/support/run-local-action.js";
import { removeDir } from "../__tests__/support/temp.js";

const extra: Record<string, string> = {};
for (const arg of process.argv.slice(2)) {
  const at = arg.indexOf("=");
  if (at < 1) throw new Error(`${JSON.stringify(arg)}: give inputs as name=value, e.g. dry-run=true`);
  extra[arg.slice(0, at)] = arg.slice(at + 1);
}

const { admins, users } = demoDataset();
const intercom = await startIntercomEmulator({ admins });
const oomnitza = await startOomnitzaEmulator({ users });
try {
  console.log(`Intercom emulator: ${intercom.url} (${admins.length} entries)  Oomnitza emulator: ${oomnitza.url} (${users.length} people)`);
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, ...extra };
  const run = await runLocalAction(inputs, { echo: true });
  try {
    // The Markdown as the action wrote it to the file GITHUB_STEP_SUMMARY names (GitHub renders it on the run's page).
    console.log("━━━ Job summary (Markdown) ━━━\n");
    console.log(run.summary.trim() || "(empty)");
    console.log(`\nOomnitza writes: ${oomnitza.log.writes().length}. The action ${run.failed ? "failed" : "succeeded"}.`);
    if (run.code !== 0 || run.failed) process.exitCode = 1;
  } finally {
    // The workspace (the .env file, the summary, the report file) is temporary: nothing is left behind.
    removeDir(run.workspace);
  }
} finally {
  await intercom.close();
  await oomnitza.close();
}
