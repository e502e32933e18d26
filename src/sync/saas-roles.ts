import { isSourceName, SOURCE_NAMES, sourceValue, type RunContext, type SourceName } from "./admin-values.js";
import type { Admin } from "./records.js";
import { isEmpty } from "./values.js";
import { didYouMean, shown } from "./shown.js";

/**
 * The Oomnitza SaaS role each SaaS user holds (mapping key `saas-role`): a constant, or
 * a source's value (optionally through `values`, a table from source value to role
 * label). The default gives "Inbox seat" or "No inbox seat" from has_inbox_seat, so
 * Oomnitza shows who holds a paid seat.
 */
export interface SaasRoleRule {
  source?: SourceName;
  value?: string;
  /** Source value (as text: "true", "false", "Support") → role label. */
  values?: Record<string, string>;
}

/** The role labels the rule can give; a label outside them is never taken away (people or other tools set it). */
export function managedLabels(rule: SaasRoleRule): string[] | undefined {
  if (rule.value !== undefined) return [rule.value];
  return rule.values ? [...new Set(Object.values(rule.values))] : undefined;
}

/** The role label for one admin, or undefined (empty source, or a value the table does not name). */
export function roleLabel(rule: SaasRoleRule, admin: Admin, run: RunContext): string | undefined {
  if (rule.value !== undefined) return rule.value;
  const raw = rule.source ? sourceValue(admin, rule.source, run) : null;
  if (isEmpty(raw)) return undefined;
  const text = Array.isArray(raw) ? raw.join(",") : String(raw).trim();
  const label = rule.values ? rule.values[text] ?? rule.values[text.toLowerCase()] : text;
  return label && label.trim() ? label.trim() : undefined;
}

/** Parses `saas-role`, adding each problem with its path. `null` turns roles off. */
export function parseSaasRole(raw: unknown, problems: string[]): SaasRoleRule | null | undefined {
  if (raw === null || raw === false) return null;
  const path = "saas-role";
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    problems.push(`${path}: must be { value: "<role>" } or { source: <source>, values: { <source value>: "<role>" } }, or null for no roles`);
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(obj)) if (!["source", "value", "values"].includes(key)) problems.push(`${path}.${key}: unknown key; allowed: source, value, values`);
  const rule: SaasRoleRule = {};
  if (obj.value !== undefined && obj.source !== undefined) problems.push(`${path}: give either source or value, not both`);
  else if (obj.value !== undefined) {
    if (typeof obj.value === "string" && obj.value.trim()) rule.value = obj.value.trim();
    else problems.push(`${path}.value: must be a role label (text)`);
  } else if (typeof obj.source === "string" && isSourceName(obj.source)) rule.source = obj.source;
  else problems.push(`${path}.source: unknown source ${shown(obj.source ?? null)}${didYouMean(obj.source, SOURCE_NAMES)}; allowed: ${SOURCE_NAMES.join(", ")}`);
  if (obj.values !== undefined) {
    if (!obj.values || typeof obj.values !== "object" || Array.isArray(obj.values)) problems.push(`${path}.values: must be a table of <source value>: "<role label>"`);
    else {
      rule.values = {};
      for (const [key, label] of Object.entries(obj.values as Record<string, unknown>)) {
        if (typeof label === "string" && label.trim()) rule.values[key.trim()] = label.trim();
        else problems.push(`${path}.values.${key}: must be a role label (text)`);
      }
    }
  }
  return problems.length === before ? rule : undefined;
}
