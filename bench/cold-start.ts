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
  bareNodeRuns: number[];
  /** The bundle's median minus node's own. */
  overNodeMs: number;
}

/**
 * Time from spawning `node dist/index.js` to the first request either emulator sees:
 * module loading, settings and the first socket. The emulators log arrival times on
 * the same clock as the spawn, so no clock skew enters. Node's own start-up to a first
 * request (`node -e` with one `http.get`) is measured in turns with the bundle, so a
 * machine busy with other work slows both alike.
 */
export async function measureColdStart(runs: number): Promise<ColdStart> {
  const { admins, users } = generatedDataset(10, 100, 7, { overlap: 0.5 });
  const intercom = await startIntercomEmulator({ admins, activityLogs: [] });
  const oomnitza = await startOomnitzaEmulator({ users });
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token };
  const times: number[] = [];
  const bare: number[] = [];
  const firstRequest = () => Math.min(...intercom.log.entries.map((e) => e.at), ...oomnitza.log.entries.map((e) => e.at));
  try {
    for (let i = 0; i < runs; i++) {
      intercom.log.reset();
      oomnitza.log.reset();
      const spawnedAt = Date.now();
      const child = spawn(process.execPath, ["-e", `require("node:http").get(${JSON.stringify(`${intercom.url}/me`)}, (r) => r.resume())`], { stdio: "ignore" });
      await new Promise((resolve) => child.on("close", resolve));
      bare.push(firstRequest() - spawnedAt);

      intercom.log.reset();
      oomnitza.log.reset();
      const run = await runOurs(inputs);
      times.push(firstRequest() - run.spawnedAt);
    }
  } finally {
    await intercom.close();
    await oomnitza.close();
  }
  const medianMs = median(times);
  const bareNodeMedianMs = median(bare);
  return { medianMs, minMs: Math.min(...times), runs: times, bareNodeMedianMs, bareNodeRuns: bare, overNodeMs: medianMs - bareNodeMedianMs };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
