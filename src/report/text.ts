/**
 * Names, titles and error texts come from Intercom and Oomnitza. Before any of them is
 * shown (terminal, log, job summary, issue), whole escape sequences (CSI such as
 * "\x1b[2J", OSC such as a window title), stray control characters and bidirectional
 * overrides are dropped, line breaks flattened and very long values shortened.
 */
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(value: unknown, max = 200): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // Only the start can be shown: cleaning (and counting characters of) a megabyte name
  // for a 120-character cell would cost time and memory on every row of a large run.
  if (text.length > max * 8 + 256) text = text.slice(0, max * 8 + 256);
  text = text.replace(ESCAPE_SEQUENCE, "").replace(INVISIBLE, "");
  text = text.replace(/\s*[\r\n\t]+\s*/g, " ").trim();
  if (text.length <= max) return text; // no more code points than UTF-16 units
  const chars = [...text.slice(0, max * 2)];
  return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : text;
}

/**
 * Like cleanText, line by line, for a message of several lines of our own (a settings
 * error lists its problems one a line): each line is cleaned, the line breaks stay.
 */
export function cleanLines(value: string, max = 4000): string {
  return value
    .split("\n")
    .map((line) => cleanText(line, max))
    .join("\n");
}

/** A value as shown in a change: quoted text, bare numbers and booleans, ∅ for empty. */
export function shown(value: unknown, max = 80): string {
  if (value === null || value === undefined || value === "") return "∅";
  if (typeof value !== "string") return cleanText(value, max);
  const text = cleanText(value, Number.MAX_SAFE_INTEGER);
  return [...text].length + 2 > max ? `"${[...text].slice(0, max - 3).join("")}…"` : `"${text}"`;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** "1 person", "3 people", "1 admin to create": a count with its noun, right in the singular. */
export function plural(n: number, one: string, many: string, after = ""): string {
  return `${n} ${n === 1 ? one : many}${after ? ` ${after}` : ""}`;
}
