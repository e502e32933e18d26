import { INPUT_NAMES, INPUTS, type InputName } from "../settings/index.js";

/**
 * How each action input is named on the command line. Inputs already namespaced by
 * their vendor keep plain names (INTERCOM_TOKEN, OOMNITZA_URL);
 * every other input gets the IOS_ prefix (intercom-oomnitza-sync), because plain names
 * such as FILTER, RECORDS or GITHUB_TOKEN are often already set in a shell for
 * something else and would silently change a sync.
 */
export const ENV_PREFIX = "IOS_";

export interface InputOption {
  input: InputName;
  /** `--oomnitza-url`; undefined for tokens, which are refused as flags. */
  flag?: string;
  env: string;
  secret: boolean;
  /** A switch (`--dry-run`), not a flag that takes a value. */
  boolean: boolean;
  /** Only meaningful inside GitHub Actions; accepted so one config file serves both. */
  githubOnly: boolean;
}

const GITHUB_ONLY = new Set<InputName>(["notify", "github-token"]);

export function envName(input: InputName): string {
  const upper = input.replace(/-/g, "_").toUpperCase();
  return input.startsWith("intercom-") || input.startsWith("oomnitza-") ? upper : ENV_PREFIX + upper;
}

export const INPUT_OPTIONS: InputOption[] = INPUT_NAMES.map((input) => {
  const secret = "secret" in INPUTS[input];
  return { input, flag: secret ? undefined : `--${input}`, env: envName(input), secret, boolean: input === "dry-run", githubOnly: GITHUB_ONLY.has(input) };
});

export const OPTION_BY_INPUT = new Map(INPUT_OPTIONS.map((o) => [o.input, o]));

/** Flags of the command line itself, not settings of the sync. */
export const CLI_FLAGS = {
  config: { flag: "--config", value: "FILE", help: "YAML file with the action input names as keys, tokens allowed (or IOS_CONFIG)" },
  only: { flag: "--only", value: "EMAIL", help: "sync just the Intercom admin with this email (removal detection is off)" },
  history: { flag: "--history", value: "FILE", help: "where the runs' seat figures are kept for the trend (default $XDG_STATE_HOME/intercom-oomnitza-sync/history.jsonl, or IOS_HISTORY)" },
  json: { flag: "--json", help: "print the JSON report on stdout (logs stay on stderr)" },
  quiet: { flag: "--quiet", help: "print nothing unless the run fails (for cron)" },
  help: { flag: "--help", help: "show this help" },
  version: { flag: "--version", help: "print the version" },
} as const;
export type CliFlag = keyof typeof CLI_FLAGS;
