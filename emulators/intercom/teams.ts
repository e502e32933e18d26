import { TEAMS } from "../data/names.js";
import type { IntercomHandler, IntercomState } from "./state.js";
import type { IntercomAdmin, IntercomTeam } from "./types.js";

/**
 * The default teams: the workspace's named teams, plus any other team id an admin's
 * `team_ids` or `team_priority_level` mentions (named "Team <id>"), so that every id
 * an admin carries is a team `GET /teams` lists.
 */
export function defaultTeams(admins: IntercomAdmin[]): IntercomTeam[] {
  const teams: IntercomTeam[] = TEAMS.map((t) => ({ id: String(t.id), name: t.name }));
  const known = new Set(teams.map((t) => t.id));
  for (const a of admins) {
    if (a.type !== "admin") continue;
    for (const id of [...a.team_ids, ...(a.team_priority_level?.primary_team_ids ?? []), ...(a.team_priority_level?.secondary_team_ids ?? [])]) {
      if (!known.has(String(id))) {
        known.add(String(id));
        teams.push({ id: String(id), name: `Team ${id}` });
      }
    }
  }
  return teams;
}

/** A team as 2.11 answers it: members from the admins' `team_ids`, priority levels from their `team_priority_level`. */
function present(team: IntercomTeam, admins: IntercomAdmin[]) {
  const teamId = Number(team.id);
  const members = admins.filter((a) => a.type === "admin");
  const ids = (pick: (a: IntercomAdmin) => number[] | null | undefined) => members.filter((a) => (pick(a) ?? []).includes(teamId)).map((a) => Number(a.id));
  const primary = ids((a) => a.team_priority_level?.primary_team_ids);
  const secondary = ids((a) => a.team_priority_level?.secondary_team_ids);
  return {
    type: "team",
    id: team.id,
    name: team.name,
    admin_ids: ids((a) => a.team_ids),
    admin_priority_level: { primary_admin_ids: primary.length > 0 ? primary : null, secondary_admin_ids: secondary.length > 0 ? secondary : null },
  };
}

/** `GET /teams`: every team in one `team.list`, not paginated. */
export const listTeams: IntercomHandler = (_req, _ctx, state: IntercomState) => ({
  status: 200,
  body: { type: "team.list", teams: state.teams.map((t) => present(t, state.admins)) },
});

/** `GET /teams/{team_id}`: one team; unknown id 404 team_not_found. */
export const getTeam: IntercomHandler = (req, _ctx, state) => {
  const team = state.teams.find((t) => t.id === req.params.id);
  if (!team) return state.errors.error(404, "team_not_found", "Team not found", req);
  return { status: 200, body: present(team, state.admins) };
};
