import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Preference } from "../sync/decisions.js";
import { parseFilter } from "../sync/filter.js";
import { parseMapping } from "../sync/mapping-parse.js";
import { DEFAULT_MAPPING_DOC, type Mapping } from "../sync/mapping.js";
import type { InputName, ProblemLocation, SettingsContext } from "./inputs.js";
import { compilePattern } from "./pattern.js";
import { MAX_YAML_BYTES, parseYamlText, type YamlPosition } from "./yaml-text.js";

/**
 * The mapping and filter settings: a file path or inline YAML, parsed with the line
 * and column of a syntax error, then checked against the other settings. `locations`
 * says which problems are in a mapping file, and on which line when known.
 */
export function loadMapping(
  value: string,
  filterText: string,
  context: SettingsContext,
  name: (n: InputName) => string,
  problems: string[],
): { mapping?: Mapping; source: string; locations: ProblemLocation[] } {
  const locations: ProblemLocation[] = [];
  const defaults = parseMapping(DEFAULT_MAPPING_DOC).mapping as Mapping;
  let mapping: Mapping | undefined = defaults;
  let source = "default";
  if (value) {
    let text = value;
    let where = name("mapping");
    // The mapping file, when the mapping is one: its problems are located in it.
    let file: string | undefined;
    const looksInline = /[\n{]/.test(value) || /^\s*(fields|filter|extends)\s*:/.test(value);
    if (!looksInline) {
      file = path.resolve(context.cwd, value);
      if (!existsSync(file) || !statSync(file).isFile()) {
        problems.push(`${name("mapping")}: no file at ${JSON.stringify(value)} (looked in ${context.cwd}); allowed: a path to a YAML or JSON mapping file, or the mapping inline as YAML`);
        return { source: value, locations };
      }
      if (statSync(file).size > MAX_YAML_BYTES) {
        const problem = `${name("mapping")} (${value}): the file is ${Math.ceil(statSync(file).size / 1024)} KiB; allowed: up to ${MAX_YAML_BYTES / 1024} KiB`;
        problems.push(problem);
        locations.push({ problem, file });
        return { source: value, locations };
      }
      text = readFileSync(file, "utf8");
      where = `${name("mapping")} (${value})`;
      source = value;
    } else {
      source = "inline";
    }
    const locate = (problem: string, at?: YamlPosition) => {
      if (file) locations.push({ problem, file, line: at?.line, column: at?.column });
    };
    const doc = parseYaml(text, where, problems, locate);
    if (doc === undefined) return { source, locations };
    const parsed = parseMapping(doc, defaults, compilePattern);
    for (const p of parsed.problems) {
      problems.push(`${where}: ${p}`);
      locate(`${where}: ${p}`);
    }
    mapping = parsed.mapping;
  }
  if (filterText) {
    const doc = parseYaml(filterText, name("filter"), problems);
    if (doc !== undefined) {
      const list = doc && typeof doc === "object" && !Array.isArray(doc) && "filter" in doc ? (doc as { filter: unknown }).filter : doc;
      const before = problems.length;
      const extra: string[] = [];
      const rules = parseFilter(list, "filter", extra, compilePattern);
      extra.forEach((p) => problems.push(`${name("filter")}: ${p}`));
      if (mapping && problems.length === before) mapping = { ...mapping, filter: [...mapping.filter, ...rules] };
    }
  }
  return { mapping, source, locations };
}

/** YAML (JSON is YAML too): the line and column of a mistake, never the text (it may hold tokens). */
function parseYaml(text: string, where: string, problems: string[], located?: (problem: string, at?: YamlPosition) => void): unknown {
  const result = parseYamlText(text);
  if (result.ok) return result.value;
  result.problems.forEach((problem, i) => {
    problems.push(`${where}: ${problem}`);
    located?.(`${where}: ${problem}`, result.positions?.[i]);
  });
  return undefined;
}

/** Creating a person needs username and the sync-key field (Oomnitza's "Draft" rule). */
export function checkMappingAgainstSettings(mapping: Mapping, syncKey: string, preference: Preference, name: (n: InputName) => string, problems: string[]): void {
  const keyRule = mapping.fields.find((rule) => rule.field === syncKey);
  if (!keyRule) {
    problems.push(`${name("mapping")}: no rule fills the sync-key field ${JSON.stringify(syncKey)}, so no admin could be matched; add fields.${syncKey} (e.g. ${syncKey}: email) or change ${name("sync-key")}`);
  } else if (keyRule.value !== undefined) {
    problems.push(`${name("mapping")}: fields.${syncKey} is a constant, but it is the sync key and must differ per person; map it from a source such as email or id`);
  }
  if (preference !== "update-only" && !mapping.fields.some((rule) => rule.field === "username")) {
    problems.push(`${name("mapping")}: no rule fills username, which Oomnitza needs to create a person; add fields.username (e.g. { source: email, on: create }) or set ${name("preference")}: update-only`);
  }
}
