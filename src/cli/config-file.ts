import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { INPUTS, type InputName } from "../settings/index.js";
import { MAX_YAML_BYTES, parseYamlText } from "../settings/yaml-text.js";
import { yamlParser } from "../settings/parsers.js";
import { UsageError } from "./usage-error.js";

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
  if (typeof data !== "object" || Array.isArray(data)) throw new UsageError([`--config ${file}: expected keys such as oomnitza-url: …, found ${Array.isArray(data) ? "a list" : typeof data}`]);

  const problems: string[] = [];
  const values: Partial<Record<InputName, string>> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (!(key in INPUTS)) {
      problems.push(`--config ${file}: unknown key ${JSON.stringify(key.slice(0, 60))}; allowed: the action's input names (${Object.keys(INPUTS).join(", ")})`);
      continue;
    }
    const input = key as InputName;
    const text = asText(input, value);
    if (text === undefined) problems.push(`--config ${file}: ${input} must be text, a number or true/false`);
    else values[input] = text;
  }
  if (problems.length) throw new UsageError(problems);

  if (values.mapping) values.mapping = resolveMappingPath(values.mapping, path.dirname(full));
  return { path: full, values, warnings: permissionWarnings(full, file, values) };
}

function asText(input: InputName, value: unknown): string | undefined {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  // A nested mapping or filter is passed on as inline YAML, as the action input would be.
  if ((input === "mapping" || input === "filter") && typeof value === "object") return yamlParser().stringify(value);
  return undefined;
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
