import YAML from "yaml";
import type { Admin } from "../../src/sync/records.js";
import type { OomnitzaUser } from "../../src/sync/records.js";
import { parseMapping } from "../../src/sync/mapping-parse.js";
import { compilePattern } from "../../src/settings/pattern.js";
import { DEFAULT_MAPPING_YAML, type Mapping } from "../../src/sync/mapping.js";
import { planSync, type PlanInput } from "../../src/sync/plan.js";

export const RUN = { intercomVersion: "2.11", syncTime: "2026-11-26T10:00:00Z" };

export function admin(overrides: Partial<Admin> & { id: string; email: string }): Admin {
  return {
    type: "admin",
    name: "Ada Lovelace",
    job_title: "Engineer",
    away_mode_enabled: false,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [1],
    avatar: { image_url: "https://static.example.com/a.png" },
    team_priority_level: { primary_team_ids: [1], secondary_team_ids: null },
    ...overrides,
  };
}

export function mapping(yaml: string = DEFAULT_MAPPING_YAML): Mapping {
  const base = parseMapping(YAML.parse(DEFAULT_MAPPING_YAML)).mapping as Mapping;
  const result = parseMapping(YAML.parse(yaml), base, compilePattern);
  if (!result.mapping) throw new Error(result.problems.join("\n"));
  return result.mapping;
}

/** What the default mapping writes for an admin, as Oomnitza would hold it. */
export function userFor(a: Admin, userId: string, extra: Partial<OomnitzaUser> = {}): OomnitzaUser {
  const created = plan({ admins: [a], users: [] }).entries[0];
  const record: OomnitzaUser = { user_id: userId };
  for (const change of created?.changes ?? []) record[change.field] = change.after;
  return { ...record, ...extra };
}

export function plan(input: Partial<PlanInput> & Pick<PlanInput, "admins" | "users">) {
  return planSync({ invalid: [], mapping: mapping(), syncKey: "email", preference: "create-and-update", run: RUN, ...input });
}
