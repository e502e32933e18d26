import type * as Yaml from "yaml";

let parser: typeof Yaml | undefined;

/**
 * Loads the YAML parser. It is its own chunk of the bundle and a good part of what the
 * bundle would otherwise load before its first request, yet a run needs it only when a
 * mapping, a filter or a config file is given: the adapters load it then, before the
 * settings are parsed.
 */
export async function loadYaml(): Promise<typeof Yaml> {
  parser ??= await import("yaml");
  return parser;
}

/** The parser `loadYaml` loaded. */
export function yamlParser(): typeof Yaml {
  if (!parser) throw new Error("internal error: YAML settings were parsed before the YAML parser was loaded (loadYaml)");
  return parser;
}
