// Preloaded into the bundle's process with `node --import`: reports the process's
// own peak RSS on exit, so the figure covers one sync and not the emulators.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    // resourceUsage().maxRSS is in kilobytes.
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
