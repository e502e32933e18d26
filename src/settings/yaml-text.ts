import type * as Yaml from "yaml";
import { yamlParser } from "./parsers.js";

/** A mapping or a config file is a page of settings; anything larger is refused unread. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Aliases a document may expand; more is how a "billion laughs" bomb fills memory. */
export const MAX_YAML_ALIASES = 100;

/** What each YAML error means, in words that quote nothing from the text (it may hold tokens). */
const PROBLEMS: Record<string, string> = {
  BAD_INDENT: "bad indentation",
  BAD_DQ_ESCAPE: "an invalid escape in a double-quoted value; a regular expression such as '@example\\.com$' goes in single quotes, where a backslash is just a backslash",
  BAD_SCALAR_START: "a value starts with a reserved character (quote it)",
  BLOCK_AS_IMPLICIT_KEY: "a block used as a key",
  DUPLICATE_KEY: "a key appears twice",
  MISSING_CHAR: "a comma, colon, quote or closing bracket is missing",
  MULTILINE_IMPLICIT_KEY: "a key runs over several lines",
  TAB_AS_INDENT: "a tab used for indentation (use spaces)",
  TAG_RESOLVE_FAILED: "an unknown tag (!…)",
  UNEXPECTED_TOKEN: "unexpected text",
};

/** Where in the text a syntax error is (1-based), so an adapter can point at the line. */
export interface YamlPosition {
  line: number;
  column: number;
}

/** On failure, `positions[i]` is where `problems[i]` is, when the parser knows. */
export type YamlResult = { ok: true; value: unknown } | { ok: false; problems: string[]; positions?: Array<YamlPosition | undefined> };

/**
 * Parses YAML (JSON is YAML too) without ever quoting it: the text may hold tokens, so
 * a problem names the line and column and the kind of mistake, never the line's text.
 * Oversized text and alias bombs are problems like any syntax error, so they take the
 * settings-error path (summary, outputs, failure issue) rather than crash.
 */
export function parseYamlText(text: string): YamlResult {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_YAML_BYTES) return { ok: false, problems: [`it is ${Math.ceil(bytes / 1024)} KiB; allowed: up to ${MAX_YAML_BYTES / 1024} KiB`] };
  const YAML = yamlParser();
  const lines = new YAML.LineCounter();
  let doc: Yaml.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  } catch {
    return { ok: false, problems: ["it could not be read as YAML"] };
  }
  if (doc.errors.length) {
    const errors = doc.errors.slice(0, 3).map((error) => ({ code: error.code, pos: lines.linePos(error.pos[0]) }));
    return {
      ok: false,
      problems: errors.map(({ code, pos }) => `not valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ""} (${PROBLEMS[code] ?? code.toLowerCase().replace(/_/g, " ")})`),
      positions: errors.map(({ pos }) => (pos ? { line: pos.line, column: pos.col } : undefined)),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : "";
    if (/excessive alias count/i.test(message)) return { ok: false, problems: [`not valid here: its aliases (*name) expand past ${MAX_YAML_ALIASES} nodes, as a YAML "billion laughs" bomb does; write the values out instead`] };
    if (/unresolved alias/i.test(message)) return { ok: false, problems: ["not valid YAML: an alias (*name) refers to no anchor (&name) before it"] };
    return { ok: false, problems: ["it could not be read as data"] };
  }
}
