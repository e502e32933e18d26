/**
 * docs/cli.md's "real output" blocks are the real output of dist/cli/index.js against
 * the emulators with the demo data (scripts/cli-output.ts makes them stable): when the
 * command line's words change, `npm run docs:cli` writes them again, and this test
 * fails until it has.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI_DOC, cliOutputBlocks, withBlocks } from "../../scripts/cli-output.js";

describe("docs/cli.md", () => {
  it("shows the command line's real output (run npm run docs:cli after changing what it prints)", async () => {
    const doc = readFileSync(CLI_DOC, "utf8");
    const blocks = await cliOutputBlocks();
    expect(blocks.first).toContain("✔ Sync succeeded");
    expect(blocks.second).toMatch(/No changes: 35 up to date/);
    expect(withBlocks(doc, blocks)).toBe(doc);
  }, 60_000);
});
