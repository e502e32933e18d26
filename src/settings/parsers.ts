import type * as Yaml from "yaml";
import type * as Re2 from "re2js";

let parser: typeof Yaml | undefined;
let re2: typeof Re2 | undefined;

/**
 * Loads the YAML parser and the RE2 engine filters match with. Each is its own chunk of
 * the bundle and together they are most of what the bundle would otherwise load before
 * its first request, yet a run needs them only when a mapping, a filter or a config
 * file is given (filters are written in YAML): the adapters load them then, before the
 * settings are parsed.
 */
export async function loadParsers(): Promise<void> {
  [parser, re2] = await Promise.all([parser ?? import("yaml"), re2 ?? import("re2js")]);
}

/** The parser `loadParsers` loaded. */
export function yamlParser(): typeof Yaml {
  if (!parser) throw new Error("internal error: YAML settings were parsed before the YAML parser was loaded (loadParsers)");
  return parser;
}

/** The RE2 engine `loadParsers` loaded. */
export function re2Engine(): typeof Re2.RE2JS {
  if (!re2) throw new Error("internal error: a filter pattern was compiled before the RE2 engine was loaded (loadParsers)");
  return re2.RE2JS;
}
