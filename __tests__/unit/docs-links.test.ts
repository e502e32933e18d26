import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The documentation stays readable and self-contained: the README is short, every
 * relative link in README.md and docs/**\/*.md reaches a file of the repository (and a
 * heading, for #anchors into Markdown), and nothing cites a file from outside it.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const THIS_FILE = path.relative(ROOT, fileURLToPath(import.meta.url)).split(path.sep).join("/");
/** The sibling folder of reading material a user's clone does not have; spelt in pieces so this file names it nowhere. */
const SIBLING = ["..", "shared"].join("/");

/** What the link checker needs to know about a repository: real (the disk) or in memory (the example below). */
interface Repo {
  /** Whether a repository-relative path (posix) names a file or a folder. */
  exists(rel: string): boolean;
  /** The text of a repository-relative file, or undefined. */
  read(rel: string): string | undefined;
}

const diskRepo: Repo = {
  exists: (rel) => !/^(node_modules|\.git)(\/|$)/.test(rel) && existsSync(path.join(ROOT, rel)),
  read: (rel) => (existsSync(path.join(ROOT, rel)) ? readFileSync(path.join(ROOT, rel), "utf8") : undefined),
};

function memoryRepo(files: Record<string, string>): Repo {
  return {
    exists: (rel) => rel === "" || rel === "." || rel in files || Object.keys(files).some((name) => name.startsWith(`${rel}/`)),
    read: (rel) => files[rel],
  };
}

/** GitHub's anchor for a heading: lower case, punctuation and symbols dropped, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/** The heading's text as GitHub renders it: code spans, links, emphasis marks and HTML tags reduced to their text. */
function headingText(raw: string): string {
  return raw
    .replace(/\s+#+\s*$/, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/`+/g, "")
    .replace(/\*+/g, "");
}

/**
 * The Markdown with fenced code blocks blanked (line numbers kept) and inline code spans
 * removed: a link or a heading inside code is not one.
 */
function withoutCode(markdown: string): string[] {
  const lines = markdown.split("\n");
  let fence: { char: string; length: number } | undefined;
  return lines.map((line) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = undefined;
      return "";
    }
    if (open) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      return "";
    }
    return line.replace(/(`+)[\s\S]*?\1/g, " ");
  });
}

/** Every anchor a Markdown file offers: its headings' slugs (duplicates numbered as GitHub does) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (slug: string) => {
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  };
  const lines = withoutCode(markdown);
  lines.forEach((line, i) => {
    const atx = /^ {0,3}#{1,6}\s+(.*)$/.exec(line);
    if (atx) add(githubSlug(headingText(atx[1]!)));
    const previous = lines[i - 1] ?? "";
    if (/^ {0,3}(=+|-+)\s*$/.test(line) && previous.trim() !== "" && !/^\s*([|>#*+-]|\d+\.)/.test(previous)) add(githubSlug(headingText(previous)));
    for (const m of line.matchAll(/<a\s[^>]*(?:name|id)="([^"]+)"/g)) anchors.add(m[1]!);
  });
  return anchors;
}

/** The link targets of a Markdown text, with their line numbers: inline links, images and reference definitions. */
function linksOf(markdown: string): Array<{ target: string; line: number }> {
  const found: Array<{ target: string; line: number }> = [];
  withoutCode(markdown).forEach((line, i) => {
    for (const m of line.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ target: m[1]!, line: i + 1 });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
    if (definition) found.push({ target: definition[1]!, line: i + 1 });
  });
  return found;
}

/** Every relative link of `files` that does not reach a file (or, for #anchor into Markdown, a heading), as "file:line: target: why". */
function brokenLinks(files: string[], repo: Repo): string[] {
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (rel: string) => {
    if (!anchorCache.has(rel)) anchorCache.set(rel, anchorsOf(repo.read(rel) ?? ""));
    return anchorCache.get(rel)!;
  };
  for (const file of files) {
    for (const { target, line } of linksOf(repo.read(file) ?? "")) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue; // https:, mailto:: not a file of the repository
      const where = `${file}:${line}: ${target}`;
      const hash = target.indexOf("#");
      const rawPath = hash < 0 ? target : target.slice(0, hash);
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      let rel: string;
      try {
        const decoded = decodeURIComponent(rawPath);
        rel = decoded === "" ? file : path.posix.normalize(decoded.startsWith("/") ? decoded.slice(1) : path.posix.join(path.posix.dirname(file), decoded));
      } catch {
        problems.push(`${where}: not a valid path`);
        continue;
      }
      rel = rel.replace(/\/$/, "");
      if (rel === ".." || rel.startsWith("../")) {
        problems.push(`${where}: points outside the repository`);
        continue;
      }
      if (!repo.exists(rel)) {
        problems.push(`${where}: no such file in the repository`);
        continue;
      }
      if (anchor !== undefined && anchor !== "" && rel.endsWith(".md") && !anchors(rel).has(anchor)) {
        problems.push(`${where}: ${rel} has no heading with the anchor #${anchor}`);
      }
    }
  }
  return problems;
}

