/**
 * How kind the Oomnitza emulator is. Oomnitza documents its API only inside each
 * instance, so where public sources leave a behaviour open the "friendly" profile picks
 * the easy reading (today's behaviour, which the demo uses) and the "strict" profile the
 * hardest one the evidence allows. Every switch can be set on its own, on top of either
 * profile: `{ profile: "strict", strict: { csrf: false } }` is strict without CSRF,
 * `{ strict: { pageCap: 200 } }` is friendly with a silent page cap.
 */
export type OomnitzaProfile = "friendly" | "strict";

export interface OomnitzaStrictness {
  /**
   * The connection check (`GET /api/v2/mappings`) answers an `X-CSRF-Token` header, and
   * every write (POST/PATCH/PUT/DELETE) without that value in `X-CSRF-Token` gets 403.
   */
  csrf: boolean;
  /**
   * `sortby` on list calls: "accept" sorts (stable); "refuse" answers 400 naming `sortby`;
   * "ignore-and-reorder" ignores it and answers every list call in a freshly shuffled
   * (seeded) order, so paging by `skip` shows some rows twice and misses others.
   */
  sortby: "accept" | "refuse" | "ignore-and-reorder";
  /** "refuse-over-200": a `limit` above 200 gets 400 naming `limit` (the client must ask for less). */
  limit: "accept" | "refuse-over-200";
  /** At most this many rows per page whatever `limit` asks (null: none); `x-total-count` still tells the real total. */
  pageCap: number | null;
  /** User fields `POST /api/v3/users` must carry with a value (400 naming each missing one). */
  requiredOnCreate: string[];
  /** User fields that take only the listed values (exact spelling); another value refuses the whole write with 400. */
  dropdowns: Record<string, string[]>;
  /**
   * Only what the description documents: `POST /api/v3/saas` answers `{"saas_id": "<id>"}`,
   * and the bulk assign `POST /api/v3/saas/{id}/users` answers `{}` (assignments still happen).
   */
  minimalAnswers: boolean;
  /**
   * The `roles` object on `GET /api/v3/saas/{id}/users` rows, which the description
   * declares as one object although a user may hold several roles: "all" joins each
   * member of every role held with "," (in the order given); "first" shows only the
   * first role, so a client cannot read the full set back from the row (it can filter
   * with `?roles=<role_id>`); "none" leaves `roles` out of the rows altogether.
   */
  userRowRoles: "all" | "first" | "none";
  /**
   * Writes to `/api/v3/saas/{id}/roles…`: "lenient" reports unknown users or roles per
   * request in `errors` and applies the rest, assigns a user to the SaaS on the way, and
   * accepts a list or a number where the description has a string; "exact" refuses the
   * whole request (400 naming `users` or `roles`) for an unknown user or role or a user
   * not assigned to the SaaS, takes only the body shapes the description declares, and
   * refuses `role_external_id` on role creation.
   */
  roleWrites: "lenient" | "exact";
  /**
   * The roles endpoints (`/api/v3/saas/{id}/roles` and `…/roles/users`), which only a
   * community client describes: "present", or absent with every call answered 404 (no
   * such path) or 405 (the path exists, the method does not).
   */
  rolesEndpoints: "present" | "absent-404" | "absent-405";
  /** `?roles=<role_id>` on `GET /api/v3/saas/{id}/users`: "apply" keeps the holders; "ignore" answers every assigned user. */
  roleHolderFilter: "apply" | "ignore";
  /**
   * Which `filter` expressions the instance takes: "all"; "no-lists" refuses `IN [...]`
   * and `or` (400), so a look-up asks one value at a time; "eq-only" also refuses `LIKE`.
   */
  lookupFilters: "all" | "no-lists" | "eq-only";
}

/** The values the strict profile's `position` dropdown allows: some of the demo admins' job titles, not all. */
export const POSITION_DROPDOWN: readonly string[] = [
  "Support Agent",
  "Support Team Lead",
  "Support Engineer",
  "Sales Engineer",
  "Solutions Engineer",
  "Customer Support Specialist",
  "Account Executive",
];

export const FRIENDLY_PROFILE: Readonly<OomnitzaStrictness> = Object.freeze({
  csrf: false,
  sortby: "accept",
  limit: "accept",
  pageCap: null,
  requiredOnCreate: [],
  dropdowns: {},
  minimalAnswers: false,
  userRowRoles: "all",
  roleWrites: "lenient",
  rolesEndpoints: "present",
  roleHolderFilter: "apply",
  lookupFilters: "all",
});

export const STRICT_PROFILE: Readonly<OomnitzaStrictness> = Object.freeze({
  csrf: true,
  sortby: "ignore-and-reorder",
  limit: "accept",
  pageCap: 200,
  requiredOnCreate: ["role"],
  dropdowns: { position: [...POSITION_DROPDOWN] },
  minimalAnswers: true,
  userRowRoles: "first",
  roleWrites: "exact",
  rolesEndpoints: "present",
  roleHolderFilter: "apply",
  lookupFilters: "all",
});

export const OOMNITZA_PROFILES: readonly OomnitzaProfile[] = ["friendly", "strict"];

/** The profile's settings with the given switches on top (a fresh object: the emulator reads it on every request). */
export function resolveStrictness(profile: OomnitzaProfile = "friendly", overrides: Partial<OomnitzaStrictness> = {}): OomnitzaStrictness {
  if (!OOMNITZA_PROFILES.includes(profile)) throw new Error(`unknown Oomnitza profile ${JSON.stringify(profile)} (use ${OOMNITZA_PROFILES.join(" or ")})`);
  const base = profile === "strict" ? STRICT_PROFILE : FRIENDLY_PROFILE;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<OomnitzaStrictness>;
  const out: OomnitzaStrictness = { ...base, requiredOnCreate: [...base.requiredOnCreate], dropdowns: cloneDropdowns(base.dropdowns), ...defined };
  if (out.pageCap !== null && (!Number.isInteger(out.pageCap) || out.pageCap < 1)) throw new Error(`strict.pageCap must be a whole number of at least 1 or null, got ${out.pageCap}`);
  return out;
}

function cloneDropdowns(d: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, [...v]]));
}
