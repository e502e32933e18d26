import { isSourceName, SOURCE_NAMES } from "./admin-values.js";
import { NO_PATTERNS, parseFilter, type CompilePattern } from "./filter.js";
import { parseSaasRole } from "./saas-roles.js";
import { didYouMean, shown, textSize } from "./shown.js";
import { ACCESS_FIELDS, IF_EMPTY_VALUES, ON_VALUES, TRANSFORMS, type FieldRule, type IfEmpty, type Mapping, type On, type Transform } from "./mapping.js";

const RULE_KEYS = ["source", "value", "transform", "on", "if-empty"];
const TOP_KEYS = ["fields", "filter", "extends", "saas-role", "allow-access-fields"];
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const list = (values: readonly string[]) => values.join(", ");
const show = shown;
/** A key as a path shows it: long keys (a file that is not a mapping) are cut. */
const key = (name: string) => (name.length > 60 ? `${name.slice(0, 59)}…` : name);

/**
 * Checks a parsed mapping document and turns it into rules. Every problem is
 * reported with its path (`fields.position.transform`) and what is allowed.
 * `base` is the mapping that `extends: default` builds on; `compile` turns a filter's
 * `matches` pattern into a test (the settings layer gives a linear-time engine).
 */
export function parseMapping(doc: unknown, base?: Mapping, compile: CompilePattern = NO_PATTERNS): { mapping?: Mapping; problems: string[] } {
  const problems: string[] = [];
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    return { problems: [`the mapping must be an object with "fields:" (and optionally "filter:", "extends:", "allow-access-fields:"), got ${describeType(doc)}`] };
  }
  const top = doc as Record<string, unknown>;
  for (const name of Object.keys(top)) {
    if (!TOP_KEYS.includes(name)) problems.push(`${key(name)}: unknown key${didYouMean(name, TOP_KEYS)}; allowed: ${list(TOP_KEYS)}`);
  }
  let extendsDefault = false;
  if (top.extends !== undefined) {
    if (top.extends === "default") extendsDefault = true;
    else problems.push(`extends: ${show(top.extends)} is not allowed${didYouMean(top.extends, ["default"])}; allowed: default`);
  }
  const rules = new Map<string, FieldRule>();
  if (extendsDefault && base) base.fields.forEach((rule) => rules.set(rule.field, rule));

  if (top.fields === undefined && !extendsDefault) {
    problems.push(`fields: missing; give "fields:" mapping Oomnitza user fields to sources, or "extends: default"`);
  } else if (top.fields !== undefined && (!top.fields || typeof top.fields !== "object" || Array.isArray(top.fields))) {
    problems.push(`fields: must be an object of <oomnitza field>: <rule>, got ${describeType(top.fields)}`);
  } else if (top.fields) {
    for (const [field, raw] of Object.entries(top.fields as Record<string, unknown>)) {
      const path = `fields.${key(field)}`;
      if (!FIELD_NAME.test(field)) {
        problems.push(`${path}: ${show(field)} is not a valid Oomnitza field name (letters, digits and _)`);
        continue;
      }
      if (field === "user_id") {
        problems.push(`${path}: user_id is Oomnitza's own id and cannot be mapped`);
        continue;
      }
      if (raw === null && extendsDefault) {
        rules.delete(field); // `field: null` drops a default rule
        continue;
      }
      const rule = parseRule(field, raw, path, problems);
      if (rule) rules.set(field, rule);
    }
  }
  checkAccessFields(top["allow-access-fields"], [...rules.keys()], problems);
  const filter = top.filter === undefined ? [] : parseFilter(top.filter, "filter", problems, compile);
  if (extendsDefault && base) filter.unshift(...base.filter);
  const role = top["saas-role"] === undefined ? (extendsDefault ? base?.saasRole : undefined) : parseSaasRole(top["saas-role"], problems);
  if (problems.length) return { problems };
  return { mapping: { fields: [...rules.values()], filter, ...(role ? { saasRole: role } : {}) }, problems };
}

