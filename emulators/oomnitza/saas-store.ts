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
}

/** SaaS records and who is assigned to them; live, so tests can look and change. */
export class SaasStore {
  records = new Map<number, SaasRecord>();
  /** saas_id → user_id → assignment (in assignment order). */
  assignments = new Map<number, Map<string, SaasAssignment>>();

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
    return record;
  }

  /** Assigning twice is a no-op that succeeds (facts file, assumed). */
  assign(saasId: number, userId: string, externalId = ""): SaasAssignment {
    const users = this.assignments.get(saasId) ?? new Map<string, SaasAssignment>();
    this.assignments.set(saasId, users);
    const existing = users.get(userId);
    if (existing) return existing;
    const a: SaasAssignment = { saas_user_id: this.newId(), user_id: userId, user_external_id: externalId, last_visit: 0, old_usage: false, active: true };
    users.set(userId, a);
    return a;
  }

  findAssignment(saasUserId: string): SaasAssignment | undefined {
    for (const users of this.assignments.values()) for (const a of users.values()) if (a.saas_user_id === saasUserId) return a;
    return undefined;
  }
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

