import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-bundle.js";
import { changelogSection, ChangelogError } from "../../scripts/changelog.js";

const SAMPLE = `# Changelog

Intro text.

## [Unreleased]

### Fixed

- Something not released yet.

## [1.1.0] - 2027-01-15

### Added

- A new input.

## [1.0.0] - 2026-12-01

First release.

### Added

- Everything.

[Unreleased]: https://example.com/compare/v1.1.0...HEAD
[1.1.0]: https://example.com/compare/v1.0.0...v1.1.0
[1.0.0]: https://example.com/releases/tag/v1.0.0
`;

describe("changelogSection", () => {
  it("returns one version's section, without its heading, up to the next section", () => {
    expect(changelogSection(SAMPLE, "1.1.0")).toBe("### Added\n\n- A new input.");
  });

  it("leaves out the link definitions that close the file", () => {
    expect(changelogSection(SAMPLE, "1.0.0")).toBe("First release.\n\n### Added\n\n- Everything.");
  });

  it("reads Windows line endings", () => {
    expect(changelogSection(SAMPLE.replace(/\n/g, "\r\n"), "1.1.0")).toBe("### Added\n\n- A new input.");
  });

  it("does not take a version that only starts like another (1.0.0 is not 1.0.0-rc.1)", () => {
    const text = "## [1.0.0-rc.1] - 2026-11-01\n\n- A candidate.\n";
    expect(() => changelogSection(text, "1.0.0")).toThrow(ChangelogError);
    expect(changelogSection(text, "1.0.0-rc.1")).toBe("- A candidate.");
  });

  it("a missing version is a clear error that lists the sections there are and says what to do", () => {
    expect(() => changelogSection(SAMPLE, "2.0.0")).toThrow(
      'CHANGELOG.md has no "## [2.0.0]" section (it has: Unreleased, 1.1.0, 1.0.0). Move the entries under "## [Unreleased]" into a new "## [2.0.0] - YYYY-MM-DD" section first.',
    );
    expect(() => changelogSection("# Changelog\n", "1.0.0")).toThrow("(it has: none)");
  });

  it("refuses an empty or repeated section and a version that is not semantic", () => {
    expect(() => changelogSection("## [1.0.0]\n\n## [0.9.0]\n\n- x\n", "1.0.0")).toThrow(/section of CHANGELOG.md is empty/);
    expect(() => changelogSection("## [1.0.0]\n- a\n## [1.0.0]\n- b\n", "1.0.0")).toThrow(/has 2 "## \[1.0.0\]" sections/);
    expect(() => changelogSection(SAMPLE, "v1.0.0")).toThrow(/not a semantic version/);
    expect(() => changelogSection(SAMPLE, "Unreleased")).toThrow(/not a semantic version/);
  });
});

describe("CHANGELOG.md", () => {
  const changelog = readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
  const version = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;

  it("has an Unreleased section first and a dated section for the version in package.json", () => {
    const headings = changelog.split("\n").filter((line) => line.startsWith("## "));
    expect(headings[0]).toBe("## [Unreleased]");
    expect(headings).toContainEqual(expect.stringMatching(new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`)));
    expect(changelogSection(changelog, version).length).toBeGreaterThan(200);
  });
});
