import path from "node:path";
import { INPUT_NAMES, type InputName } from "../settings/index.js";
import type { ParsedArgs } from "./args.js";
import type { ConfigFile } from "./config-file.js";
import { OPTION_BY_INPUT } from "./options.js";

export type Origin = "flag" | "env" | "file" | "default";

export interface ResolvedInputs {
  raw: Partial<Record<InputName, string>>;
  origins: Record<InputName, Origin>;
}

/**
 * Precedence: flags > environment > config file > defaults. An environment variable
 * set to "" counts as unset (an EnvironmentFile line left blank should not blank a
 * value the file gives); an explicit `--flag=` does win, to get back the default.
 */
export function resolveInputs(args: ParsedArgs, env: NodeJS.ProcessEnv, config?: ConfigFile): ResolvedInputs {
  const raw: Partial<Record<InputName, string>> = {};
  const origins = {} as Record<InputName, Origin>;
  for (const input of INPUT_NAMES) {
    const option = OPTION_BY_INPUT.get(input);
    const fromEnv = option ? env[option.env] : undefined;
    const fromFile = config?.values[input];
    if (args.inputs[input] !== undefined) {
      raw[input] = args.inputs[input];
      origins[input] = "flag";
    } else if (fromEnv !== undefined && fromEnv.trim() !== "") {
      raw[input] = fromEnv;
      origins[input] = "env";
    } else if (fromFile !== undefined && fromFile.trim() !== "") {
      raw[input] = fromFile;
      origins[input] = "file";
    } else {
      origins[input] = "default";
    }
  }
  return { raw, origins };
}

/**
 * Names an input in a validation message the way the user set it, so the message
 * points at the place to fix: the flag, the variable, or the key in the file.
 */
export function describeInputs(origins: Record<InputName, Origin>, config?: ConfigFile): (input: InputName) => string {
  return (input) => {
    const option = OPTION_BY_INPUT.get(input);
    if (!option) return input;
    switch (origins[input]) {
      case "flag":
        return option.flag ?? input;
      case "env":
        return `${option.env} (environment)`;
      case "file":
        return `${input} (in ${config ? path.basename(config.path) : "the config file"})`;
      default:
        return option.flag ? `${option.flag} (or ${option.env})` : option.env;
    }
  };
}

export function tokenHint(input: InputName): string {
  const option = OPTION_BY_INPUT.get(input);
  return `set the environment variable ${option?.env ?? input} or put "${input}:" in the --config file (never as a flag)`;
}
