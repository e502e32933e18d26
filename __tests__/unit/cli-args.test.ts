import { tempDir } from "../support/temp.js";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";
import { loadConfigFile } from "../../src/cli/config-file.js";
import { envName } from "../../src/cli/options.js";
import { describeInputs, resolveInputs } from "../../src/cli/precedence.js";
import { UsageError } from "../../src/cli/usage-error.js";

function usageProblems(argv: string[]): string[] {
  try {
    parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.problems;
    throw err;
  }
  throw new Error("expected a usage error");
}

describe("parseArgs", () => {
  it("reads --flag value and --flag=value, switches, and the run flags", () => {
    const args = parseArgs(["--records", "users-and-saas-users", "--fail-on=5%", "--dry-run", "--only", "ada@example.com", "--json", "-q", "-c", "sync.yml"]);
    expect(args.inputs).toEqual({ records: "users-and-saas-users", "fail-on": "5%", "dry-run": "true" });
    expect(args).toMatchObject({ only: "ada@example.com", json: true, quiet: true, config: "sync.yml", help: false });
  });

  it("lets --no-dry-run and --dry-run=false turn a dry run from the environment or file off", () => {
    expect(parseArgs(["--no-dry-run"]).inputs["dry-run"]).toBe("false");
    expect(parseArgs(["--dry-run=false"]).inputs["dry-run"]).toBe("false");
    expect(usageProblems(["--dry-run=maybe"])).toEqual(["--dry-run takes no value, or =true / =false"]);
  });

  it("refuses every token flag, in both spellings, without repeating the value", () => {
    const problems = usageProblems(["--intercom-token", "ic_secret_value_1", "--oomnitza-token=oom_secret_value_2", "--github-token", "ghp_secret_value_3"]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^--intercom-token is refused: .*environment variable INTERCOM_TOKEN/);
    expect(problems[1]).toMatch(/environment variable OOMNITZA_TOKEN/);
    expect(problems[2]).toMatch(/environment variable IOS_GITHUB_TOKEN/);
    expect(problems.join("\n")).not.toMatch(/secret_value/);
  });

  it("names unknown flags (never what followed =) and suggests a close one", () => {
    expect(usageProblems(["--recods=users"])).toEqual(['unknown flag "--recods"; did you mean --records?']);
    expect(usageProblems(["--intercom-tokn=ic_secret_value"]).join()).not.toContain("ic_secret_value");
    expect(usageProblems(["synch"])).toEqual(['unexpected argument in position 1: "synch" (did you mean sync?): the only commands are sync (the default) and check, and they come first; everything else is a flag']);
    expect(usageProblems(["ghp_notacommand1234"]).join()).not.toContain("ghp_");
    expect(usageProblems(["--dry-run", "check"])).toEqual(["unexpected argument in position 2: the only commands are sync (the default) and check, and they come first; everything else is a flag"]);
    expect(parseArgs(["check", "--json"])).toMatchObject({ inputs: { mode: "check" }, json: true });
    expect(parseArgs(["sync"]).inputs).toEqual({ mode: "sync" });
    expect(usageProblems(["--records"])).toEqual(["--records needs a value"]);
    expect(usageProblems(["--records", "--dry-run"])).toEqual(["--records needs a value"]);
    expect(usageProblems(["--json=yes"])).toEqual(["--json takes no value"]);
  });
});

describe("environment variable names", () => {
  it("keeps vendor-named inputs plain and prefixes the rest with IOS_", () => {
    expect(envName("intercom-token")).toBe("INTERCOM_TOKEN");
    expect(envName("oomnitza-url")).toBe("OOMNITZA_URL");
    expect(envName("records")).toBe("IOS_RECORDS");
    expect(envName("github-token")).toBe("IOS_GITHUB_TOKEN");
    expect(envName("dry-run")).toBe("IOS_DRY_RUN");
  });
});

