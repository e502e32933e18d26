/** `npm run emulators`: both emulators on loopback until Ctrl+C. */
import { parseCliArgs, USAGE, UsageError, type CliOptions } from "./kit/cli-args.js";
import { demoDataset, generatedDataset } from "./data/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "./intercom/emulator.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "./oomnitza/emulator.js";

function dataset(o: CliOptions) {
  if (o.admins === undefined && o.users === undefined) return demoDataset(o.seed);
  return generatedDataset(o.admins ?? 40, o.users ?? 300, o.seed);
}

function describe(ic: IntercomEmulator, oo: OomnitzaEmulator, o: CliOptions): string {
  const lines = [
    "Intercom emulator (API 2.11 admins)",
    `  url      ${ic.url}   (EU: ${ic.urls.eu}, AU: ${ic.urls.au})`,
    `  token    ${ic.token}`,
    `  admins   ${ic.admins.length}`,
    "Oomnitza emulator (API v3 users, SaaS)",
    `  url      ${oo.url}`,
    `  token    ${oo.token}   (header Authorization2)`,
    `  people   ${oo.users.size}`,
  ];
  if (oo.profile !== "friendly") lines.push(`  profile  ${oo.profile} (see docs/emulators.md)`);
  if (o.latency) lines.push(`Latency    ${o.latency.fixedMs} ms${o.latency.jitterMs ? ` + up to ${o.latency.jitterMs} ms` : ""} on every answer`);
  lines.push(
    "To point the command line at them, paste into another shell:",
    `  export INTERCOM_URL=${ic.url} INTERCOM_TOKEN=${ic.token}`,
    `  export OOMNITZA_URL=${oo.url} OOMNITZA_TOKEN=${oo.token}`,
    "  node dist/cli/index.js --dry-run",
    "Press Ctrl+C to stop.",
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  let o: CliOptions;
  try {
    o = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`emulators: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const data = dataset(o);
  const [ic, oo] = await Promise.all([
    startIntercomEmulator({ port: o.intercomPort, host: o.host, admins: data.admins, seed: o.seed }),
    startOomnitzaEmulator({ port: o.oomnitzaPort, host: o.host, users: data.users, seed: o.seed, maxPageSize: o.maxPageSize, writeLimit: o.maxWritesInFlight ? { maxInFlight: o.maxWritesInFlight } : null, checkboxAsString: o.checkboxAsString, profile: o.profile }),
  ]);
  if (o.latency) {
    ic.controls.setLatency("*", o.latency);
    oo.controls.setLatency("*", o.latency);
  }
  process.stdout.write(o.json ? `${JSON.stringify({ intercom: { url: ic.url, token: ic.token }, oomnitza: { url: oo.url, token: oo.token } })}\n` : `${describe(ic, oo, o)}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    Promise.all([ic.close(), oo.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulators: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
