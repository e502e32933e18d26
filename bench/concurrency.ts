/**
 * Adaptive write concurrency against a server that takes only so many writes at once:
 * a first sync of N admins with a fixed latency, the Oomnitza emulator answering 429 to
 * a write while K are in flight. The same sync runs twice from the same data: with the
 * defaults (the limit adapts) and with the limit fixed at the default start.
 */
import { generatedDataset, startIntercomEmulator, startOomnitzaEmulator } from "../emulators/index.js";
import { runOurs, type OurRun } from "./ours.js";
import { restorePeople, snapshotPeople } from "./state.js";

export interface ConcurrencyCase {
  label: string;
  inputs: Record<string, string>;
  run: OurRun;
  /** Writes the emulator refused with its 429 (each retried by the sync). */
  refused: number;
  /** The most writes the emulator held at once. */
  serverMost: number;
}

export interface ConcurrencyBench {
  n: number;
  latencyMs: number;
  /** Writes the emulator takes at once. */
  allowed: number;
  /** N × latency ÷ K: the time the writes take at the server's own limit. */
  idealMs: number;
  cases: ConcurrencyCase[];
}

export const CONCURRENCY_SETUP = { n: 1000, latencyMs: 100, allowed: 8 };

export async function benchConcurrency(setup = CONCURRENCY_SETUP): Promise<ConcurrencyBench> {
  const { n, latencyMs, allowed } = setup;
  const { admins, users } = generatedDataset(n, 10 * n, 1, { overlap: 0 });
  const intercom = await startIntercomEmulator({ admins, activityLogs: [], rateLimit: null });
  const oomnitza = await startOomnitzaEmulator({ users, writeLimit: { maxInFlight: allowed } });
  intercom.controls.setLatency("*", latencyMs);
  oomnitza.controls.setLatency("*", latencyMs);
  const before = snapshotPeople(oomnitza);
  const base = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token };
  const variants: Array<{ label: string; inputs: Record<string, string> }> = [
    { label: "adaptive (defaults: start 4, max 16)", inputs: {} },
    { label: "fixed at 4 (max-write-concurrency: 4)", inputs: { "max-write-concurrency": "4" } },
  ];
  const cases: ConcurrencyCase[] = [];
  try {
    for (const variant of variants) {
      restorePeople(oomnitza, before);
      oomnitza.log.reset();
      intercom.log.reset();
      oomnitza.controls.mostWritesInFlight = 0;
      const run = await runOurs({ ...base, ...variant.inputs });
      const refused = oomnitza.log.entries.filter((e) => e.fault === "write-limit").length;
      cases.push({ ...variant, run, refused, serverMost: oomnitza.controls.mostWritesInFlight });
      console.error(`write concurrency, ${variant.label}: ${run.engineMs} ms, created ${run.counts.created}, failed ${run.counts.failed}, reached ${run.writeConcurrency?.reached}, ${refused} writes refused`);
    }
  } finally {
    await intercom.close();
    await oomnitza.close();
  }
  return { n, latencyMs, allowed, idealMs: (n * latencyMs) / allowed, cases };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function renderConcurrency(b: ConcurrencyBench): string {
  const lines = [
    `First sync of N = ${b.n} (M = ${10 * b.n} people) at ${b.latencyMs} ms latency, Oomnitza taking ${b.allowed} writes in flight (429 above that); ` +
      `${b.n} × ${b.latencyMs} ms ÷ ${b.allowed} = ${seconds(b.idealMs)}, target ≤ 1.3 × that = ${seconds(1.3 * b.idealMs)}.`,
    "",
    "| writes | wall (ours) | ÷ (N × latency ÷ K) | created | failed | in flight at most (report) | refused with 429 |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const c of b.cases) {
    const reached = c.run.writeConcurrency?.reached ?? 0;
    lines.push(`| ${c.label} | ${seconds(c.run.engineMs)} | ${(c.run.engineMs / b.idealMs).toFixed(2)} | ${c.run.counts.created ?? 0} | ${c.run.counts.failed ?? 0} | ${reached} | ${c.refused} |`);
  }
  return lines.join("\n");
}
