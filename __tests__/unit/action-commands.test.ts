import { plainMarkdown } from "../../src/report/markdown.js";
/**
 * What the action writes to the runner, through @actions/core, run in-process on a
 * settings error (no request is made): masks and annotations on stdout, outputs in the
 * GITHUB_OUTPUT file, the job summary appended to GITHUB_STEP_SUMMARY, the exit code.
 * The end-to-end tests (__tests__/e2e/bundle.test.ts) do the same through dist/index.js.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runAction } from "../../src/action/main.js";
import { parseSettings, SettingsError } from "../../src/settings/index.js";
import { parseGithubOutput } from "../support/run-bundle.js";
import { tempDir } from "../support/temp.js";

const saved = { ...process.env };
let root: string;
let summaryFile: string;

beforeAll(() => {
  root = tempDir("ios-action-");
  // @actions/core keeps the summary file's path once it has found it: one file for every test here.
  summaryFile = path.join(root, "step_summary.md");
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

/** Sets the runner's environment for one in-process run; returns the workspace and output file. */
function runner(inputs: Record<string, string>, files = true): { workspace: string; outputFile: string } {
  const workspace = tempDir("ios-ws-");
  const outputFile = path.join(workspace, "github_output");
  for (const key of Object.keys(process.env)) if (key.startsWith("INPUT_") || key.startsWith("GITHUB_") || key === "RUNNER_DEBUG") delete process.env[key];
  if (files) {
    writeFileSync(outputFile, "");
    writeFileSync(summaryFile, "before\n");
    process.env.GITHUB_OUTPUT = outputFile;
    process.env.GITHUB_STEP_SUMMARY = summaryFile;
  }
  process.env.GITHUB_WORKSPACE = workspace;
  process.env.RUNNER_TEMP = workspace;
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  return { workspace, outputFile };
}

function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

const TOKENS = { "intercom-token": "ic_made_up_token_4f1e", "oomnitza-token": "oz_made_up_token_9a2c" };

