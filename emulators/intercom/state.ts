import type { ApiRequest, ApiResponse } from "../kit/types.js";
import type { IntercomErrors } from "./errors.js";
import type { ActivityLog, IntercomAdmin, IntercomApp, IntercomTeam, IntercomTokenSpec, Region } from "./types.js";

/** What the route handlers read and change; `admins` and `activityLogs` are the live lists tests see. */
export interface IntercomState {
  admins: IntercomAdmin[];
  activityLogs: ActivityLog[];
  /** Team definitions; members come from the admins' `team_ids` at each request. */
  teams: IntercomTeam[];
  /** When true, the activity log answers 403 api_plan_restricted. */
  activityLogRestricted: boolean;
  app: Omit<IntercomApp, "region">;
  errors: IntercomErrors;
  clock: () => number;
  newId: () => string;
}

export interface CallContext {
  token: Required<Pick<IntercomTokenSpec, "token" | "region">> & IntercomTokenSpec;
  region: Region;
}

export type IntercomHandler = (req: ApiRequest, ctx: CallContext, state: IntercomState) => ApiResponse;
