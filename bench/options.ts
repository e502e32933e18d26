/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  quick: boolean;
  /** Fixed delay the emulators add to every answer. */
  latencyMs: number;
  /** Admin counts N; each run has M = 10 × N Oomnitza people. */
  sizes: number[];
  /** The naive baseline runs over every admin up to this N; above it, over a sample. */
  naiveFullUpTo: number;
  /** Admins the sampled naive baseline times before its per-admin time is extrapolated. */
  naiveSample: number;
  coldStartRuns: number;
  /** Run the write-concurrency comparison (off with --no-concurrency). */
  concurrency: boolean;
}

const USAGE = "usage: npm run bench -- [--quick] [--latency MS] [--sizes 100,1000,5000] [--naive-full-up-to N] [--naive-sample K] [--cold-start-runs R] [--no-concurrency]";

export function parseBenchArgs(argv: string[]): BenchOptions {
  const quick = argv.includes("--quick");
  // The quick run must stay under two minutes, so the naive baseline is sampled sooner.
  const options: BenchOptions = quick
    ? { quick, latencyMs: 20, sizes: [100, 1000], naiveFullUpTo: 100, naiveSample: 100, coldStartRuns: 9, concurrency: true }
    : { quick, latencyMs: 20, sizes: [100, 1000, 5000], naiveFullUpTo: 1000, naiveSample: 250, coldStartRuns: 9, concurrency: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--quick") continue;
    if (flag === "--no-concurrency") {
      options.concurrency = false;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag}: needs a value\n${USAGE}`);
    i++;
    if (flag === "--latency") options.latencyMs = nonNegative(flag, value);
    else if (flag === "--sizes") options.sizes = value.split(",").map((part) => nonNegative(flag, part)).filter((n) => n > 0);
    else if (flag === "--naive-full-up-to") options.naiveFullUpTo = nonNegative(flag, value);
    else if (flag === "--naive-sample") options.naiveSample = Math.max(1, nonNegative(flag, value));
    else if (flag === "--cold-start-runs") options.coldStartRuns = Math.max(1, nonNegative(flag, value));
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}

function nonNegative(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isFinite(n)) throw new Error(`${flag}: ${JSON.stringify(text)} is not a whole number\n${USAGE}`);
  return n;
}