describe("resolveInputs and describeInputs", () => {
  const config = { path: "/etc/ios/sync.yml", values: { records: "users", preference: "update-only", "sync-key": "intercom_id", "oomnitza-token": "oom_from_file_123" }, warnings: [] };

  it("takes flags over environment over the file; an empty variable counts as unset", () => {
    const args = parseArgs(["--records", "users-and-saas-users"]);
    const env = { IOS_RECORDS: "users", IOS_PREFERENCE: "create-only", IOS_SYNC_KEY: "", OOMNITZA_TOKEN: "oom_from_env_456", FILTER: "ignored: not ours" };
    const { raw, origins } = resolveInputs(args, env, config);
    expect(raw).toEqual({ records: "users-and-saas-users", preference: "create-only", "sync-key": "intercom_id", "oomnitza-token": "oom_from_env_456" });
    expect(origins).toMatchObject({ records: "flag", preference: "env", "sync-key": "file", "oomnitza-token": "env", filter: "default" });

    const name = describeInputs(origins, config);
    expect(name("records")).toBe("--records");
    expect(name("preference")).toBe("IOS_PREFERENCE (environment)");
    expect(name("sync-key")).toBe("sync-key (in sync.yml)");
    expect(name("filter")).toBe("--filter (or IOS_FILTER)");
    expect(name("intercom-token")).toBe("INTERCOM_TOKEN");
  });

  it("an explicit empty flag wins, to get back the default", () => {
    const { raw, origins } = resolveInputs(parseArgs(["--preference="]), { IOS_PREFERENCE: "create-only" });
    expect(raw.preference).toBe("");
    expect(origins.preference).toBe("flag");
  });
});

describe("loadConfigFile", () => {
  const dir = () => tempDir("ios-config-");

  it("reads the action's input names, turns numbers and booleans into text, nested mapping into inline YAML", () => {
    const folder = dir();
    const file = path.join(folder, "sync.yml");
    writeFileSync(file, "oomnitza-url: https://acme.oomnitza.com\ndry-run: true\nwrite-concurrency: 8\nfilter:\n  - exclude: { email: { matches: '@bots' } }\n");
    const loaded = loadConfigFile(file, "/");
    expect(loaded.values).toMatchObject({ "oomnitza-url": "https://acme.oomnitza.com", "dry-run": "true", "write-concurrency": "8" });
    expect(loaded.values.filter).toContain("exclude:");
    expect(loaded.warnings).toEqual([]);
  });

  it("reads a relative mapping path from the config file's folder", () => {
    const folder = dir();
    mkdirSync(path.join(folder, "conf"));
    writeFileSync(path.join(folder, "conf", "mapping.yml"), "fields:\n  email: email\n");
    writeFileSync(path.join(folder, "conf", "sync.yml"), "mapping: mapping.yml\n");
    expect(loadConfigFile("conf/sync.yml", folder).values.mapping).toBe(path.join(folder, "conf", "mapping.yml"));
  });

  it("rejects unknown keys and broken YAML without quoting the file's text", () => {
    const folder = dir();
    const file = path.join(folder, "sync.yml");
    writeFileSync(file, "recrods: users\n");
    expect(() => loadConfigFile(file, folder)).toThrow(/unknown key "recrods"/);
    writeFileSync(file, "oomnitza-token: oom_secret_in_file_789\n  broken: [\n");
    expect(() => loadConfigFile(file, folder)).toThrow(/not valid YAML at line \d+, column \d+/);
    try {
      loadConfigFile(file, folder);
    } catch (err) {
      expect(String(err)).not.toContain("oom_secret_in_file_789");
    }
    expect(() => loadConfigFile("missing.yml", folder)).toThrow(/cannot read "missing.yml" \(no such file\)/);
  });

  it.skipIf(process.platform === "win32")("warns when a file holding a token can be read by others", () => {
    const folder = dir();
    const file = path.join(folder, "sync.yml");
    writeFileSync(file, "oomnitza-token: oom_made_up_token_000\n");
    chmodSync(file, 0o644);
    expect(loadConfigFile(file, folder).warnings.join()).toContain("chmod 600");
    chmodSync(file, 0o600);
    expect(loadConfigFile(file, folder).warnings).toEqual([]);
  });
});
