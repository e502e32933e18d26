/**
 * `npm run test:faults`: every fault the emulators can produce × every phase of a sync
 * (fetch, read, create, update, SaaS steps), each followed by a fault-free run. Prints
 * the figures (docs/reliability.md) and exits 1 unless every case is clean, converged,
 * duplicate-free and leak-free. Then the hostile-input cases (issue 14), each through
 * the committed bundle, with their time, peak memory and secrets found.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { faultCases, PHASES, PROFILES, runCase, table, type CaseResult } from "../__tests__/faults/matrix.js";
import { hostileTable, type HostileCase, type HostileResult } from "../__tests__/faults/hostile.js";
import { HOSTILE_CASES } from "../__tests__/faults/hostile-cases.js";
import { CANCEL_CASES } from "../__tests__/faults/hostile-cancel.js";
import { INSTANCE_CASES } from "../__tests__/faults/hostile-instances.js";

// Bundle workspaces and report files go under one folder, removed at the end.
const temp = mkdtempSync(path.join(os.tmpdir(), "ios-faults-"));
process.env.INTERCOM_OOMNITZA_SYNC_TEST_TMP = temp;

const results: CaseResult[] = [];
const started = Date.now();
for (const profile of PROFILES) {
  for (const phase of PHASES) {
    const cases = faultCases(phase);
    const outcomes = await Promise.all(cases.map((fault) => runCase(phase, fault, profile)));
    results.push(...outcomes);
    const bad = outcomes.filter((r) => !r.clean || !r.converged || r.duplicates || r.leaks);
    console.log(`${profile.padEnd(9)} ${phase.name.padEnd(17)} ${String(cases.length).padStart(3)} faults  ${bad.length ? `${bad.length} NOT OK` : "all ok"}`);
  }
}

console.log("\n| Oomnitza profile | phase | faults | first run ok | first run failed cleanly | converged | duplicates | leaked secrets |");
console.log("|---|---|---|---|---|---|---|---|");
for (const profile of PROFILES) {
  for (const phase of PHASES) {
    const rows = results.filter((r) => r.phase === phase.name && r.profile === profile);
    const count = (f: (r: CaseResult) => boolean) => rows.filter(f).length;
    console.log(
      `| ${profile} | ${phase.name} | ${rows.length} | ${count((r) => r.firstStatus === "success")} | ${count((r) => r.firstStatus !== "success" && r.clean)} | ${count((r) => r.converged)} | ${rows.reduce((n, r) => n + r.duplicates, 0)} | ${rows.reduce((n, r) => n + r.leaks, 0)} |`,
    );
  }
}
console.log(`\n${table(results)}\n`);
const failures = results.filter((r) => !r.clean || !r.converged || r.duplicates || r.leaks);
for (const r of failures) console.log(`NOT OK: ${r.profile} / ${r.phase} / ${r.fault}: first run ${r.firstStatus} ${r.firstReason ?? ""}; converged ${r.converged}; duplicates ${r.duplicates}; leaks ${r.leaks}`);
console.log(`${results.length} fault cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// One at a time: each case's peak memory is its own process's, and the timings are not shared.
const hostile: Array<{ kase: HostileCase; result: HostileResult }> = [];
const hostileStarted = Date.now();
for (const kase of [...HOSTILE_CASES, ...INSTANCE_CASES, ...CANCEL_CASES]) {
  let result: HostileResult;
  try {
    result = await kase.run();
  } catch (err) {
    result = { outcome: "crashed", ms: 0, peakMb: Number.NaN, secretsFound: 0, problems: [`the case threw: ${err instanceof Error ? err.message : String(err)}`] };
  }
  hostile.push({ kase, result });
  const extra = Object.entries(result.figures ?? {}).map(([name, value]) => `, ${name} ${value}`).join("");
  console.log(`hostile ${kase.point.padEnd(10)} ${kase.id.padEnd(22)} ${result.problems.length ? "NOT OK" : "ok"}${extra}`);
}
console.log(`\n${hostileTable(hostile)}\n`);
const hostileFailures = hostile.filter(({ result }) => result.problems.length > 0 || result.secretsFound > 0);
for (const { kase, result } of hostileFailures) console.log(`NOT OK: hostile ${kase.id}: ${result.problems.join("; ")}`);
console.log(`${hostile.length} hostile cases in ${((Date.now() - hostileStarted) / 1000).toFixed(1)} s`);
rmSync(temp, { recursive: true, force: true });
process.exitCode = failures.length || hostileFailures.length ? 1 : 0;
