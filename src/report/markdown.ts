import { cleanText } from "./text.js";

/**
 * Markdown helpers that keep user data from breaking a GitHub-flavoured table: the
 * text is cleaned (text.ts), then pipes, HTML, backticks and other Markdown characters
 * are escaped; very long values are shortened (the report file has them whole).
 */
export function cell(value: unknown, max = 200): string {
  return cleanText(value, max)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|~#!])/g, "\\$1");
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
