/**
 * Markdown helpers that keep user data from breaking a GitHub-flavoured table:
 * pipes, HTML, backticks and line breaks in names or emails are escaped, control
 * characters dropped, and very long values shortened (the report file has them whole).
 */
export function cell(value: unknown, max = 200): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  text = text.replace(/\s*[\r\n\t]+\s*/g, " ").trim();
  if ([...text].length > max) text = [...text].slice(0, max - 1).join("") + "…";
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|~#!])/g, "\\$1");
}

/** A value as shown in a change: quoted text, bare numbers and booleans, ∅ for empty. */
export function shown(value: unknown, max = 80): string {
  if (value === null || value === undefined || value === "") return "∅";
  if (typeof value === "string") return `"${value}"`.length > max ? `"${[...value].slice(0, max - 3).join("")}…"` : `"${value}"`;
  return String(value);
}

export interface TableLimits {
  maxRows: number;
  maxBytes: number;
}

/**
 * A table that stops adding rows at its limits and says how many were left out, so
 * the job summary stays under GitHub's 1 MiB whatever the size of the run.
 */
export function table(headers: string[], rows: string[][], limits: TableLimits, leftOutNote: string): string {
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
  if (shownRows < rows.length) out += `\n_${rows.length - shownRows} more ${rows.length - shownRows === 1 ? "row" : "rows"} left out here; ${leftOutNote}_\n`;
  return out;
}
