import { cleanText } from "./text.js";

/**
 * Markdown helpers that keep user data from breaking a GitHub-flavoured table: the
 * text is cleaned (text.ts), then pipes, HTML, backticks and other Markdown characters
 * are escaped; very long values are shortened (the report file has them whole).
 */
export function cell(value: unknown, max = 200): string {
  return escapeMarkdown(cleanText(value, max));
}

/**
 * Plain text (a settings error, a reason) as Markdown that renders as it reads: every
 * line escaped like a cell, and each quoted value ("…", as messages quote what a user
 * typed) shown as inline code, so a value can never become a link, an image, a heading
 * or HTML. Lines become paragraphs; a "- " list stays a list.
 */
export function plainMarkdown(text: string): string {
  return text
    .split("\n")
    .map((raw) => {
      const line = cleanText(raw, 4000);
      const bullet = /^- /.test(line) ? "- " : "";
      const parts = line.slice(bullet.length).split(/("(?:[^"\\]|\\.)*")/);
      return bullet + parts.map((part, i) => (i % 2 === 1 ? inlineCode(unquote(part)) : escapeMarkdown(part))).join("");
    })
    .join("\n\n");
}

/** A quoted value without its quotes (an empty one keeps them, so it still shows). */
function unquote(literal: string): string {
  try {
    const value = JSON.parse(literal) as string;
    return value === "" ? literal : value;
  } catch {
    return literal;
  }
}

/** Escapes HTML and the characters Markdown acts on (cell() also cleans and shortens). */
const escapeMarkdown = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([\\`*_[\]|~#!])/g, "\\$1");

/** Text as inline code: a fence of backticks longer than any run inside, cleaned of control characters. */
export function inlineCode(text: string): string {
  const clean = cleanText(text, 400);
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

export interface TableLimits {
  maxRows: number;
  maxBytes: number;
}

/**
 * A table that stops adding rows at its limits and says how many were left out, so
 * the job summary stays under GitHub's 1 MiB whatever the size of the run. `total`
 * counts rows the caller did not even render (it gives at most `maxRows`).
 */
export function table(headers: string[], rows: string[][], limits: TableLimits, leftOutNote: string, total = rows.length): string {
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`];
  // Bytes, not string length: GitHub's 1 MiB limit counts UTF-8, and names are often not ASCII.
  let bytes = Buffer.byteLength(lines.join("\n"));
  let shownRows = 0;
  for (const row of rows) {
    const line = `| ${row.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
    const size = Buffer.byteLength(line) + 1;
    if (shownRows >= limits.maxRows || bytes + size > limits.maxBytes) break;
    lines.push(line);
    bytes += size;
    shownRows++;
  }
  let out = lines.join("\n") + "\n";
  const leftOut = total - shownRows;
  if (leftOut > 0) out += `\n_${leftOut} more ${leftOut === 1 ? "row" : "rows"} left out here; ${leftOutNote}_\n`;
  return out;
}
