/**
 * `npm run test:faults`: every fault the emulators can produce × every phase of a sync
 * (fetch, read, create, update, SaaS steps), each followed by a fault-free run. Prints
 * the figures (docs/reliability.md) and exits 1 unless every case is clean, converged,
 * duplicate-free and leak-free.
 */
import { faultCases, PHASES, PROFILES, runCase, table, type CaseResult } from "../__tests__/faults/matrix.js";

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
process.exitCode = failures.length ? 1 : 0;
