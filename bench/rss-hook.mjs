// Preloaded into the bundle's process with `node --import`: on exit, writes the
// process's own peak RSS and CPU time as JSON, so the figures cover one sync and not
// the emulators. CPU is counted twice: in all, and from the first HTTP request on
// (the sync's own work, without node's and the bundle's start-up).
import dc from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) {
  const ms = ({ user, system }) => (user + system) / 1000;
  let atFirstRequest;
  const onRequest = () => {
    atFirstRequest = ms(process.cpuUsage());
    dc.unsubscribe("http.client.request.start", onRequest);
  };
  dc.subscribe("http.client.request.start", onRequest);
  process.on("exit", () => {
    const cpuMs = ms(process.cpuUsage());
    // resourceUsage().maxRSS is in kilobytes.
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuMs, syncCpuMs: cpuMs - (atFirstRequest ?? cpuMs) }));
  });
}
