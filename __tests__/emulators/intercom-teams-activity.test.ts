import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TOKENS, demoDataset, generateAdmins, TEAMS } from "../../emulators/data/index.js";
import { startIntercomEmulator, type ActivityLog, type IntercomAdmin, type IntercomEmulator, type IntercomEmulatorOptions } from "../../emulators/intercom/emulator.js";
import { call, errorCode, intercomHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";
import { validateResponse } from "../support/openapi.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
checkAnswersAgainstOpenApi();

const NOW = Date.UTC(2026, 2, 1, 12); // the emulator's frozen clock
const DAY = 86400;

let emu: IntercomEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(opts: IntercomEmulatorOptions = {}): Promise<IntercomEmulator> {
  emu = await startIntercomEmulator({ admins: demoDataset().admins, clock: () => NOW, ...opts });
  return emu;
}

function get(e: IntercomEmulator, path: string, token: string = e.token) {
  return call(`${e.url}${path}`, { headers: intercomHeaders(token) });
}

interface Team {
  type: string;
  id: string;
  name: string;
  admin_ids: number[];
  admin_priority_level?: { primary_admin_ids: number[] | null; secondary_admin_ids: number[] | null };
}

/** Every log from the first page to the last, following pages.next.starting_after. */
async function allLogs(e: IntercomEmulator, after = 0): Promise<ActivityLog[]> {
  const out: ActivityLog[] = [];
  let url = `/admins/activity_logs?created_at_after=${after}&per_page=7`;
  for (let n = 0; n < 200; n++) {
    const r = await get(e, url);
    expect(r.status).toBe(200);
    const body = r.body as { activity_logs: ActivityLog[]; pages: { next: { starting_after: string } | null } };
    out.push(...body.activity_logs);
    if (!body.pages.next) return out;
    url = `/admins/activity_logs?created_at_after=${after}&per_page=7&starting_after=${encodeURIComponent(body.pages.next.starting_after)}`;
  }
  throw new Error("the activity log never ended");
}

const people = (admins: IntercomAdmin[]) => admins.filter((a) => a.type === "admin");

describe("GET /teams", () => {
  it("lists every team the admins mention, in one team.list, with members from their team_ids and priority levels", async () => {
    for (const admins of [demoDataset().admins, generateAdmins(60, 9)]) {
      const e = await start({ admins });
      const r = await get(e, "/teams");
      expect(r.status).toBe(200);
      expect(validateResponse("intercom", "get", "/teams", 200, r.body).errors).toEqual([]);
      const body = r.body as { type: string; teams: Team[] };
      expect(Object.keys(body).sort()).toEqual(["teams", "type"]); // not paginated
      expect(body.type).toBe("team.list");
      expect(body.teams.find((t) => t.id === "814865")?.name).toBe("Tier 2 Support");
      const byId = new Map(body.teams.map((t) => [t.id, t]));
      for (const a of people(admins)) {
        const mentioned = [...a.team_ids, ...(a.team_priority_level?.primary_team_ids ?? []), ...(a.team_priority_level?.secondary_team_ids ?? [])];
        for (const id of mentioned) expect(byId.has(String(id)), `team ${id} of admin ${a.id}`).toBe(true);
        for (const id of a.team_ids) expect(byId.get(String(id))?.admin_ids).toContain(Number(a.id));
        for (const id of a.team_priority_level?.primary_team_ids ?? []) expect(byId.get(String(id))?.admin_priority_level?.primary_admin_ids).toContain(Number(a.id));
      }
      for (const t of body.teams) {
        expect(t.admin_ids).toEqual(people(admins).filter((a) => a.team_ids.includes(Number(t.id))).map((a) => Number(a.id)));
      }
      expect(body.teams.map((t) => t.name)).toEqual(expect.arrayContaining(TEAMS.map((t) => t.name)));
      await e.close();
      emu = undefined;
    }
  });

  it("answers one team, 404 team_not_found for an unknown id; needs a token; custom teams replace the defaults", async () => {
    const e = await start();
    const one = await get(e, "/teams/814865");
    expect(one.body).toMatchObject({ type: "team", id: "814865", name: "Tier 2 Support", admin_ids: expect.any(Array) });
    const none = await get(e, "/teams/1");
    expect(none.status).toBe(404);
    expect(errorCode(none.body)).toBe("team_not_found");
    expect((await call(`${e.url}/teams`)).status).toBe(401);
    expect((await get(e, "/eu/teams", DEFAULT_TOKENS.intercomEu)).status).toBe(200);
    await e.close();
    const custom = await start({ teams: [{ id: "42", name: "Night Shift" }] });
    expect((await get(custom, "/teams")).body).toEqual({ type: "team.list", teams: [{ type: "team", id: "42", name: "Night Shift", admin_ids: [], admin_priority_level: { primary_admin_ids: null, secondary_admin_ids: null } }] });
  });
});

describe("GET /admins/activity_logs: generated events", () => {
  it("admin_login_success by listed admins, dated within the last days of the emulator's clock", async () => {
    const e = await start();
    const logs = await allLogs(e);
    expect(logs).toHaveLength(e.activityLogs.length);
    const logins = logs.filter((l) => l.activity_type === "admin_login_success");
    expect(logins.length).toBeGreaterThan(10);
    const listed = new Map(people(e.admins).map((a) => [a.id, a]));
    for (const l of logins) {
      expect(listed.get(l.performed_by.id)?.email).toBe(l.performed_by.email);
      expect(l.activity_description).toContain(listed.get(l.performed_by.id)?.name);
      expect(l.created_at).toBeLessThanOrEqual(NOW / 1000);
      expect(l.created_at).toBeGreaterThanOrEqual(NOW / 1000 - 30 * DAY);
    }
    // Newest first.
    expect(logs.map((l) => l.created_at)).toEqual([...logs.map((l) => l.created_at)].sort((a, b) => b - a));
  });

  it("removals of admins no longer listed, by a listed admin, naming the removed admin in metadata or only in the text", async () => {
    const e = await start();
    const listedIds = new Set(people(e.admins).map((a) => a.id));
    const listedEmails = new Set(people(e.admins).map((a) => (a.email as string).toLowerCase()));
    const removals = (await allLogs(e)).filter((l) => l.activity_type === "admin_deletion" || l.activity_type === "admin_deprovisioned");
    expect(new Set(removals.map((l) => l.activity_type))).toEqual(new Set(["admin_deletion", "admin_deprovisioned"]));
    const structured = removals.filter((l) => typeof l.metadata?.removed_admin_id === "string");
    const textOnly = removals.filter((l) => l.metadata?.removed_admin_id === undefined);
    expect(structured.length).toBeGreaterThan(0);
    expect(textOnly.length).toBeGreaterThan(0);
    for (const l of removals) {
      expect(listedIds.has(l.performed_by.id)).toBe(true);
      expect(l.created_at).toBeGreaterThanOrEqual(NOW / 1000 - 30 * DAY);
    }
    for (const l of structured) {
      expect(listedIds.has(l.metadata?.removed_admin_id as string)).toBe(false);
      expect(listedEmails.has(l.metadata?.removed_admin_email as string)).toBe(false);
      expect(l.activity_description).toContain(l.metadata?.removed_admin_name as string);
    }
    for (const l of textOnly) {
      const email = /\(([^)\s]+@[^)\s]+)\)/.exec(l.activity_description ?? "")?.[1];
      expect(email, l.activity_description).toBeDefined();
      expect(listedEmails.has((email as string).toLowerCase())).toBe(false);
      expect(l.metadata).toEqual({});
    }
  });
});

