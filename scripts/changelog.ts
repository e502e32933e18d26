// Reads CHANGELOG.md (Keep a Changelog form): the section of one version is the body of
// its GitHub release. Pure: text in, text out, so the release script and the release
// workflow publish exactly what the tests check.

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const HEADING = /^## \[([^\]]+)\]/;
const LINK_DEFINITION = /^\[[^\]]+\]:\s/;

export class ChangelogError extends Error {
  override name = "ChangelogError";
}

/**
 * The body of the `## [version]` section of a Keep a Changelog text: everything after
 * its heading up to the next `## ` heading, without the link definitions that close
 * the file, trimmed. Throws a ChangelogError naming the fix when the version is not a
 * semantic version or its section is missing, repeated or empty.
 */
export function changelogSection(changelog: string, version: string): string {
  if (!SEMVER.test(version)) throw new ChangelogError(`"${version}" is not a semantic version (X.Y.Z)`);
  const lines = changelog.replace(/\r\n?/g, "\n").split("\n");
  const starts = lines.flatMap((line, index) => (HEADING.exec(line)?.[1] === version ? [index] : []));
  if (starts.length === 0) {
    const known = lines.flatMap((line) => HEADING.exec(line)?.[1] ?? []);
    throw new ChangelogError(
      `CHANGELOG.md has no "## [${version}]" section (it has: ${known.join(", ") || "none"}). ` +
        `Move the entries under "## [Unreleased]" into a new "## [${version}] - YYYY-MM-DD" section first.`,
    );
  }
  if (starts.length > 1) throw new ChangelogError(`CHANGELOG.md has ${starts.length} "## [${version}]" sections; keep one`);
  const start = (starts[0] as number) + 1;
  let end = lines.findIndex((line, index) => index >= start && line.startsWith("## "));
  if (end === -1) end = lines.length;
  const body = lines.slice(start, end);
  while (body.length > 0 && (LINK_DEFINITION.test(body.at(-1) as string) || (body.at(-1) as string).trim() === "")) body.pop();
  const text = body.join("\n").trim();
  if (text === "") throw new ChangelogError(`the "## [${version}]" section of CHANGELOG.md is empty: say what changed for users`);
  return text;
}
