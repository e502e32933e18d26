/**
 * `npm run demo`: starts both emulators with the seeded demo data on free ports, runs
 * the bundled action (dist/index.js) exactly as GitHub would, prints its job summary,
 * then runs it again to show that a second run changes nothing.
 */
import { demoDataset } from "../emulators/index.js";
import { startIntercomEmulator } from "../emulators/index.js";
import { startOomnitzaEmulator } from "../emulators/index.js";
import { runBundle, type BundleRun } from "../__tests__/support/run-bundle.js";
import { removeDir } from "../__tests__/support/temp.js";

const bold = (text: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${text}\x1b[0m` : text);

/** Job-summary Markdown made readable in a terminal: tags out, escapes undone. */
export function markdownForTerminal(markdown: string): string {
  return markdown
    .replace(/<\/?details>|<summary>|<\/summary>/g, "")
    .replace(/<br>/g, "\n|   |   | ")
    .replace(/\\([\\`*_[\]|~#!])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n");
}

function show(title: string, run: BundleRun): void {
  console.log(bold(`\n━━━ ${title} ━━━ (exit code ${run.code})\n`));
  console.log(markdownForTerminal(run.summary).trim());
  console.log(bold("\nOutputs: ") + Object.entries(run.outputs).map(([k, v]) => `${k}=${v}`).join("  "));
}

async function main(): Promise<void> {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  const runs: BundleRun[] = [];
  try {
    console.log(`Intercom emulator: ${intercom.url} (${admins.length} entries)  Oomnitza emulator: ${oomnitza.url} (${users.length} people)`);
    const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token };
    const first = await runBundle(inputs);
    runs.push(first);
    show("First run: node dist/index.js", first);
    const writes = oomnitza.log.writes().length;
    oomnitza.log.reset();
    const second = await runBundle(inputs);
    runs.push(second);
    show("Second run: nothing should change", second);
    console.log(bold(`\nOomnitza writes: first run ${writes}, second run ${oomnitza.log.writes().length}.`));
    if (first.code !== 0 || second.code !== 0 || second.outputs.created !== "0" || second.outputs.updated !== "0") process.exitCode = 1;
  } finally {
    // The runs' workspaces (summary, outputs, report file) are temporary: nothing is left behind.
    runs.forEach((run) => removeDir(run.workspace));
    await intercom.close();
    await oomnitza.close();
  }
}

await main();
