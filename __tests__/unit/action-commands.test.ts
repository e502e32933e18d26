import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { appendSummary, getInput, setFailed, setOutput, setSecret, warning } from "../../src/action/commands.js";
import { parseGithubOutput } from "../support/run-bundle.js";
import { tempDir } from "../support/temp.js";

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function stdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("the runner commands the action uses", () => {
  it("reads an input from INPUT_<NAME>, trimmed, and an unset one as empty", () => {
    const env = { "INPUT_OOMNITZA-URL": "  https://acme.oomnitza.com \n", INPUT_MY_INPUT: "x" };
    expect(getInput("oomnitza-url", env)).toBe("https://acme.oomnitza.com");
    expect(getInput("my input", env)).toBe("x");
    expect(getInput("dry-run", env)).toBe("");
  });

  it("writes outputs as name<<delimiter blocks the runner reads back, multi-line values included", () => {
    const file = path.join(tempDir("ios-commands-"), "github_output");
    writeFileSync(file, "");
    setOutput("status", "success", { GITHUB_OUTPUT: file });
    setOutput("created", 3, { GITHUB_OUTPUT: file });
    setOutput("note", "two\nlines", { GITHUB_OUTPUT: file });
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^status<<ghadelimiter_[0-9a-f-]{36}\nsuccess\nghadelimiter_[0-9a-f-]{36}\n/);
    expect(parseGithubOutput(text)).toEqual({ status: "success", created: "3", note: "two\nlines" });
  });

  it("escapes workflow commands so a message stays one command, and setFailed sets the exit code", () => {
    const lines = stdout();
    warning("50% done\nsecond line");
    setSecret("s3cret");
    setFailed("it broke\r\n");
    expect(lines).toEqual(["::warning::50%25 done%0Asecond line\n", "::add-mask::s3cret\n", "::error::it broke%0D%0A\n"]);
    expect(process.exitCode).toBe(1);
  });

  it("appends the job summary as given", () => {
    const file = path.join(tempDir("ios-commands-"), "summary.md");
    writeFileSync(file, "before\n");
    appendSummary("## Title\n", { GITHUB_STEP_SUMMARY: file });
    expect(readFileSync(file, "utf8")).toBe("before\n## Title\n");
    expect(() => appendSummary("x", {})).toThrow(/GITHUB_STEP_SUMMARY is not set/);
  });
});
