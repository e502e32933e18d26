import type { Admin } from "./records.js";
import { isSourceName, SOURCE_NAMES, sourceValue, type RunContext, type SourceName, type SourceValue } from "./admin-values.js";
import { isEmpty, valuesEqual } from "./values.js";
import { didYouMean, shown, textSize } from "./shown.js";

/** A compiled `matches` pattern: all the core asks of it is whether a text matches. */
export interface Pattern {
  /** As written in the filter. */
  source: string;
  test(text: string): boolean;
}

/**
 * Compiles a `matches` pattern (case-insensitive), or says why it cannot be used. The
 * settings layer gives a linear-time engine, so no name an admin chooses can hang the
 * run; the core itself imports none.
 */
export type CompilePattern = (source: string) => Pattern | { error: string };

/** Without an engine a `matches` test is refused (only a caller that forgot one gets this). */
export const NO_PATTERNS: CompilePattern = () => ({ error: "no pattern engine was given" });

export type FilterTest =
  | { kind: "equals"; value: string | number | boolean }
  | { kind: "in"; values: Array<string | number | boolean> }
  | { kind: "matches"; pattern: Pattern }
  | { kind: "empty"; empty: boolean };

export interface FilterCondition {
  source: SourceName;
  test: FilterTest;
}

export interface FilterRule {
  mode: "include" | "exclude";
  /** All conditions of one rule must hold for it to apply. */
  conditions: FilterCondition[];
  /** As written, for the report: `exclude email matches "…"`. */
  text: string;
}

const TESTS = ["equals", "in", "matches", "empty"];
const show = shown;
/** A pattern is shown as typed (it is what the message is about), shortened. */
const pattern = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/** Parses `filter:` (a list of include/exclude rules), adding every problem with its path. */
export function parseFilter(doc: unknown, path: string, problems: string[], compile: CompilePattern = NO_PATTERNS): FilterRule[] {
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) {
    problems.push(`${path}: must be a list of rules like "- include: { has_inbox_seat: { equals: true } }", got ${typeof doc === "string" ? textSize(doc) : show(doc)}`);
    return [];
  }
  const rules: FilterRule[] = [];
  doc.forEach((item, i) => {
    const where = `${path}[${i}]`;
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      problems.push(`${where}: must be an object with include: or exclude:`);
      return;
    }
    const keys = Object.keys(item);
    if (keys.length !== 1 || (keys[0] !== "include" && keys[0] !== "exclude")) {
      problems.push(`${where}: must have exactly one key, include or exclude; got ${keys.length ? keys.join(", ") : "none"}`);
      return;
    }
    const mode = keys[0] as "include" | "exclude";
    const body = (item as Record<string, unknown>)[mode];
    const at = `${where}.${mode}`;
    if (!body || typeof body !== "object" || Array.isArray(body) || Object.keys(body).length === 0) {
      problems.push(`${at}: must name a source field and a test, e.g. { email: { matches: "@example\\\\.com$" } }`);
      return;
    }
    const before = problems.length;
    const conditions: FilterCondition[] = [];
    for (const [source, spec] of Object.entries(body as Record<string, unknown>)) {
      const condition = parseCondition(source, spec, `${at}.${source}`, problems, compile);
      if (condition) conditions.push(condition);
    }
    if (problems.length === before) rules.push({ mode, conditions, text: `${mode} ${conditions.map(describeCondition).join(" and ")}` });
  });
  return rules;
}

function parseCondition(source: string, spec: unknown, at: string, problems: string[], compile: CompilePattern): FilterCondition | undefined {
  if (!isSourceName(source)) {
    problems.push(`${at}: unknown source ${show(source)}${didYouMean(source, SOURCE_NAMES)}; allowed: ${SOURCE_NAMES.join(", ")}`);
    return undefined;
  }
  if (!spec || typeof spec !== "object" || Array.isArray(spec) || Object.keys(spec).length !== 1) {
    problems.push(`${at}: must be one test; allowed: ${TESTS.join(", ")} (e.g. { equals: true })`);
    return undefined;
  }
  const [kind, arg] = Object.entries(spec as Record<string, unknown>)[0] as [string, unknown];
  switch (kind) {
    case "equals":
      if (isScalar(arg)) return { source, test: { kind, value: arg } };
      problems.push(`${at}.equals: must be a string, number or boolean, got ${show(arg)}`);
      return undefined;
    case "in":
      if (Array.isArray(arg) && arg.length > 0 && arg.every(isScalar)) return { source, test: { kind, values: arg } };
      problems.push(`${at}.in: must be a non-empty list of strings, numbers or booleans, got ${show(arg)}`);
      return undefined;
    case "matches":
      if (typeof arg !== "string") {
        problems.push(`${at}.matches: must be a regular expression as a string, got ${show(arg)}`);
        return undefined;
      }
      {
        const compiled = compile(arg);
        if ("test" in compiled) return { source, test: { kind, pattern: compiled } };
        problems.push(`${at}.matches: ${pattern(arg)} is not a valid regular expression (${compiled.error})`);
        return undefined;
      }
    case "empty":
      if (typeof arg === "boolean") return { source, test: { kind, empty: arg } };
      problems.push(`${at}.empty: must be true or false, got ${show(arg)}`);
      return undefined;
    default:
      problems.push(`${at}.${kind}: unknown test${didYouMean(kind, TESTS)}; allowed: ${TESTS.join(", ")}`);
      return undefined;
  }
}

/** A value as the user would type it in YAML: text in single quotes (a backslash stays one), others bare. */
const typed = (value: string | number | boolean) => (typeof value === "string" ? `'${value.replace(/'/g, "''")}'` : String(value));

function describeCondition(condition: FilterCondition): string {
  const { source, test } = condition;
  switch (test.kind) {
    case "equals":
      return `${source} equals ${typed(test.value)}`;
    case "in":
      return `${source} in [${test.values.map(typed).join(", ")}]`;
    case "matches":
      return `${source} matches ${typed(test.pattern.source)}`;
    case "empty":
      return `${source} ${test.empty ? "is empty" : "is not empty"}`;
  }
}

function holds(condition: FilterCondition, value: SourceValue): boolean {
  const { test } = condition;
  const items = Array.isArray(value) ? value : [value];
  switch (test.kind) {
    case "empty":
      return isEmpty(value) === test.empty;
    case "equals":
      return items.some((item) => valuesEqual(item, test.value, true));
    case "in":
      return items.some((item) => test.values.some((candidate) => valuesEqual(item, candidate, true)));
    case "matches":
      return !isEmpty(value) && test.pattern.test(Array.isArray(value) ? value.join(",") : String(value));
  }
}

/** Which rule keeps an admin out, or undefined when it syncs. */
export function filterOut(rules: FilterRule[], admin: Admin, run: RunContext): FilterRule | undefined {
  for (const rule of rules) {
    const applies = rule.conditions.every((condition) => holds(condition, sourceValue(admin, condition.source, run)));
    if (rule.mode === "include" && !applies) return rule;
    if (rule.mode === "exclude" && applies) return rule;
  }
  return undefined;
}
