import { HttpError, parseJson } from "../http/index.js";
import { usableId, type SaasRecord, type SaasUser } from "../sync/records.js";
import { OomnitzaApi } from "./api.js";
import { bulkErrors, itemErrors, parseCreatedRole, parseCreatedSaas, parseSaasList, parseSaasRoles, parseSaasUsers, roleChangeErrors } from "./schema.js";

/** A value quoted for an Oomnitza filter. */
export const quote = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** Oomnitza's SaaS records, SaaS users and SaaS roles, as the sync uses them. */
export class OomnitzaSaasApi extends OomnitzaApi {
  /** SaaS records named exactly `name` (letter case included; a near name is a different record). */
  async findSaas(name: string): Promise<SaasRecord[]> {
    const wanted = name.trim();
    return (await this.listSaas(`saas_name eq ${quote(name)}`, `looking up the Oomnitza SaaS record ${JSON.stringify(name)}`)).filter((saas) => saas.saas_name.trim() === wanted);
  }

  /** SaaS records, all of them or those a filter selects (the SaaS list is short). */
  async listSaas(filter?: string, what = "reading the Oomnitza SaaS records"): Promise<SaasRecord[]> {
    const query = new URLSearchParams({ ...(filter ? { filter } : {}), limit: "1000" });
    const result = await this.call({ method: "GET", path: `/api/v3/saas?${query}`, idempotent: true, what });
    return parseSaasList(parseJson(result, "oomnitza", what), what);
  }

  /** Creates a SaaS record; the answer promises only its `saas_id`. */
  async createSaas(name: string): Promise<SaasRecord> {
    const what = `creating the Oomnitza SaaS record ${JSON.stringify(name)}`;
    const result = await this.call({ method: "POST", path: "/api/v3/saas", body: { saas_name: name }, idempotent: false, what });
    return parseCreatedSaas(parseJson(result, "oomnitza", what), name, what);
  }

  /** Everyone assigned to a SaaS record (the list is not paginated). */
  async listSaasUsers(saasId: string): Promise<SaasUser[]> {
    const what = "reading the SaaS users of the Oomnitza SaaS record";
    const result = await this.call({ method: "GET", path: `/api/v3/saas/${encodeURIComponent(saasId)}/users`, idempotent: true, what });
    return parseSaasUsers(parseJson(result, "oomnitza", what), what);
  }

  /**
   * Assigns (or unassigns) users in one call. Items the answer reports as failed come
   * back by user id; the answer is undocumented, so success is confirmed by reading
   * the SaaS users back afterwards.
   */
  async assignSaasUsers(saasId: string, items: Array<{ user_id: string; assign: boolean }>): Promise<Map<string, string>> {
    const what = `${items[0]?.assign === false ? "unassigning users from" : "assigning users to"} the Oomnitza SaaS record`;
    const result = await this.call({ method: "POST", path: `/api/v3/saas/${encodeURIComponent(saasId)}/users`, body: items, idempotent: true, what });
    return bulkErrors(result.text);
  }

  /** The SaaS record's roles (label and id). */
  async listSaasRoles(saasId: string): Promise<Array<{ id: string; label: string }>> {
    const what = "reading the roles of the Oomnitza SaaS record";
    const result = await this.call({ method: "GET", path: `/api/v3/saas/${encodeURIComponent(saasId)}/roles`, idempotent: true, what });
    return parseSaasRoles(parseJson(result, "oomnitza", what), what);
  }

  /** The ids of the SaaS users holding a role (`?roles=` keeps the rows that hold it). */
  async listRoleHolders(saasId: string, roleId: string): Promise<Set<string>> {
    const what = "reading who holds a role of the Oomnitza SaaS record";
    const result = await this.call({ method: "GET", path: `/api/v3/saas/${encodeURIComponent(saasId)}/users?${new URLSearchParams({ roles: roleId })}`, idempotent: true, what });
    return new Set(parseSaasUsers(parseJson(result, "oomnitza", what), what).map((user) => user.user_id));
  }

  async createSaasRole(saasId: string, label: string): Promise<string> {
    const what = `creating the SaaS role ${JSON.stringify(label)} in Oomnitza`;
    const result = await this.call({ method: "POST", path: `/api/v3/saas/${encodeURIComponent(saasId)}/roles`, body: { role_external_label: label }, idempotent: false, what });
    return parseCreatedRole(parseJson(result, "oomnitza", what), what);
  }

  /** Gives the roles to the users (POST), or takes them away (DELETE); Oomnitza's errors fail the call. */
  async setSaasRoles(saasId: string, userIds: string[], roleIds: string[], give: boolean): Promise<void> {
    const what = `${give ? "giving" : "taking away"} SaaS roles in Oomnitza`;
    const result = await this.call({ method: give ? "POST" : "DELETE", path: `/api/v3/saas/${encodeURIComponent(saasId)}/roles/users`, body: { users: userIds, roles: roleIds }, idempotent: true, what });
    if (!result.text.trim()) return;
    let body: unknown;
    try {
      body = JSON.parse(result.text);
    } catch {
      return;
    }
    const messages = roleChangeErrors(body);
    if (messages.length) throw new HttpError(this.http.redactor.redact(`${what}: Oomnitza answered ${result.status} with: ${messages.join("; ")}`), "oomnitza", result.status, false);
  }

  /** Stores the Intercom admin id as the SaaS user's external id. */
  async setSaasExternalId(saasId: string, userId: string, externalId: string, what: string): Promise<void> {
    if (!usableId(userId) || !usableId(saasId)) throw new HttpError(`${what}: refused, an id cannot be used in a request`, "oomnitza", undefined, false, "bad_id");
    const path = `/api/v3/saas/${encodeURIComponent(saasId)}/users/${encodeURIComponent(userId)}`;
    const result = await this.call({ method: "POST", path, body: { user_external_id: externalId }, idempotent: true, what });
    let body: unknown;
    try {
      body = JSON.parse(result.text);
    } catch {
      return;
    }
    const messages = body && typeof body === "object" ? itemErrors(body as Record<string, unknown>) : undefined;
    if (messages) throw new HttpError(this.http.redactor.redact(`${what}: Oomnitza answered ${result.status} with: ${messages}`), "oomnitza", result.status, false);
  }
}
