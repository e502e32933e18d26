import { spawn } from "node:child_process";
import { generatedDataset } from "../emulators/index.js";
import { startIntercomEmulator } from "../emulators/index.js";
import { startOomnitzaEmulator } from "../emulators/index.js";
import { runOurs } from "./ours.js";

export interface ColdStart {
  medianMs: number;
  minMs: number;
  runs: number[];
  /** The same measure for `node -e` sending one request: node's own start-up, the floor. */
  bareNodeMedianMs: number;
}

/**
 * Time from spawning `node dist/index.js` to the first request either emulator sees:
 * module loading, settings and the first socket. The emulators log arrival times on
 * the same clock as the spawn, so no clock skew enters.
 */
export async function measureColdStart(runs: number): Promise<ColdStart> {
  const { admins, users } = generatedDataset(10, 100, 7, { overlap: 0.5 });
  const intercom = await startIntercomEmulator({ admins, activityLogs: [] });
  const oomnitza = await startOomnitzaEmulator({ users });
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token };
  const times: number[] = [];
  const bare: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      intercom.log.reset();
      const spawnedAt = Date.now();
      const child = spawn(process.execPath, ["-e", `require("node:http").get(${JSON.stringify(`${intercom.url}/me`)}, (r) => r.resume())`], { stdio: "ignore" });
      await new Promise((resolve) => child.on("close", resolve));
      bare.push(Math.min(...intercom.log.entries.map((e) => e.at)) - spawnedAt);
    }
    for (let i = 0; i < runs; i++) {
      intercom.log.reset();
      oomnitza.log.reset();
      const run = await runOurs(inputs);
      const first = Math.min(...intercom.log.entries.map((e) => e.at), ...oomnitza.log.entries.map((e) => e.at));
      times.push(first - run.spawnedAt);
    }
  } finally {
    await intercom.close();
    await oomnitza.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), minMs: sorted[0] as number, runs: times, bareNodeMedianMs: median(bare) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