/** Access-control fields are written only when `allow-access-fields` names them (mapping.ts says why). */
function checkAccessFields(raw: unknown, fields: string[], problems: string[]): void {
  const allowed = new Set<string>();
  if (raw !== undefined) {
    const items = Array.isArray(raw) ? raw : [raw];
    items.forEach((item, i) => {
      const where = Array.isArray(raw) ? `allow-access-fields[${i}]` : "allow-access-fields";
      if (typeof item === "string" && (ACCESS_FIELDS as readonly string[]).includes(item)) allowed.add(item);
      else problems.push(`${where}: ${show(item)} is not an access-control field${didYouMean(item, ACCESS_FIELDS)}; allowed: ${list(ACCESS_FIELDS)}`);
    });
  }
  for (const field of fields) {
    if ((ACCESS_FIELDS as readonly string[]).includes(field) && !allowed.has(field)) {
      problems.push(`fields.${field}: writes an Oomnitza access-control field (who may sign in and what they may do); to write it on purpose, add "allow-access-fields: [${field}]" at the top of the mapping, or remove the rule`);
    }
  }
}

function parseRule(field: string, raw: unknown, path: string, problems: string[]): FieldRule | undefined {
  if (typeof raw === "string") {
    if (!isSourceName(raw)) {
      problems.push(`${path}: unknown source ${show(raw)}${didYouMean(raw, SOURCE_NAMES)}; allowed: ${list(SOURCE_NAMES)} (or { value: … } for a constant)`);
      return undefined;
    }
    return { field, source: raw, transforms: [], on: "always", ifEmpty: "keep" };
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    problems.push(`${path}: must be a source name or an object with source/value, transform, on, if-empty; got ${describeType(raw)}`);
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  const before = problems.length;
  for (const name of Object.keys(obj)) {
    if (!RULE_KEYS.includes(name)) problems.push(`${path}.${key(name)}: unknown key${didYouMean(name, RULE_KEYS)}; allowed: ${list(RULE_KEYS)}`);
  }
  const rule: FieldRule = { field, transforms: [], on: "always", ifEmpty: "keep" };
  if (obj.source !== undefined && obj.value !== undefined) {
    problems.push(`${path}: give either source or value, not both`);
  } else if (obj.source !== undefined) {
    if (typeof obj.source === "string" && isSourceName(obj.source)) rule.source = obj.source;
    else problems.push(`${path}.source: unknown source ${show(obj.source)}${didYouMean(obj.source, SOURCE_NAMES)}; allowed: ${list(SOURCE_NAMES)}`);
  } else if (obj.value !== undefined) {
    if (typeof obj.value === "string" || typeof obj.value === "number" || typeof obj.value === "boolean") rule.value = obj.value;
    else problems.push(`${path}.value: must be a string, number or boolean, got ${describeType(obj.value)}`);
  } else {
    problems.push(`${path}: needs source (one of ${list(SOURCE_NAMES)}) or value (a constant)`);
  }
  if (obj.transform !== undefined) {
    const items = Array.isArray(obj.transform) ? obj.transform : [obj.transform];
    items.forEach((item, i) => {
      const where = Array.isArray(obj.transform) ? `${path}.transform[${i}]` : `${path}.transform`;
      if (typeof item === "string" && (TRANSFORMS as readonly string[]).includes(item)) rule.transforms.push(item as Transform);
      else problems.push(`${where}: unknown transform ${show(item)}${didYouMean(item, TRANSFORMS)}; allowed: ${list(TRANSFORMS)}`);
    });
  }
  if (obj.on !== undefined) {
    if (typeof obj.on === "string" && (ON_VALUES as readonly string[]).includes(obj.on)) rule.on = obj.on as On;
    else problems.push(`${path}.on: ${show(obj.on)} is not allowed${didYouMean(obj.on, ON_VALUES)}; allowed: ${list(ON_VALUES)}`);
  }
  if (obj["if-empty"] !== undefined) {
    const value = obj["if-empty"];
    if (typeof value === "string" && (IF_EMPTY_VALUES as readonly string[]).includes(value)) rule.ifEmpty = value as IfEmpty;
    else problems.push(`${path}.if-empty: ${show(value)} is not allowed${didYouMean(value, IF_EMPTY_VALUES)}; allowed: ${list(IF_EMPTY_VALUES)}`);
  }
  return problems.length === before ? rule : undefined;
}

/** What came instead of what was expected: its kind, never its text (see shown.ts). */
export function describeType(value: unknown): string {
  return typeof value === "string" ? textSize(value) : shown(value);
}

