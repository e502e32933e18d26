import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { parseSettings } from "../../src/settings/index.js";

/** The ```yaml blocks of a Markdown text. */
const yamlBlocks = (text: string) => [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);

// The README shows the default mapping; the mapping and filter examples live in docs/mapping.md.
const documents = ["README.md", ...readdirSync("docs").filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`)];
const readmeBlocks = yamlBlocks(readFileSync("README.md", "utf8"));
const blocks = documents.flatMap((file) => yamlBlocks(readFileSync(file, "utf8")));
const base = { "intercom-token": "ic_test_token_abcdef", "oomnitza-url": "https://acme.oomnitza.com", "oomnitza-token": "oz_test_token_abcdef" };

describe("the YAML examples of README.md and docs/*.md stay true", () => {
  const mappings = blocks.filter((b) => /^(#.*\n)*(extends|fields):/m.test(b) && !/^on:/m.test(b));
  const filters = blocks.filter((b) => /^filter:/.test(b));
  const contractorFilter = filters.find((b) => b.includes("contractor"));

  it("finds the examples", () => {
    expect(mappings.length).toBeGreaterThanOrEqual(2);
    expect(mappings.some((b) => /^extends: default/m.test(b))).toBe(true);
    expect(filters.length).toBeGreaterThanOrEqual(1);
    expect(contractorFilter).toBeDefined();
  });

  it("every mapping example is a valid mapping", () => {
    for (const block of mappings) expect(() => parseSettings({ ...base, mapping: block }, { cwd: process.cwd() })).not.toThrow();
  });

  it("every filter example is a valid filter, and the regular expression means what it says", () => {
    for (const block of filters) {
      const settings = parseSettings({ ...base, filter: block }, { cwd: process.cwd() });
      expect(settings.mapping.filter.length).toBe((YAML.parse(block) as { filter: unknown[] }).filter.length);
    }
    const settings = parseSettings({ ...base, filter: contractorFilter as string }, { cwd: process.cwd() });
    const rule = settings.mapping.filter[0]!;
    const test = rule.conditions[0]!.test;
    expect(test.kind === "matches" && test.pattern.test("pat@contractor.example")).toBe(true);
    expect(test.kind === "matches" && test.pattern.test("pat@contractorXexample")).toBe(false);
  });

  it("the README shows the default mapping, and it is the one the code uses", () => {
    const shown = readmeBlocks.find((b) => b.startsWith("fields:\n  username: { source: email, on: create }"));
    expect(shown).toBeDefined();
    const fromReadme = parseSettings({ ...base, mapping: shown as string }, { cwd: process.cwd() }).mapping;
    expect(fromReadme).toEqual(parseSettings(base, { cwd: process.cwd() }).mapping);
  });
});