describe("the action through @actions/core, in-process", () => {
  it("masks the tokens, writes the outputs, the summary and the failure, and annotates the mapping file's line", async () => {
    const { workspace, outputFile } = runner({
      "intercom-token": `  ${TOKENS["intercom-token"]} \n`,
      "oomnitza-token": TOKENS["oomnitza-token"],
      "oomnitza-url": "https://acme.oomnitza.com",
      "sync-key": "50%",
      mapping: "config/mapping.yml",
    });
    mkdirSync(path.join(workspace, "config"));
    writeFileSync(path.join(workspace, "config", "mapping.yml"), 'extends: default\nfields:\n  department: { value: "tok-secret-123\\q" }\n');
    const stdout = captureStdout();
    await runAction();
    const log = stdout.join("");

    // The masks come first, for the trimmed values.
    expect(stdout.slice(0, 2)).toEqual([`::add-mask::${TOKENS["intercom-token"]}\n`, `::add-mask::${TOKENS["oomnitza-token"]}\n`]);

    const expected = (() => {
      try {
        parseSettings({ ...TOKENS, "oomnitza-url": "https://acme.oomnitza.com", "sync-key": "50%", mapping: "config/mapping.yml" }, { cwd: workspace, describeInput: (n) => `input ${n}` });
      } catch (err) {
        if (err instanceof SettingsError) return err;
      }
      throw new Error("the settings should have been refused");
    })();
    expect(expected.problems).toHaveLength(2);
    const yamlProblem = expected.problems[1] as string;
    expect(yamlProblem).toMatch(/^input mapping \(config\/mapping\.yml\): not valid YAML at line 3, column \d+ \(an invalid escape/);
    const column = /column (\d+)/.exec(yamlProblem)?.[1];

    // One annotation on the mapping file's line, then the failure listing every problem (%, CR, LF escaped).
    const errors = log.split("\n").filter((line) => line.startsWith("::error"));
    expect(errors).toEqual([
      `::error title=Intercom → Oomnitza sync settings,file=config/mapping.yml,line=3,col=${column}::${yamlProblem}`,
      `::error::${expected.message.replace(/%/g, "%25").replace(/\n/g, "%0A")}`,
    ]);
    expect(log).not.toContain("tok-secret-123");
    expect(process.exitCode).toBe(1);

    // Outputs as name<<delimiter blocks, the summary appended to what the file held.
    const outputs = readFileSync(outputFile, "utf8");
    expect(outputs).toMatch(/^status<<ghadelimiter_[0-9a-f-]{36}\nfailed\nghadelimiter_[0-9a-f-]{36}\n/);
    expect(parseGithubOutput(outputs)).toEqual({ status: "failed", created: "0", updated: "0", unchanged: "0", skipped: "0", failed: "0", removed: "0", "idle-seats": "", "report-path": "" });
    expect(readFileSync(summaryFile, "utf8")).toBe(`before\n## ❌ Intercom → Oomnitza sync failed\n\n${plainMarkdown(expected.message)}\n`);
    for (const text of [log, outputs, readFileSync(summaryFile, "utf8")]) {
      expect(text.replace(/::add-mask::.*\n/g, "")).not.toContain(TOKENS["intercom-token"]);
      expect(text.replace(/::add-mask::.*\n/g, "")).not.toContain(TOKENS["oomnitza-token"]);
    }
  });

  it("cleans control characters and bidi overrides from what it logs and summarises", async () => {
    runner({ ...TOKENS, "oomnitza-url": "https://acme.oomnitza.com", mode: "sy\u202enc\u0007" });
    const stdout = captureStdout();
    await runAction();
    const log = stdout.join("");
    expect(log).toMatch(/::error::The settings have a problem; nothing was read or written:%0A- input mode: "sync/);
    for (const text of [log, readFileSync(summaryFile, "utf8")]) expect(text).not.toMatch(/[\u202e\u0007]/);
  });

  it("annotates a mapping file's problem without a line on the file as a whole", async () => {
    const { workspace } = runner({ ...TOKENS, "oomnitza-url": "https://acme.oomnitza.com", mapping: "mapping.yml" });
    writeFileSync(path.join(workspace, "mapping.yml"), "extends: default\nfields:\n  position: { source: job_title, transform: titlecase }\n");
    const stdout = captureStdout();
    await runAction();
    const errors = stdout.filter((line) => line.startsWith("::error"));
    expect(errors[0]).toMatch(/^::error title=Intercom → Oomnitza sync settings,file=mapping\.yml::input mapping \(mapping\.yml\): fields\.position\.transform: unknown transform "titlecase"/);
    expect(errors[1]).toMatch(/^::error::The settings have a problem;/);
    expect(errors).toHaveLength(2);
  });

  it("annotates no file for a mapping outside the workspace, and none for an inline mapping", async () => {
    const outside = path.join(tempDir("ios-outside-"), "mapping.yml");
    writeFileSync(outside, "fields:\n  email: [email\n");
    runner({ ...TOKENS, "oomnitza-url": "https://acme.oomnitza.com", mapping: outside });
    let stdout = captureStdout();
    await runAction();
    expect(stdout.filter((line) => line.startsWith("::error"))).toEqual([expect.stringMatching(/^::error::The settings have a problem;.*not valid YAML at line \d+/)]);

    vi.restoreAllMocks();
    runner({ ...TOKENS, "oomnitza-url": "https://acme.oomnitza.com", mapping: "fields:\n  email: [email\n" });
    stdout = captureStdout();
    await runAction();
    expect(stdout.filter((line) => line.startsWith("::error"))).toEqual([expect.stringMatching(/^::error::The settings have a problem;.*input mapping: not valid YAML at line \d+/)]);
  });

  it("outside a runner (no GITHUB_OUTPUT, no GITHUB_STEP_SUMMARY) prints the outputs as commands and writes no summary", async () => {
    runner({}, false);
    const stdout = captureStdout();
    await runAction();
    const log = stdout.join("");
    expect(log).toContain("\n::set-output name=status::failed\n");
    expect(log).toContain("::debug::GITHUB_STEP_SUMMARY is not set; no job summary written\n");
    expect(log).toMatch(/::error::The settings have 3 problems/);
    expect(process.exitCode).toBe(1);
  });
});
