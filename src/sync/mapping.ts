import type { Admin } from "./records.js";
import { sourceValue, type RunContext, type SourceName, type SourceValue } from "./admin-values.js";
import { isEmpty, isoToUnixSeconds, type FieldValue } from "./values.js";
import type { FilterRule } from "./filter.js";
import type { SaasRoleRule } from "./saas-roles.js";

export const TRANSFORMS = ["lowercase", "uppercase", "trim", "first-word", "rest-words", "join", "date"] as const;
export type Transform = (typeof TRANSFORMS)[number];
export const ON_VALUES = ["always", "create", "change"] as const;
export type On = (typeof ON_VALUES)[number];
export const IF_EMPTY_VALUES = ["keep", "clear"] as const;
export type IfEmpty = (typeof IF_EMPTY_VALUES)[number];

export interface FieldRule {
  /** The Oomnitza user field written. */
  field: string;
  source?: SourceName;
  value?: string | number | boolean;
  transforms: Transform[];
  on: On;
  ifEmpty: IfEmpty;
}

/**
 * Oomnitza user fields that decide who may sign in and what they may do. A mapping
 * writes them only when it says so (`allow-access-fields`): a typo or a copied example
 * must not hand every Intercom admin a role, or lock them out.
 */
export const ACCESS_FIELDS = ["role", "roles", "permissions", "groups", "password", "suspended", "api_token"] as const;

/** Field names that suggest a secret: their values are masked in every output (summary, report, log). */
const SECRET_NAME = /pass(word|wd)?$|password|passwd|secret|token|api_?key|private_?key|credential/i;
export const isSecretField = (field: string): boolean => SECRET_NAME.test(field);

export interface Mapping {
  fields: FieldRule[];
  filter: FilterRule[];
  /** SaaS mode: the SaaS role each SaaS user holds (none when absent). */
  saasRole?: SaasRoleRule;
}

/** The mapping used when none is given (docs/mapping.md shows it). */
export const DEFAULT_MAPPING_YAML = `fields:
  username: { source: email, on: create }
  email: email
  first_name: first_name
  last_name: last_name
  position: job_title
  intercom_id: id
  intercom_type: type
  intercom_avatar: avatar
  intercom_away_mode_enabled: away_mode_enabled
  intercom_away_mode_reassign: away_mode_reassign
  intercom_has_inbox_seat: has_inbox_seat
  intercom_primary_team_ids: primary_team_ids
  intercom_last_login: last_login
  intercom_version: { source: intercom_version, on: change }
  intercom_sync_time: { source: sync_time, on: change }
saas-role: { source: has_inbox_seat, values: { "true": Inbox seat, "false": No inbox seat } }
`;

/** DEFAULT_MAPPING_YAML as parsed (a test keeps the two the same), so a run with the default mapping needs no YAML parser. */
export const DEFAULT_MAPPING_DOC = {
  fields: {
    username: { source: "email", on: "create" },
    email: "email",
    first_name: "first_name",
    last_name: "last_name",
    position: "job_title",
    intercom_id: "id",
    intercom_type: "type",
    intercom_avatar: "avatar",
    intercom_away_mode_enabled: "away_mode_enabled",
    intercom_away_mode_reassign: "away_mode_reassign",
    intercom_has_inbox_seat: "has_inbox_seat",
    intercom_primary_team_ids: "primary_team_ids",
    intercom_last_login: "last_login",
    intercom_version: { source: "intercom_version", on: "change" },
    intercom_sync_time: { source: "sync_time", on: "change" },
  },
  "saas-role": { source: "has_inbox_seat", values: { true: "Inbox seat", false: "No inbox seat" } },
};

function applyTransform(value: SourceValue, transform: Transform): SourceValue {
  if (value === null) return null;
  if (Array.isArray(value)) {
    if (transform === "join") return value.join(",");
    return value.map((item) => (typeof item === "string" ? (applyTransform(item, transform) as string) : item)) as SourceValue;
  }
  if (typeof value !== "string") {
    if (transform === "date" && typeof value === "number") return value;
    return value;
  }
  switch (transform) {
    case "lowercase":
      return value.toLowerCase();
    case "uppercase":
      return value.toUpperCase();
    case "trim":
      return value.trim();
    case "first-word":
      return value.trim().split(/\s+/)[0] ?? "";
    case "rest-words":
      return value.trim().split(/\s+/).slice(1).join(" ");
    case "join":
      return value;
    case "date":
      return isoToUnixSeconds(value) ?? null;
  }
}

/** The value a rule gives for one admin; lists are written comma-joined. */
export function ruleValue(rule: FieldRule, admin: Admin, run: RunContext): FieldValue {
  let value: SourceValue = rule.source ? sourceValue(admin, rule.source, run) : (rule.value ?? null);
  for (const transform of rule.transforms) value = applyTransform(value, transform);
  if (Array.isArray(value)) value = value.join(",");
  return isEmpty(value) ? null : (value as FieldValue);
}

export interface DesiredField {
  rule: FieldRule;
  /** `null` when the source is empty. */
  value: FieldValue;
}

/** The record the mapping wants for one admin: every rule with its value. */
export function mapAdmin(mapping: Mapping, admin: Admin, run: RunContext): DesiredField[] {
  return mapping.fields.map((rule) => ({ rule, value: ruleValue(rule, admin, run) }));
}

/** The Oomnitza field type to create for a rule's field (what `check` and a missing-field error suggest). */
export function suggestedFieldType(rule: FieldRule): "text" | "checkbox" | "number" | "date (unix seconds)" {
  if (rule.transforms.includes("date")) return "date (unix seconds)";
  if (rule.value !== undefined) return typeof rule.value === "boolean" ? "checkbox" : typeof rule.value === "number" ? "number" : "text";
  if (rule.source === "last_login") return "date (unix seconds)";
  return rule.source === "away_mode_enabled" || rule.source === "away_mode_reassign" || rule.source === "has_inbox_seat" ? "checkbox" : "text";
}

/** "intercom_id (text), intercom_has_inbox_seat (checkbox)": missing fields as the Oomnitza admin creates them. */
export function describeMissingFields(mapping: Mapping, fields: string[], otherTypes: Record<string, string> = {}): string {
  return fields
    .map((field) => {
      const rule = mapping.fields.find((r) => r.field === field);
      const type = rule ? suggestedFieldType(rule) : otherTypes[field];
      return type ? `${field} (${type})` : field;
    })
    .join(", ");
}

/** Whether the mapping (a field rule or a filter condition) uses a source. */
export function usesSource(mapping: Mapping, source: SourceName): boolean {
  return mapping.fields.some((rule) => rule.source === source) || mapping.filter.some((rule) => rule.conditions.some((condition) => condition.source === source));
}
