/**
 * `npm run demo`: starts both emulators with the seeded demo data on free ports, runs
 * the bundled action (dist/index.js) exactly as GitHub would, prints its job summary,
 * then runs it again to show that a second run changes nothing. A fake GitHub holds the
 * report artifacts of five earlier runs, so the summary draws the trend.
 */
import { strToU8, zipSync } from "fflate";
import { demoDataset, startGitHubFake, type FakeArtifact } from "../emulators/index.js";
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

/** The report artifacts of earlier daily runs: a few more seats each week, idle seats creeping up. */
function earlierRuns(): FakeArtifact[] {
  const figures = [
    { teammates: 34, inboxSeats: 29, idleSeats: 17 },
    { teammates: 35, inboxSeats: 30, idleSeats: 19 },
    { teammates: 36, inboxSeats: 31, idleSeats: 20 },
    { teammates: 38, inboxSeats: 33, idleSeats: 22 },
    { teammates: 38, inboxSeats: 33, idleSeats: 23 },
  ];
  return figures.map((seats, i) => {
    const startedAt = new Date(Date.now() - (figures.length - i) * 86_400_000).toISOString();
    const report = { schemaVersion: 1, status: "success", startedAt, seats: { ...seats, idleDays: 30, activityDays: 7, idle: [] } };
    return { id: 100 + i, name: "intercom-oomnitza-sync-report", workflow_run_id: 5000 + i, created_at: startedAt, zip: zipSync({ "report.json": strToU8(JSON.stringify(report)) }) };
  });
}

async function main(): Promise<void> {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  const github = await startGitHubFake({ repository: "acme/people-sync", artifacts: earlierRuns(), runs: [{ id: 6001, workflow_id: 1, status: "in_progress", conclusion: null, run_started_at: new Date().toISOString() }] });
  const env = { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: "https://github.example", GITHUB_REPOSITORY: "acme/people-sync", GITHUB_RUN_ID: "6001" };
  const runs: BundleRun[] = [];
  try {
    console.log(`Intercom emulator: ${intercom.url} (${admins.length} entries)  Oomnitza emulator: ${oomnitza.url} (${users.length} people)`);
    const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "github-token": github.token };
    const first = await runBundle(inputs, { env });
    runs.push(first);
    show("First run: node dist/index.js", first);
    const writes = oomnitza.log.writes().length;
    oomnitza.log.reset();
    const second = await runBundle(inputs, { env });
    runs.push(second);
    show("Second run: nothing should change", second);
    console.log(bold(`\nOomnitza writes: first run ${writes}, second run ${oomnitza.log.writes().length}.`));
    if (first.code !== 0 || second.code !== 0 || second.outputs.created !== "0" || second.outputs.updated !== "0") process.exitCode = 1;
  } finally {
    // The runs' workspaces (summary, outputs, report file) are temporary: nothing is left behind.
    runs.forEach((run) => removeDir(run.workspace));
    await intercom.close();
    await oomnitza.close();
    await github.close();
  }
}

await main();
