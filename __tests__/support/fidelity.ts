/**
 * Registers hooks in the calling test file so that every answer the emulators send
 * during that file is checked against the OpenAPI descriptions when the file ends.
 * Answers broken on purpose by a fault control are left out (they are meant to fail).
 */
import { afterAll, beforeAll, expect } from "vitest";
import { observeResponses, type ObservedResponse } from "../../emulators/kit/observe.js";
import { routeToOperation, validateErrorBody, validateResponse } from "./openapi.js";

export interface FidelityStats {
  checked: number;
  /** Faulted on purpose. */
  skippedFaults: number;
  /** Routes the descriptions do not cover (the Oomnitza connection check), or answers declared without a schema. */
  undescribed: number;
  /** Legacy `type: "team"` items in admin lists: not 2.11 admins, served on purpose so clients can be seen skipping them. */
  legacyTeamItems: number;
  problems: string[];
}

export function checkAnswersAgainstOpenApi(): FidelityStats {
  const stats: FidelityStats = { checked: 0, skippedFaults: 0, undescribed: 0, legacyTeamItems: 0, problems: [] };
  const seen: ObservedResponse[] = [];
  let stop = () => {};
  beforeAll(() => {
    stop = observeResponses((r) => seen.push(r));
  });
  afterAll(() => {
    stop();
    for (const r of seen) check(r, stats);
    if (process.env.FIDELITY_DEBUG) console.log("fidelity", JSON.stringify({ ...stats, problems: stats.problems.length }));
    expect(stats.problems).toEqual([]);
  });
  return stats;
}

export function check(r: ObservedResponse, stats: FidelityStats): void {
  if (r.fault) {
    stats.skippedFaults++;
    return;
  }
  const where = `${r.api} ${r.route} → ${r.status}`;
  if (r.status === 204) {
    // No content: the body must be empty, and the description must declare the 204.
    const op = routeToOperation(r.api, r.route);
    if (r.text !== "") stats.problems.push(`${where}: a 204 with a body: ${r.text.slice(0, 80)}`);
    else if (!op) stats.problems.push(`${where}: no operation in the description`);
    else {
      try {
        validateResponse(r.api, op.method, op.path, 204, undefined);
        stats.checked++;
      } catch (e) {
        stats.problems.push(`${where}: ${(e as Error).message}`);
      }
    }
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(r.text);
  } catch {
    stats.problems.push(`${where}: the body is not JSON: ${r.text.slice(0, 80)}`);
    return;
  }
  if (r.api === "intercom" && r.route === "GET /admins" && r.status === 200) {
    const list = body as { admins?: Array<{ type?: string }> };
    const teams = list.admins?.filter((a) => a.type === "team").length ?? 0;
    if (teams > 0) {
      stats.legacyTeamItems += teams;
      body = { ...list, admins: list.admins?.filter((a) => a.type !== "team") };
    }
  }
  const op = routeToOperation(r.api, r.route);
  let v;
  if (op) v = validateResponse(r.api, op.method, op.path, r.status, body);
  else if (r.status >= 400) v = validateErrorBody(r.api, body);
  else {
    stats.undescribed++;
    return;
  }
  if (v.from === "no schema declared") stats.undescribed++;
  else stats.checked++;
  if (!v.valid) stats.problems.push(`${where} (${v.from}): ${v.errors.slice(0, 5).join("; ")}`);
}
