import type { OomnitzaUser } from "./types.js";

/** The SaaS records an instance starts with unless told otherwise (no Intercom: a sync creates it). */
export const DEFAULT_SAAS = [
  { saas_id: 101, saas_name: "Slack", category: "Communication", publisher: "Slack Technologies", url: "https://slack.com" },
  { saas_id: 102, saas_name: "Zoom", category: "Communication", publisher: "Zoom Video Communications", url: "https://zoom.us" },
  { saas_id: 103, saas_name: "Google Workspace", category: "Productivity", publisher: "Google", url: "https://workspace.google.com" },
];

/** Seeded people get what the server would have given them when they were created. */
export function seedUsers(users: Map<string, OomnitzaUser>, seed: Array<Partial<OomnitzaUser>>, newId: () => string, now: number): void {
  // Missing creation dates continue from the previous person, keeping dates in creation order.
  let previous = now - 86400 * 30 - seed.length * 3600;
  seed.forEach((partial, i) => {
    const user = { user_id: partial.user_id ?? newId(), username: partial.username ?? `user${i + 1}`, ...partial } as OomnitzaUser;
    if (typeof user.creation_date !== "number") user.creation_date = previous + 3600;
    previous = user.creation_date as number;
    user.change_date ??= user.creation_date;
    user.created_by ??= "oomnitza-admin";
    user.changed_by ??= user.created_by;
    if (user.full_name === undefined) {
      const s = [user.first_name, user.last_name].filter((x) => typeof x === "string" && x !== "").join(" ");
      if (s) user.full_name = s;
    }
    users.set(user.user_id, user);
  });
}
