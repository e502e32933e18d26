import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { coerce, define, literal, object, optional, string, validate, type Failure } from "superstruct";
import { INPUT_NAMES, INPUTS, type InputName } from "../settings/index.js";
import { MAX_YAML_BYTES, parseYamlText } from "../settings/yaml-text.js";
import { yamlParser } from "../settings/parsers.js";
import { UsageError } from "./usage-error.js";

/** Coercion "as text": a number or true/false is taken as its text, an empty value (null) as empty text. */
const Text = coerce(
  coerce(string(), define<number | boolean>("number or true/false", (value) => typeof value === "number" || typeof value === "boolean"), String),
  literal(null),
  () => "",
);
/** Coercion "nested YAML": `mapping` and `filter` may be written as YAML, passed on as inline YAML text, as the action input would be. */
const TextOrYaml = coerce(Text, define<object>("nested YAML", (value) => typeof value === "object" && value !== null), (value) => yamlParser().stringify(value));

/** The keys a config file may have (the action's input names; any other is refused), each with its value's kinds. */
const ConfigKeys = object(Object.fromEntries(INPUT_NAMES.map((input) => [input, optional(input === "mapping" || input === "filter" ? TextOrYaml : Text)])));

export interface ConfigFile {
  path: string;
  values: Partial<Record<InputName, string>>;
  /** Things worth saying on stderr that do not stop the run. */
  warnings: string[];
}

/**
 * Reads `--config FILE`: a YAML mapping with the action's input names as keys, so one
 * file can describe the same sync for both. `mapping` and `filter` may be written as
 * nested YAML; a relative mapping path is read from the config file's folder.
 */
export function loadConfigFile(file: string, cwd: string): ConfigFile {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    if (statSync(full).size > MAX_YAML_BYTES) throw new UsageError([`--config ${file}: the file is ${Math.ceil(statSync(full).size / 1024)} KiB; allowed: up to ${MAX_YAML_BYTES / 1024} KiB`]);
    text = readFileSync(full, "utf8");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError([`--config: cannot read ${JSON.stringify(file)} (${code === "ENOENT" ? "no such file" : (code ?? "unreadable")})`]);
  }
  // The text may hold tokens, so a mistake names the place, never the line's text.
  const parsed = parseYamlText(text);
  if (!parsed.ok) throw new UsageError(parsed.problems.map((problem) => `--config ${file}: ${problem}`));
  const data: unknown = parsed.value;
  if (data === null || data === undefined) return { path: full, values: {}, warnings: [] };
  const [error, checked] = validate(data, ConfigKeys, { coerce: true });
  if (error) {
    const failures = error.failures();
    if (failures[0]?.path.length === 0) throw new UsageError([`--config ${file}: expected keys such as oomnitza-url: …, found ${Array.isArray(data) ? "a list" : typeof data}`]);
    // One problem per key, in the file's order.
    const keys = Object.keys(data);
    const at = (failure: Failure) => keys.indexOf(String(failure.path[0]));
    throw new UsageError(
      failures
        .sort((x, y) => at(x) - at(y))
        .map((failure) => {
          const key = String(failure.path[0]);
          return Object.hasOwn(INPUTS, key) ? `--config ${file}: ${key} must be text, a number or true/false` : `--config ${file}: unknown key ${JSON.stringify(key.slice(0, 60))}; allowed: the action's input names (${Object.keys(INPUTS).join(", ")})`;
        }),
    );
  }
  const values = checked as Partial<Record<InputName, string>>;

  if (values.mapping) values.mapping = resolveMappingPath(values.mapping, path.dirname(full));
  return { path: full, values, warnings: permissionWarnings(full, file, values) };
}

/** A mapping path in a config file means "next to the config file", wherever it is run from. */
function resolveMappingPath(value: string, folder: string): string {
  if (/[\n{]/.test(value) || path.isAbsolute(value)) return value;
  const candidate = path.join(folder, value);
  return existsSync(candidate) ? candidate : value;
}

/** Tokens in a file others can read are not secret any more; say so, but still run. */
function permissionWarnings(full: string, file: string, values: Partial<Record<InputName, string>>): string[] {
  if (process.platform === "win32") return [];
  const holdsToken = (Object.keys(values) as InputName[]).some((input) => "secret" in INPUTS[input] && values[input]);
  if (!holdsToken) return [];
  const mode = statSync(full).mode & 0o077;
  return mode ? [`--config ${file} holds a token but other users can read it; run: chmod 600 ${file}`] : [];
}
