/** A SaaS record (Software > SaaS) as the v3 description lists it. */
export interface SaasRecord {
  saas_id: number;
  saas_name: string;
  source: string;
  hash: boolean;
  ignored: string;
  linked: string;
  link_key: string;
  creationdate: string;
  createdby: string;
  changedate: string;
  changedby: string;
  [field: string]: unknown;
}

/** One user assigned to one SaaS. */
export interface SaasAssignment {
  saas_user_id: string;
  user_id: string;
  /** "" when none was stored. */
  user_external_id: string;
  last_visit: number;
  old_usage: boolean;
  /** False after PATCH /api/v3/saas_users/deactivate. */
  active: boolean;
  /** The SaaS roles (role_id) the user holds in this SaaS, in the order given. */
  role_ids?: string[];
}

/** A role of one SaaS (`GET /api/v3/saas/{id}/roles`; `users_count` is counted when answered). */
export interface SaasRole {
  role_id: string;
  saas_id: number;
  /** Where the role came from; 0 for roles made through the API (assumed: the description gives no values). */
  source: number;
  role_external_id: string;
  role_external_label: string;
}

/** SaaS records and who is assigned to them; live, so tests can look and change. */
export class SaasStore {
  records = new Map<number, SaasRecord>();
  /** saas_id → user_id → assignment (in assignment order). */
  assignments = new Map<number, Map<string, SaasAssignment>>();
  /** saas_id → role_id → role (in creation order). */
  roles = new Map<number, Map<string, SaasRole>>();
  private lastRoleId = 0;

  constructor(
    private readonly clock: () => number,
    private readonly newId: () => string,
  ) {}

  add(partial: Partial<SaasRecord> & { saas_name: string }, by: string): SaasRecord {
    const id = partial.saas_id ?? Math.max(100, ...this.records.keys()) + 1;
    const when = isoSeconds(this.clock());
    const record: SaasRecord = { source: "manual", hash: false, ignored: "0", linked: "0", link_key: "", creationdate: when, createdby: by, changedate: when, changedby: by, ...partial, saas_id: id };
    this.records.set(id, record);
    this.assignments.set(id, new Map());
    this.roles.set(id, new Map());
    return record;
  }

  /** Assigning twice is a no-op that succeeds (facts file, assumed). */
  assign(saasId: number, userId: string, externalId = ""): SaasAssignment {
    const users = this.assignments.get(saasId) ?? new Map<string, SaasAssignment>();
    this.assignments.set(saasId, users);
    const existing = users.get(userId);
    if (existing) return existing;
    const a: SaasAssignment = { saas_user_id: this.newId(), user_id: userId, user_external_id: externalId, last_visit: 0, old_usage: false, active: true, role_ids: [] };
    users.set(userId, a);
    return a;
  }

  /** A new role of a SaaS; role ids are numeric strings, unique across the instance. */
  addRole(saasId: number, externalId: string, label: string): SaasRole {
    const roles = this.roles.get(saasId) ?? new Map<string, SaasRole>();
    this.roles.set(saasId, roles);
    const role: SaasRole = { role_id: String(++this.lastRoleId), saas_id: saasId, source: 0, role_external_id: externalId, role_external_label: label };
    roles.set(role.role_id, role);
    return role;
  }

  /** How many users assigned to the SaaS (and still existing) hold the role. */
  usersWithRole(saasId: number, roleId: string, exists: (userId: string) => boolean): number {
    let n = 0;
    for (const a of this.assignments.get(saasId)?.values() ?? []) if (exists(a.user_id) && (a.role_ids ?? []).includes(roleId)) n++;
    return n;
  }

  findAssignment(saasUserId: string): SaasAssignment | undefined {
    for (const users of this.assignments.values()) for (const a of users.values()) if (a.saas_user_id === saasUserId) return a;
    return undefined;
  }
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

