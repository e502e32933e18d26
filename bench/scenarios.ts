import type { IntercomEmulator } from "../emulators/index.js";
import type { OomnitzaEmulator } from "../emulators/index.js";

export interface Scenario {
  id: string;
  title: string;
  /** Extra action inputs (the mapping of scenario 4). */
  inputs: Record<string, string>;
  /** Puts the emulators in the scenario's state; returns the writes a sync needs. */
  prepare(intercom: IntercomEmulator, oomnitza: OomnitzaEmulator, n: number): number;
}

/** The default mapping, but the sync time written on every run: every matched person is updated. */
const SYNC_TIME_ALWAYS = "extends: default\nfields:\n  intercom_sync_time: { source: sync_time, on: always }\n";

/** The scenarios run in this order on the same emulators: each starts from the last one's result. */
export const SCENARIOS: Scenario[] = [
  { id: "first", title: "1. first sync", inputs: {}, prepare: (_ic, _oo, n) => n },
  { id: "steady", title: "2. steady state", inputs: {}, prepare: () => 0 },
  {
    id: "changed",
    title: "3. 1% changed",
    inputs: {},
    prepare(intercom) {
      // Every hundredth admin got a new job title, spread over the list as in real life.
      let changed = 0;
      intercom.admins.forEach((admin, i) => {
        if (i % 100 !== Math.min(50, intercom.admins.length - 1)) return;
        admin.job_title = `${admin.job_title ?? "Support"} (lead)`;
        changed++;
      });
      return changed;
    },
  },
  {
    id: "always",
    title: "4. steady, sync time always",
    inputs: { mapping: SYNC_TIME_ALWAYS },
    prepare(_ic, oomnitza) {
      // A daily run: every synced person carries yesterday's sync time, so each needs an update.
      let synced = 0;
      for (const user of oomnitza.users.values()) {
        if (user.intercom_id === undefined || user.intercom_id === null) continue;
        user.intercom_sync_time = "2020-01-01T00:00:00Z";
        synced++;
      }
      return synced;
    },
  },
];
