/**
 * The Oomnitza user data model the emulator enforces: standard v3 fields plus the
 * instance's custom fields, with the input coercions and output quirks of the facts file.
 */
export type CustomFieldType = "string" | "checkbox" | "number" | "date";
export type FieldType = "string" | "integer" | "boolean" | CustomFieldType;

export interface FieldDef {
  type: FieldType;
  /** Set by the server; a write names it in a 400. */
  readOnly?: boolean;
  custom?: boolean;
}

export const STANDARD_USER_FIELDS: Record<string, FieldDef> = {
  user_id: { type: "string", readOnly: true },
  username: { type: "string" },
  email: { type: "string" },
  first_name: { type: "string" },
  last_name: { type: "string" },
  full_name: { type: "string" },
  position: { type: "string" },
  phone_number: { type: "string" },
  address: { type: "string" },
  external_id: { type: "string" },
  role: { type: "integer" },
  suspended: { type: "boolean" },
  email_subscription: { type: "boolean" },
  creation_date: { type: "integer", readOnly: true },
  change_date: { type: "integer", readOnly: true },
  created_by: { type: "string", readOnly: true },
  changed_by: { type: "string", readOnly: true },
  last_login_date: { type: "integer", readOnly: true },
  version: { type: "string", readOnly: true },
  uid: { type: "integer", readOnly: true },
};

/** The custom fields of the default mapping, which the Oomnitza admin creates once. */
export const DEFAULT_CUSTOM_FIELDS: Record<string, CustomFieldType> = {
  intercom_id: "string",
  intercom_type: "string",
  intercom_avatar: "string",
  intercom_away_mode_enabled: "checkbox",
  intercom_away_mode_reassign: "checkbox",
  intercom_has_inbox_seat: "checkbox",
  intercom_primary_team_ids: "string",
  intercom_version: "string",
  intercom_sync_time: "string",
  intercom_last_login: "date",
  intercom_removed_at: "date",
  intercom_removed_by: "string",
};

export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function userFieldDefs(custom: Record<string, CustomFieldType>): Map<string, FieldDef> {
  const defs = new Map<string, FieldDef>(Object.entries(STANDARD_USER_FIELDS));
  for (const [name, type] of Object.entries(custom)) defs.set(name, { type, custom: true });
  return defs;
}

const TRUE = new Set<unknown>([true, 1, "1", "true", "True", "TRUE"]);
const FALSE = new Set<unknown>([false, 0, "0", "false", "False", "FALSE"]);
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A written value as the server stores it; throws FieldError naming the field when it cannot be. */
export function coerceInput(field: string, def: FieldDef, value: unknown): unknown {
  if (value === null) return null;
  switch (def.type) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw new FieldError(field, `Field '${field}' expects a string`);
    case "integer":
      if (typeof value === "number" && Number.isInteger(value)) return value;
      if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
      throw new FieldError(field, `Field '${field}' expects an integer`);
    case "boolean":
    case "checkbox":
      if (TRUE.has(value)) return true;
      if (FALSE.has(value)) return false;
      throw new FieldError(field, `Field '${field}' is a checkbox: send true/false or "1"/"0"`);
    case "number":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      if (typeof value === "string" && value.trim() === "") return null;
      if (typeof value === "string" && Number.isFinite(Number(value))) return Number(value);
      throw new FieldError(field, `Field '${field}' expects a number`);
    case "date":
      return coerceDate(field, value);
  }
}

/**
 * Dates are stored as unix seconds. Oomnitza accepts unix seconds or ISO 8601 and reads
 * any given time as UTC ("timezones in ISO8601 format will be ignored").
 */
function coerceDate(field: string, value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string") {
    const s = value.trim();
    if (s === "") return null;
    if (/^\d+$/.test(s)) return Number(s);
    const m = ISO.exec(s);
    if (m) {
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
      if (Number.isFinite(ms)) return Math.floor(ms / 1000);
    }
  }
  throw new FieldError(field, `Field '${field}' expects a date (unix seconds or ISO 8601 'YYYY-MM-DDTHH:mm:SSZ')`);
}

export interface OutputQuirks {
  checkboxAsString: boolean;
  numbersAsString: boolean;
}

/** A stored value as the API returns it; undefined means "leave the key out". */
export function formatOutput(def: FieldDef | undefined, value: unknown, quirks: OutputQuirks): unknown {
  // The v3 description declares no field nullable, so empty values are left out rather than sent as null.
  if (value === null || value === undefined) return undefined;
  if (!def) return value;
  if (def.type === "checkbox" || def.type === "boolean") {
    const b = TRUE.has(value) ? true : FALSE.has(value) ? false : Boolean(value);
    return def.type === "checkbox" && quirks.checkboxAsString ? (b ? "1" : "0") : b;
  }
  if (def.type === "number" && quirks.numbersAsString) return String(value);
  return value;
}

/** The value filters and sorting compare: booleans and numbers normalised, the rest as text. */
export function comparable(def: FieldDef | undefined, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (!def) return typeof value === "number" || typeof value === "boolean" ? value : String(value);
  switch (def.type) {
    case "checkbox":
    case "boolean":
      return TRUE.has(value) ? true : FALSE.has(value) ? false : null;
    case "integer":
    case "number":
    case "date": {
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
    default:
      return String(value);
  }
}
