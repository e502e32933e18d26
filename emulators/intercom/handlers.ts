import type { IntercomHandler, IntercomState } from "./state.js";
import type { IntercomAdmin } from "./types.js";
import type { ApiRequest, ApiResponse } from "../kit/types.js";

/** The list never carries `avatar` unless `display_avatar=true` was asked for. */
function present(admin: IntercomAdmin, withAvatar: boolean): IntercomAdmin {
  if (withAvatar || !("avatar" in admin)) return { ...admin };
  const { avatar: _omitted, ...rest } = admin;
  return rest as IntercomAdmin;
}

function wantsAvatar(req: ApiRequest): boolean {
  return (req.query.get("display_avatar") ?? "").toLowerCase() === "true";
}

export const listAdmins: IntercomHandler = (req, _ctx, state) => {
  const withAvatar = wantsAvatar(req);
  return { status: 200, body: { type: "admin.list", admins: state.admins.map((a) => present(a, withAvatar)) } };
};

function findAdmin(state: IntercomState, id: string): IntercomAdmin | undefined {
  return state.admins.find((a) => a.id === id && a.type === "admin");
}

export const getAdmin: IntercomHandler = (req, _ctx, state) => {
  const admin = findAdmin(state, req.params.id ?? "");
  if (!admin) return state.errors.error(404, "admin_not_found", "Admin not found", req);
  return { status: 200, body: present(admin, wantsAvatar(req)) };
};

/** The admin behind the token, with the workspace (`app`) it belongs to. */
export const me: IntercomHandler = (req, ctx, state) => {
  const admin = (ctx.token.adminId ? findAdmin(state, ctx.token.adminId) : undefined) ?? state.admins.find((a) => a.type === "admin");
  if (!admin) return state.errors.error(404, "not_found", "Admin not found", req);
  const { avatar, ...rest } = admin;
  return {
    status: 200,
    body: {
      ...rest,
      email_verified: true,
      avatar: { type: "avatar", image_url: avatar?.image_url ?? null },
      app: { ...state.app, region: ctx.region.toUpperCase() },
    },
  };
};

export const setAway: IntercomHandler = (req, ctx, state) => {
  const admin = findAdmin(state, req.params.id ?? "");
  if (!admin) return state.errors.error(404, "admin_not_found", "Admin for admin_id not found", req);
  if (!req.bodyIsJson || !req.body || typeof req.body !== "object" || Array.isArray(req.body)) {
    return state.errors.error(400, "parameter_invalid", "Request body must be a JSON object", req);
  }
  const body = req.body as Record<string, unknown>;
  for (const field of ["away_mode_enabled", "away_mode_reassign"]) {
    if (!(field in body)) return state.errors.error(400, "parameter_not_found", `${field} is a required parameter`, req, { field });
    if (typeof body[field] !== "boolean") return state.errors.error(400, "parameter_invalid", `${field} must be a boolean`, req, { field });
  }
  admin.away_mode_enabled = body.away_mode_enabled as boolean;
  admin.away_mode_reassign = body.away_mode_reassign as boolean;
  const actor = (ctx.token.adminId ? findAdmin(state, ctx.token.adminId) : undefined) ?? admin;
  state.activityLogs.push({
    id: state.newId(),
    performed_by: { type: "admin", id: actor.id, email: actor.email ?? "", ip: "127.0.0.1" },
    metadata: { away_mode: admin.away_mode_enabled, reassign_conversations: admin.away_mode_reassign, source: `admin update from API - Admin id: ${actor.id}`, auto_changed: "false", update_by: Number(actor.id) || undefined, update_by_name: actor.name },
    created_at: Math.floor(state.clock() / 1000),
    activity_type: "admin_away_mode_change",
    activity_description: `${actor.name} changed ${admin.name}'s away mode.`,
  });
  return { status: 200, body: present(admin, false) };
};