/** Repository-relative paths (posix) of the files under a folder, or the file itself. */
function filesUnder(rel: string): string[] {
  const full = path.join(ROOT, rel);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

const markdownFiles = ["README.md", ...filesUnder("docs").filter((rel) => rel.endsWith(".md"))];

describe("the documentation", () => {
  it("README.md has at most 350 lines", () => {
    const text = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const lines = text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
    expect(lines).toBeLessThanOrEqual(350);
  });

  it("every relative link in README.md and docs/**/*.md reaches a file of the repository, and a heading for #anchors", () => {
    expect(markdownFiles).toContain("docs/mapping.md");
    expect(brokenLinks(markdownFiles, diskRepo)).toEqual([]);
  });

  it("no documentation, source, test, script, benchmark or emulator file cites a file from outside the repository", () => {
    const scanned = [...markdownFiles, ...["src", "__tests__", "scripts", "bench", "emulators"].flatMap(filesUnder)].filter((rel) => rel !== THIS_FILE);
    expect(scanned.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const rel of scanned) {
      readFileSync(path.join(ROOT, rel), "utf8")
        .split("\n")
        .forEach((line, i) => {
          for (const needle of [SIBLING, "PRODUCT.md"]) if (line.includes(needle)) hits.push(`${rel}:${i + 1}: ${needle}`);
        });
    }
    expect(hits).toEqual([]);
  });
});

describe("the link checker itself", () => {
  it("makes GitHub's anchors", () => {
    expect(githubSlug(headingText("Heartbeat (dead man's switch)"))).toBe("heartbeat-dead-mans-switch");
    expect(githubSlug(headingText("Intercom → Oomnitza sync"))).toBe("intercom--oomnitza-sync");
    expect(githubSlug(headingText("What changed in `src/` for these figures"))).toBe("what-changed-in-src-for-these-figures");
    expect(githubSlug(headingText("Sync key, preferences and SaaS users"))).toBe("sync-key-preferences-and-saas-users");
    expect([...anchorsOf("# A\n\n## Notes\n\n## Notes\n\n```md\n## Not a heading\n```\n")]).toEqual(["a", "notes", "notes-1"]);
  });

  it("reports a missing file, a missing heading and a path out of the repository, and nothing else", () => {
    const repo = memoryRepo({
      "README.md": [
        "# Demo",
        "",
        "[mapping](docs/mapping.md#filters-which-admins-sync) and [the folder](docs/) and [here](#demo)",
        "[gone](docs/gone.md) and [anchor](docs/mapping.md#nowhere)",
        `[outside](${SIBLING}/PRODUCT.md) and [web](https://example.com/x.md) and \`[code](docs/code.md)\``,
        "```md",
        "[fenced](docs/fenced.md)",
        "```",
        "",
      ].join("\n"),
      "docs/mapping.md": "# Mapping\n\n## Filters: which admins sync\n\nBack to the [README](../README.md#demo).\n",
    });
    expect(brokenLinks(["README.md", "docs/mapping.md"], repo)).toEqual([
      "README.md:4: docs/gone.md: no such file in the repository",
      "README.md:4: docs/mapping.md#nowhere: docs/mapping.md has no heading with the anchor #nowhere",
      `README.md:5: ${SIBLING}/PRODUCT.md: points outside the repository`,
    ]);
  });
});
