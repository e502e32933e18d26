import { HttpError } from "../http/index.js";
import type { OomnitzaUser, SaasRecord, SaasUser } from "../sync/records.js";

/**
 * Oomnitza's answers checked at the boundary: only what the sync uses is required, and
 * every refusal names the call and what was expected, never the body itself.
 */
export function badShape(what: string, expected: string, got: unknown): HttpError {
  return new HttpError(`${what}: Oomnitza's answer is not ${expected} (got ${describe(got)}); nothing more was written`, "oomnitza", 200, false, "bad_shape");
}

export function parseUsers(body: unknown, what: string, skip: number): OomnitzaUser[] {
  if (!Array.isArray(body)) {
    throw new HttpError(`${what}: Oomnitza's answer is not a list of users (got ${describe(body)}); nothing was written`, "oomnitza", 200, false, "bad_shape");
  }
  return body.map((row, i) => {
    const user = toUser(row);
    if (!user) {
      throw new HttpError(`${what}: row ${skip + i + 1} of Oomnitza's users has no user_id (got ${describe(row)}); nothing was written`, "oomnitza", 200, false, "bad_shape");
    }
    return user;
  });
}

export function parseUser(body: unknown, what: string): OomnitzaUser {
  // Some instances wrap a single record in a one-element list.
  const row = Array.isArray(body) && body.length === 1 ? body[0] : body;
  const user = toUser(row);
  if (!user) throw new HttpError(`${what}: Oomnitza's answer has no user_id (got ${describe(body)})`, "oomnitza", 200, false, "bad_shape");
  return user;
}

function toUser(row: unknown): OomnitzaUser | undefined {
  if (!row || typeof row !== "object" || Array.isArray(row)) return undefined;
  const id = (row as Record<string, unknown>).user_id;
  if (typeof id !== "string" && typeof id !== "number") return undefined;
  if (String(id).trim() === "") return undefined;
  return { ...(row as Record<string, unknown>), user_id: String(id) };
}

export function toSaas(row: unknown, what: string): SaasRecord {
  const item = (row && typeof row === "object" && !Array.isArray(row) ? row : {}) as Record<string, unknown>;
  if ((typeof item.saas_id !== "string" && typeof item.saas_id !== "number") || typeof item.saas_name !== "string") {
    throw badShape(what, "a SaaS record with saas_id and saas_name", row);
  }
  return { saas_id: String(item.saas_id), saas_name: item.saas_name };
}

export function parseSaasUsers(body: unknown, what: string): SaasUser[] {
  if (!Array.isArray(body)) throw badShape(what, "a list of SaaS users", body);
  return body.map((row, i) => {
    const item = (row && typeof row === "object" ? row : {}) as Record<string, unknown>;
    if (typeof item.user_id !== "string" && typeof item.user_id !== "number") throw badShape(what, `a user_id in row ${i + 1}`, row);
    const external = item.user_external_id;
    return {
      user_id: String(item.user_id),
      user_external_id: typeof external === "string" || typeof external === "number" ? String(external) : "",
      username: typeof item.username === "string" ? item.username : undefined,
      email: typeof item.email === "string" ? item.email : undefined,
      full_name: typeof item.full_name === "string" ? item.full_name : undefined,
    };
  });
}

/** The errors Oomnitza reports for one item of a bulk answer (`errors` list or `error` text). */
export function itemErrors(item: Record<string, unknown>): string | undefined {
  const raw = item.errors ?? item.error;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === "" ? [] : [raw];
  const messages = list.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).filter(Boolean);
  return messages.length ? messages.join("; ") : undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : typeof value;
}
