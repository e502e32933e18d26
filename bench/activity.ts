/**
 * The activity log's cost (issue 15): a steady-state sync at N admins with
 * `activity-days: 30`, at two densities of the log. Intercom pages the log with a
 * cursor, so its pages go one after another: their cost is pages × latency on top of
 * the reads that run alongside. Each row gives the events in the window, the log pages
 * read against the floor's, and the whole run's requests against floor + 2.
 */
import { generatedDataset, loginEvent, startIntercomEmulator, startOomnitzaEmulator, type ActivityLog, type IntercomAdmin } from "../emulators/index.js";
import { activityLogPages, requestFloor } from "./floor.js";
import { runOurs } from "./ours.js";

const DAY = 86400;
const LOG_ROUTE = "GET /admins/activity_logs";

export interface ActivityRow {
  n: number;
  density: string;
  /** Events dated inside the 30-day window. */
  events: number;
  /** Log pages the sync read, and the fewest that hold the window's events. */
  pages: number;
  floorPages: number;
  /** All requests of the run, and the floor (log pages included). */
  requests: number;
  floor: number;
  /** The engine's duration, and the share the cursor-paged log takes at the latency. */
  engineMs: number;
  logMs: number;
}

/** A busy workspace: every admin signs in every working day of the window (and the generator's own events). */
function busyLog(admins: IntercomAdmin[], now: number): ActivityLog[] {
  const events: ActivityLog[] = [];
  for (const admin of admins) {
    if (admin.type !== "admin" || !admin.email) continue;
    for (let day = 0; day < 30; day++) {
      if (day % 7 >= 5) continue;
      events.push(loginEvent({ id: `busy-${admin.id}-${day}`, admin, at: now - day * DAY - 3600, signInMethod: "google_sso" }));
    }
  }
  return events;
}

export async function benchActivity(n: number, latencyMs: number): Promise<ActivityRow[]> {
  const rows: ActivityRow[] = [];
  for (const density of ["generated (0–3 sign-ins per admin)", "busy (a sign-in every working day)"]) {
    const { admins, users } = generatedDataset(n, 10 * n, 1, { overlap: 0 });
    const intercom = await startIntercomEmulator({ admins, rateLimit: null });
    const oomnitza = await startOomnitzaEmulator({ users });
    try {
      const now = Math.floor(Date.now() / 1000);
      if (density.startsWith("busy")) intercom.activityLogs = [...intercom.activityLogs, ...busyLog(admins, now)];
      const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "activity-days": "30" };
      await runOurs(inputs); // the first sync: everyone created, last logins written
      intercom.controls.setLatency("*", latencyMs);
      oomnitza.controls.setLatency("*", latencyMs);
      intercom.log.reset();
      oomnitza.log.reset();
      const ours = await runOurs(inputs);
      const events = intercom.activityLogs.filter((event) => event.created_at >= now - 30 * DAY).length;
      const pages = intercom.log.count(LOG_ROUTE);
      const writes = oomnitza.log.writes().length;
      rows.push({
        n,
        density,
        events,
        pages,
        floorPages: activityLogPages(events),
        requests: intercom.log.count() + oomnitza.log.count(),
        floor: requestFloor(oomnitza.users.size, writes, activityLogPages(events)),
        engineMs: ours.engineMs,
        logMs: pages * latencyMs,
      });
    } finally {
      await intercom.close();
      await oomnitza.close();
    }
  }
  return rows;
}

export function renderActivity(rows: ActivityRow[], latencyMs: number): string {
  const lines = [
    `Activity log, \`activity-days: 30\`, steady state, ${latencyMs} ms per request:`,
    "",
    "| N | log density | events in window | log pages (floor) | requests (floor + 2) | sync | log's share |",
    "|---:|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    lines.push(`| ${r.n} | ${r.density} | ${r.events} | ${r.pages} (${r.floorPages}) | ${r.requests} (${r.floor + 2}) | ${(r.engineMs / 1000).toFixed(2)} s | ${(r.logMs / 1000).toFixed(2)} s |`);
  }
  return lines.join("\n");
}
