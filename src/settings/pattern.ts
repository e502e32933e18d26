import type { RE2JS } from "re2js";
import type { CompilePattern } from "../sync/filter.js";
import { re2Engine } from "./parsers.js";

/** Longer patterns are refused: a filter names a domain or a word, not a novel. */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * `matches` filters run on names and titles admins choose. JavaScript's own engine
 * backtracks, so a pattern such as `(a+)+$` against a long name would block the run
 * for hours; RE2 (here its pure-JavaScript port) matches in time linear in the text,
 * at the price of backreferences and lookaround, which it refuses at validation.
 * Matching is case-insensitive, as documented.
 */
export const compilePattern: CompilePattern = (source) => {
  if (source.length > MAX_PATTERN_LENGTH) return { error: `it is ${source.length} characters long; allowed: up to ${MAX_PATTERN_LENGTH}` };
  const engine = re2Engine();
  let compiled: RE2JS;
  try {
    compiled = engine.compile(source, engine.CASE_INSENSITIVE);
  } catch (err) {
    const why = (err as Error).message.replace(/^error parsing regexp: /, "");
    return { error: `${why}; patterns use RE2 syntax, which matches in linear time and so has no backreferences or lookaround` };
  }
  return { source, test: (text) => compiled.test(text) };
};
