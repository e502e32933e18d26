import { parseBoolean, type InputName } from "../settings/index.js";
import { CLI_FLAGS, INPUT_OPTIONS, type InputOption } from "./options.js";
import { editDistance } from "../sync/near-names.js";
import { didYouMean } from "../sync/shown.js";
import { UsageError } from "./usage-error.js";

export interface ParsedArgs {
  /** Settings given as flags, as text (`--dry-run` becomes "true"). */
  inputs: Partial<Record<InputName, string>>;
  config?: string;
  only?: string;
  history?: string;
  json: boolean;
  quiet: boolean;
  help: boolean;
  version: boolean;
}

const SHORT: Record<string, string> = { "-h": "--help", "-q": "--quiet", "-c": "--config" };

/**
 * Reads argv by hand rather than with util.parseArgs so that every message can be
 * worded for a person and, above all, never repeats a value: a value after a refused
 * token flag is a token.
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const result: ParsedArgs = { inputs: {}, json: false, quiet: false, help: false, version: false };
  const problems: string[] = [];
  const byFlag = new Map<string, InputOption>();
  for (const option of INPUT_OPTIONS) byFlag.set(`--${option.input}`, option);

  // `check` (see whether a sync would work) or `sync` (the default) may come first.
  let start = 0;
  if (argv[0] === "check" || argv[0] === "sync") {
    result.inputs.mode = argv[0];
    start = 1;
  }
  for (let i = start; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      if (i + 1 < argv.length) problems.push(`unexpected argument after --: this command takes only flags`);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      const command = i === 0 ? didYouMean(arg, ["check", "sync"]) : "";
      problems.push(`unexpected argument in position ${i + 1}${command ? `: ${JSON.stringify(arg.slice(0, 20))}${command}` : ""}: the only commands are sync (the default) and check, and they come first; everything else is a flag`);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = SHORT[eq < 0 ? arg : arg.slice(0, eq)] ?? (eq < 0 ? arg : arg.slice(0, eq));
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    // Consumes the value of a flag that takes one: `--flag=value` or `--flag value`.
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) {
        problems.push(`${flag} needs a value`);
        return undefined;
      }
      i++;
      return next;
    };

    const option = byFlag.get(flag) ?? (flag.startsWith("--no-") ? byFlag.get(`--${flag.slice(5)}`) : undefined);
    if (option?.secret) {
      // Skip the value so it is neither parsed as a flag nor, above all, shown.
      if (inline === undefined && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith("--")) i++;
      problems.push(tokenRefusal(option));
      continue;
    }
    if (option?.boolean) {
      const negated = flag.startsWith("--no-");
      const value = negated ? (inline === undefined ? false : undefined) : inline === undefined ? true : parseBoolean(inline);
      if (value === undefined) problems.push(`${flag} takes no value, or =true / =false`);
      else result.inputs[option.input] = String(value);
      continue;
    }
    if (option && !flag.startsWith("--no-")) {
      const value = takeValue();
      if (value !== undefined) result.inputs[option.input] = value;
      continue;
    }

    switch (flag) {
      case CLI_FLAGS.config.flag: {
        const value = takeValue();
        if (value !== undefined) result.config = value;
        break;
      }
      case CLI_FLAGS.only.flag: {
        const value = takeValue();
        if (value !== undefined) result.only = value;
        break;
      }
      case CLI_FLAGS.history.flag: {
        const value = takeValue();
        if (value !== undefined) result.history = value;
        break;
      }
      case CLI_FLAGS.json.flag:
      case CLI_FLAGS.quiet.flag:
      case CLI_FLAGS.help.flag:
      case CLI_FLAGS.version.flag:
        if (inline !== undefined) problems.push(`${flag} takes no value`);
        else result[flag.slice(2) as "json" | "quiet" | "help" | "version"] = true;
        break;
      default:
        problems.push(unknownFlag(flag));
    }
  }
  if (problems.length) throw new UsageError(problems);
  return result;
}

export function tokenRefusal(option: InputOption): string {
  return (
    `--${option.input} is refused: a token on the command line ends up in shell history and in every process list. ` +
    `Set the environment variable ${option.env}, or put "${option.input}:" in the --config file (readable only by you). ` +
    `The value given was not used and is not shown.`
  );
}

function unknownFlag(flag: string): string {
  const known = [...INPUT_OPTIONS.filter((o) => o.flag).map((o) => o.flag as string), ...Object.values(CLI_FLAGS).map((f) => f.flag)];
  const close = known.find((candidate) => editDistance(candidate, flag) <= 2);
  // Only the flag's name is repeated, never what followed "=".
  return `unknown flag ${JSON.stringify(flag.slice(0, 60))}${close ? `; did you mean ${close}?` : ""}`;
}
