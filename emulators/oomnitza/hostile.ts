import type { ApiRequest, ApiResponse } from "../kit/types.js";

/**
 * Switches for an instance that misbehaves in ways no profile reading allows: tests of
 * what the sync does when Oomnitza itself is hostile or broken. All off by default;
 * live (read on every request), so a test may flip one mid-run.
 */
export interface OomnitzaHostility {
  /**
   * `GET /api/v3/users` (without a filter) answers every page with `limit` people never
   * seen before, and no `x-total-count`: a server that keeps inventing rows.
   */
  inventUsers: boolean;
  /** With `inventUsers`: the `x-total-count` every invented page announces (null: none), e.g. 1,000,000,000. */
  inventedTotal: number | null;
  /** Fields a create or patch accepts (200) but silently does not store. */
  dropOnWrite: string[];
}

export const NO_HOSTILITY: OomnitzaHostility = { inventUsers: false, inventedTotal: null, dropOnWrite: [] };

let invented = 0;

/** A page of made-up people, or undefined when the switch is off or the call filters. */
export function inventedPage(hostile: OomnitzaHostility, req: ApiRequest): ApiResponse | undefined {
  if (!hostile.inventUsers || req.query.has("filter")) return undefined;
  const limit = Math.min(1000, Math.max(1, Number(req.query.get("limit") ?? 100) || 100));
  const rows = Array.from({ length: limit }, () => {
    const n = ++invented;
    return { user_id: `ghost-${n}`, username: `ghost${n}@invented.example`, email: `ghost${n}@invented.example` };
  });
  return { status: 200, body: rows, ...(hostile.inventedTotal === null ? {} : { headers: { "X-Total-Count": hostile.inventedTotal } }) };
}

/** The written values without the fields the instance drops. */
export function dropFields(hostile: OomnitzaHostility, values: Record<string, unknown>): Record<string, unknown> {
  if (hostile.dropOnWrite.length === 0) return values;
  return Object.fromEntries(Object.entries(values).filter(([field]) => !hostile.dropOnWrite.includes(field)));
}
