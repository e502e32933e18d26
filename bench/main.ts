/**
 * `npm run bench`: our sync (the committed bundle, one process per run) against the
 * request floor and a naive baseline, on both emulators with a fixed latency.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { generatedDataset } from "../emulators/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../emulators/index.js";
import { needsActivity } from "../src/engine/read.js";
import { loadParsers, parseSettings } from "../src/settings/index.js";
import { benchActivity, renderActivity } from "./activity.js";
import { measureColdStart } from "./cold-start.js";
import { benchConcurrency, renderConcurrency } from "./concurrency.js";
import { jsonParseCpuMs, readBodiesAgain } from "./cpu-floor.js";
import { activityLogPages, floorTimeMs, requestFloor } from "./floor.js";
import { runNaive } from "./naive.js";
import { parseBenchArgs, type BenchOptions } from "./options.js";
import { runOurs } from "./ours.js";
import { SCENARIOS } from "./scenarios.js";
import { restorePeople, snapshotPeople } from "./state.js";
import { endpoints, renderTable, type Row } from "./table.js";
import { judgeTargets, renderVerdicts } from "./targets.js";

async function benchSize(n: number, options: BenchOptions): Promise<Row[]> {
  const { admins, users } = generatedDataset(n, 10 * n, 1, { overlap: 0 });
  const intercom = await startIntercomEmulator({ admins, activityLogs: [], rateLimit: null });
  const oomnitza = await startOomnitzaEmulator({ users });
  intercom.controls.setLatency("*", options.latencyMs);
  oomnitza.controls.setLatency("*", options.latencyMs);
  const rows: Row[] = [];
  try {
    for (const scenario of SCENARIOS) {
      const writes = scenario.prepare(intercom, oomnitza, n);
      const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, ...scenario.inputs };
      const before = snapshotPeople(oomnitza);
      const people = before.length;

      resetLogs(intercom, oomnitza);
      const ours = await runOurs(inputs);
      const byRoute = { ...intercom.log.counts(), ...oomnitza.log.counts() };
      const requests = intercom.log.count() + oomnitza.log.count();
      const after = snapshotPeople(oomnitza);
      // The CPU floor: JSON.parse alone over the same answers, read again (nothing changed in the steady state).
      const parseCpuMs = scenario.id === "steady" ? jsonParseCpuMs(await readBodiesAgain(intercom, oomnitza, { intercom: intercom.log.entries, oomnitza: oomnitza.log.entries })) : undefined;

      // The naive baseline starts from the same people and its result is thrown away.
      restorePeople(oomnitza, before);
      resetLogs(intercom, oomnitza);
      const settings = parseSettings(inputs, { cwd: process.cwd() });
      const sample = n > options.naiveFullUpTo ? options.naiveSample : undefined;
      const naive = await runNaive(settings, { sample, expectedWrites: writes });
      restorePeople(oomnitza, after);

      // The default mapping fills last logins, so the run reads the activity log: one empty page here.
      const floor = requestFloor(people, writes, needsActivity(settings) ? activityLogPages(0) : 0);
      const row: Row = { n, people, scenario: scenario.title, scenarioId: scenario.id, ours, byRoute, requests, floor, floorMs: floorTimeMs(people, writes, options.latencyMs), naive, parseCpuMs };
      rows.push(row);
      const ourWrites = (byRoute["POST /api/v3/users"] ?? 0) + (byRoute["PATCH /api/v3/users/:id"] ?? 0);
      if (ourWrites !== writes) console.error(`  warning: the scenario needs ${writes} writes but the sync sent ${ourWrites}`);
      console.error(
        `N=${n} ${scenario.title}: ours ${requests} requests (${endpoints(byRoute)}) in ${ours.engineMs} ms, ${ours.peakRssMb.toFixed(0)} MB, CPU ${Math.round(ours.syncCpuMs)} ms` +
          `${parseCpuMs ? ` (JSON.parse ${Math.round(parseCpuMs)} ms)` : ""}; ` +
          `floor ${floor}; naive ${Math.round(naive.wallMs)} ms${naive.estimated ? ` (estimated from ${naive.processed} admins)` : ""}`,
      );
    }
  } finally {
    await intercom.close();
    await oomnitza.close();
  }
  return rows;
}

function resetLogs(intercom: IntercomEmulator, oomnitza: OomnitzaEmulator): void {
  intercom.log.reset();
  oomnitza.log.reset();
}

function machine(): string {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu;
  } catch {
    /* not Linux: keep os.cpus()'s name */
  }
  return `${os.availableParallelism()} cores (nproc), ${cpu}, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  await loadParsers(); // scenario 4 gives a mapping
  const started = Date.now();
  console.error(`Benchmark: latency ${options.latencyMs} ms per request, N ∈ {${options.sizes.join(", ")}}, M = 10 × N${options.quick ? " (quick)" : ""}`);
  const cold = await measureColdStart(options.coldStartRuns);
  console.error(`Cold start of dist/index.js to its first request: median ${cold.medianMs} ms (runs: ${cold.runs.join(", ")} ms); node's own: median ${cold.bareNodeMedianMs} ms (runs: ${cold.bareNodeRuns.join(", ")} ms)`);
  const rows: Row[] = [];
  for (const n of options.sizes) rows.push(...(await benchSize(n, options)));
  const activity = await benchActivity(1000, options.latencyMs);
  const writes = options.concurrency ? await benchConcurrency() : undefined;

  console.log(`Machine: ${machine()}. Latency ${options.latencyMs} ms per request; reads 4 at a time, writes from 4 growing up to 16 (the defaults).\n`);
  console.log(renderTable(rows));
  if (rows.some((r) => r.naive.estimated)) {
    console.log(`\n(est.) = the naive baseline ran over the first ${options.naiveSample} admins and its per-admin time was multiplied by N; its requests are 1 + N lookups + the writes.`);
  }
  console.log(`\nCPU (ours) = the sync process's CPU time (user + system) from its first request to its exit; CPU ÷ JSON.parse = that over JSON.parse alone on the same answers (steady state).`);
  if (writes) console.log(`\n${renderConcurrency(writes)}`);
  console.log(
    `\nCold start of \`node dist/index.js\` to its first request: median ${cold.medianMs} ms, best ${cold.minMs} ms over ${cold.runs.length} runs; ` +
      `\`node -e\` sending one request (node's own start-up), in turns with it: median ${cold.bareNodeMedianMs} ms; difference ${Math.round(cold.overNodeMs)} ms.\n`,
  );
  console.log(`${renderActivity(activity, options.latencyMs)}\n`);
  console.log(renderVerdicts(judgeTargets(rows, cold, writes)));
  console.log(`\nBenchmark took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

await main();
