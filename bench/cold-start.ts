import { generatedDataset } from "../emulators/data.js";
import { startIntercomEmulator } from "../emulators/intercom.js";
import { startOomnitzaEmulator } from "../emulators/oomnitza.js";
import { runOurs } from "./ours.js";

export interface ColdStart {
  medianMs: number;
  minMs: number;
  runs: number[];
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
  try {
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
  return { medianMs: sorted[Math.floor(sorted.length / 2)] as number, minMs: sorted[0] as number, runs: times };
}
