import { editDistance } from "./near-names.js";

/**
 * How a settings message shows a value it refuses. A mapping or filter may be the wrong
 * file (a `.env`, a credentials file), so its content is never quoted unless it looks
 * like a name someone typed: a short run of letters, spaces, `-` and `_`, no digits and
 * no other signs (tokens and passwords almost always have them). Anything else is named
 * by its kind and size: "a text of 40 characters over 3 lines".
 */
export function shown(value: unknown): string {
  if (typeof value === "string") return /^[A-Za-z][A-Za-z _-]{0,31}$/.test(value) ? JSON.stringify(value) : textSize(value);
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return "a number";
  return Array.isArray(value) ? "a list" : "an object";
}

/** "a text of 12 characters", with its lines when there are several; empty text is "an empty text". */
export function textSize(text: string): string {
  if (text.length === 0) return "an empty text";
  const lines = text.split(/\r\n|\r|\n/).length;
  return `a text of ${text.length} ${text.length === 1 ? "character" : "characters"}${lines > 1 ? ` over ${lines} lines` : ""}`;
}

/**
 * " (did you mean job_title?)" when `typed` is close to one of `known` (letter case,
 * `-`/`_`, a letter or two off, or a known name it starts or is the start of); "" otherwise.
 */
export function didYouMean(typed: unknown, known: readonly string[]): string {
  if (typeof typed !== "string" || typed.length === 0 || typed.length > 64) return "";
  const squash = (name: string) => name.toLowerCase().replace(/[-_\s]/g, "");
  const wanted = squash(typed);
  let best: { name: string; score: number } | undefined;
  for (const name of known) {
    if (name === typed) return "";
    const candidate = squash(name);
    const distance = candidate === wanted ? 0 : editDistance(candidate, wanted);
    const prefix = wanted.length >= 3 && (candidate.startsWith(wanted) || wanted.startsWith(candidate)) && Math.abs(candidate.length - wanted.length) <= 3;
    const close = distance <= (Math.min(candidate.length, wanted.length) >= 5 ? 2 : 1) || prefix;
    if (close && (!best || distance < best.score)) best = { name, score: distance };
  }
  return best ? ` (did you mean ${best.name}?)` : "";
}