describe("the activity log switch: 403 api_plan_restricted", () => {
  it("answers 403 api_plan_restricted when started restricted, and follows the switch at run time; other routes are unaffected", async () => {
    const e = await start({ activityLogRestricted: true });
    const path = "/admins/activity_logs?created_at_after=0";
    const refused = await get(e, path);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: "error.list", errors: [{ code: "api_plan_restricted" }] });
    expect((await call(`${e.url}${path}`)).status).toBe(401); // auth still comes first
    expect((await get(e, "/admins")).status).toBe(200);
    e.activityLogRestricted = false;
    expect((await get(e, path)).status).toBe(200);
    e.activityLogRestricted = true;
    expect(errorCode((await get(e, path)).body)).toBe("api_plan_restricted");
    expect(e.log.entries.filter((x) => x.route === "GET /admins/activity_logs").map((x) => x.status)).toEqual([403, 401, 200, 403]);
  });
});

describe("test helpers: adding events and deleting admins", () => {
  it("addActivityLog records an event by a listed admin, dated now unless told, and the API pages it", async () => {
    const e = await start({ activityLogs: [] });
    const ada = people(e.admins)[0] as IntercomAdmin;
    const login = e.addActivityLog({ activity_type: "admin_login_success", performed_by: ada.id, metadata: { sign_in_method: "saml" } });
    expect(login).toMatchObject({ performed_by: { type: "admin", id: ada.id, email: ada.email }, created_at: NOW / 1000, metadata: { sign_in_method: "saml" }, activity_description: expect.stringContaining(ada.name) });
    const older = e.addActivityLog({ activity_type: "admin_logout", performed_by: { type: "admin", id: "1", email: "x@example.com", ip: "10.0.0.1" }, created_at: NOW / 1000 - 60, id: "fixed-id" });
    expect(older.id).toBe("fixed-id");
    expect((await allLogs(e)).map((l) => l.id)).toEqual([login.id, "fixed-id"]);
    expect(() => e.addActivityLog({ activity_type: "admin_login_success", performed_by: "0" })).toThrow(/no admin/);
  });

  it("deleteAdmin removes the admin (list, lookup, teams) and records its removal by the given admin, in either shape", async () => {
    const e = await start({ activityLogs: [] });
    const [actor, gone, other] = people(e.admins) as [IntercomAdmin, IntercomAdmin, IntercomAdmin];
    const teamId = gone.team_ids[0] as number;
    const deletion = e.deleteAdmin(gone.id, { by: actor.id });
    expect(deletion).toMatchObject({
      activity_type: "admin_deletion",
      performed_by: { id: actor.id, email: actor.email },
      created_at: NOW / 1000,
      metadata: { removed_admin_id: gone.id, removed_admin_email: gone.email, removed_admin_name: gone.name },
    });
    const list = (await get(e, "/admins")).body as { admins: IntercomAdmin[] };
    expect(list.admins.map((a) => a.id)).not.toContain(gone.id);
    expect(errorCode((await get(e, `/admins/${gone.id}`)).body)).toBe("admin_not_found");
    expect(((await get(e, `/teams/${teamId}`)).body as Team).admin_ids).not.toContain(Number(gone.id));
    const deprovisioned = e.deleteAdmin(other.id, { by: actor.id, type: "admin_deprovisioned", shape: "text", at: NOW / 1000 - 5 });
    expect(deprovisioned).toMatchObject({ activity_type: "admin_deprovisioned", metadata: {}, created_at: NOW / 1000 - 5 });
    expect(deprovisioned.activity_description).toContain(other.email as string);
    expect((await allLogs(e)).map((l) => l.id)).toEqual([deletion.id, deprovisioned.id]);
    expect(() => e.deleteAdmin(gone.id, { by: actor.id })).toThrow(/no admin/);
    expect(() => e.deleteAdmin(actor.id, { by: actor.id })).toThrow(/themselves/);
    expect(() => e.deleteAdmin(actor.id, { by: "0" })).toThrow(/no admin/);
  });
});
