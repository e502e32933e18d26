import { marked, type Tokens } from "marked";
import { describe, expect, it } from "vitest";
import type { ReportEntry, ReportRemoved } from "../../src/report/model.js";
import { renderSummary } from "../../src/report/summary.js";
import { syntheticReport } from "../support/report-fixtures.js";

const NASTY_NAME = "Eve | <script>alert(1)</script> `rm -rf`\nSecond line";
const NASTY_EMAIL = "eve|x@example.com";

const entries: ReportEntry[] = [
  { admin: { id: "1", name: NASTY_NAME, email: NASTY_EMAIL }, key: NASTY_EMAIL, action: "update", userId: "u1", outcome: "done", changes: [{ field: "position", before: "Old | title", after: "New `title`\nwith <b>html</b>" }] },
  { admin: { id: "2", name: "Ada", email: "ada@example.com" }, key: "ada@example.com", action: "create", outcome: "done", changes: [{ field: "email", before: null, after: "ada@example.com" }] },
  { admin: { id: "3", name: "Bob", email: "bob@example.com" }, key: "bob@example.com", action: "update", userId: "u3", outcome: "failed", error: "Oomnitza answered 400: position | too long", changes: [{ field: "position", before: "a", after: "b" }] },
  { admin: { id: "4", name: "Twin", email: "twin@example.com" }, key: "twin@example.com", action: "skip", outcome: "none", reason: "duplicate in Intercom (ids 4, 5)", changes: [] },
  { admin: { id: "6", name: "New Person", email: "new@example.com" }, key: "new@example.com", action: "not-in-oomnitza", outcome: "none", changes: [] },
];
const removed: ReportRemoved[] = [{ userId: "u9", intercomId: "99", email: "gone@example.com", name: "Gone | Person", action: "report", outcome: "none" }];

type Table = Tokens.Table;

function tables(markdown: string): Table[] {
  const found: Table[] = [];
  marked.walkTokens(marked.lexer(markdown), (token) => {
    if (token.type === "table") found.push(token as Table);
  });
  return found;
}

/** What a reader sees in a cell: the inline Markdown rendered, tags dropped, entities decoded. */
function plain(cell: Tokens.TableCell): string {
  return (marked.parseInline(cell.text) as string)
    .replace(/<br>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Pipes that end a cell: those not escaped with a backslash. */
const cellBreaks = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length;

describe("the job summary is valid GitHub-flavoured Markdown", () => {
  const markdown = renderSummary(syntheticReport(entries, removed, { guard: { fired: false, message: "The real run would abort: 3 removals > 1" } }), {
    reportHint: "The full report is the run's artifact.",
    notices: ["The previous successful run was 2 days 3 hours ago (2026-11-24T02:00:00Z): scheduled runs may have been missed or failed."],
    runRows: [["Workflow run", "https://github.com/acme/people-sync/actions/runs/42"]],
  });
  const found = tables(markdown);
  const byHeader = (first: string, second: string) => found.find((t) => t.header[0]?.text === first && t.header[1]?.text === second);

  it("every table row has exactly as many cells as its header", () => {
    expect(found.length).toBeGreaterThanOrEqual(6);
    for (const table of found) {
      const lines = table.raw.trim().split("\n");
      const columns = table.header.length;
      for (const line of lines) expect(cellBreaks(line), line).toBe(columns + 1);
      for (const row of table.rows) expect(row).toHaveLength(columns);
    }
  });

  it("names and emails with pipes, HTML, backticks and newlines stay inside their cell, readable", () => {
    const changes = byHeader("Person", "Action");
    expect(changes?.rows.map((row) => plain(row[1]!))).toEqual(["update", "create"]);
    expect(plain(changes!.rows[0]![0]!)).toBe("Eve | <script>alert(1)</script> `rm -rf` Second line <eve|x@example.com>");
    expect(plain(changes!.rows[0]![2]!)).toBe('position: "Old | title" → "New `title` with <b>html</b>"');
    expect(markdown).not.toContain("<script>");

    const failures = found.find((t) => t.header[2]?.text === "Cause");
    expect(failures?.rows.map((row) => row.map(plain))).toEqual([
      ["1", "update", "Oomnitza answered 400: position | too long", expect.stringMatching(/^Oomnitza refused a value/), "Bob <bob@example.com>"],
    ]);
    expect(byHeader("Person", "Reason")?.rows.map((row) => row.map(plain))).toEqual([["Twin <twin@example.com>", "duplicate in Intercom (ids 4, 5)", expect.stringMatching(/^Two Intercom admins share the key/)]]);
    expect(byHeader("Person", "Intercom ID")?.rows.map((row) => row.map(plain))).toEqual([["New Person <new@example.com>", "6"]]);
    expect(byHeader("Oomnitza user", "Intercom ID")?.rows.map((row) => row.map(plain))).toEqual([["Gone | Person <gone@example.com>", "99", "reported", "none"]]);
  });

  it("has the status line, the counts, the guard's message, the missed-run note and the report pointer", () => {
    expect(markdown.split("\n")[0]).toBe("## ⚠️ Intercom → Oomnitza sync completed with errors");
    const counts = byHeader("Fetched", "Created");
    expect(counts?.rows.map((row) => row.map(plain))).toEqual([["5", "1", "1", "0", "1", "1", "1", "0", "1"]]);
    expect(markdown).toContain("The real run would abort: 3 removals &gt; 1");
    expect(markdown).toMatch(/^> ⏰ The previous successful run was 2 days 3 hours ago/m);
    const whatRan = byHeader("Setting", "Value");
    expect(whatRan?.rows.map((row) => plain(row[0]!))).toContain("Workflow run");
    expect(markdown.trim().split("\n").at(-1)).toBe("_The full report is the run's artifact._");
  });
});

describe("values render as they are", () => {
  it("a URL in a value is inline code: no link GitHub would make of it, underscores kept", () => {
    const url = "https://static.avatars.example.com/admins/1/square_128/a|b.png";
    const withUrl: ReportEntry[] = [{ admin: { id: "1", name: "Ada", email: "ada@example.com" }, key: "ada@example.com", action: "update", userId: "u1", outcome: "done", changes: [{ field: "intercom_avatar", before: null, after: url }] }];
    const markdown = renderSummary(syntheticReport(withUrl, []));
    const table = tables(markdown).find((t) => t.header[0]?.text === "Person");
    const html = marked.parseInline(table?.rows[0]?.[2]?.text ?? "") as string;
    expect(html).toContain("<code>");
    expect(html).toContain("square_128");
    expect(html).not.toContain("<a ");
    expect(plain(table?.rows[0]?.[2] as Tokens.TableCell)).toContain(url);
  });

  it("more than 10 changed people are folded under a roll-up by field, those whose name or position changed first", () => {
    const many: ReportEntry[] = Array.from({ length: 14 }, (_, i) => ({
      admin: { id: String(i), name: `P${i}`, email: `p${i}@example.com` },
      key: `p${i}@example.com`,
      action: "update" as const,
      userId: `u${i}`,
      outcome: "done" as const,
      changes: i === 9 ? [{ field: "position", before: "Agent", after: "Lead" }] : [{ field: "intercom_id", before: null, after: String(i) }],
    }));
    const markdown = renderSummary(syntheticReport(many, []));
    expect(markdown).toContain("position changed on 1 · intercom\\_id set on 13");
    expect(markdown).toContain("<details><summary>14 people, those whose name, position or seat changes first</summary>");
    const table = tables(markdown).find((t) => t.header[0]?.text === "Person");
    expect(table?.rows[0]?.[0]?.text).toMatch(/^P9 /);
  });
});
