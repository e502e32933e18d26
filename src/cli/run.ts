import { Redactor } from "../redact.js";
import { decideExit } from "../report/exit.js";
import { palette, renderTerminal } from "../report/terminal.js";
import { cleanText as clean } from "../report/text.js";
import { INPUT_NAMES, INPUTS, loadParsers, parseSettings, SettingsError, type InputName, type Settings } from "../settings/index.js";
import { runCheck } from "../engine/check.js";
import type { Logger } from "../engine/config.js";
import { runSync } from "../engine/run.js";
import { renderCheckTerminal } from "../report/check.js";
import { cancelOnSignals } from "../runtime/signals.js";
import { pingHeartbeat } from "../runtime/heartbeat.js";
import { retryDelayOverride } from "../runtime/timing-overrides.js";
import { parseArgs, type ParsedArgs } from "./args.js";
import { loadConfigFile, type ConfigFile } from "./config-file.js";
import { checkPrefixedVariables } from "./env-check.js";
import { appendHistory, historyFile, readHistoryFile, trendLines } from "./history.js";
import { helpText } from "./help.js";
import { ENV_PREFIX, OPTION_BY_INPUT } from "./options.js";
import { ProgressLine, type ProgressStream } from "./progress.js";
import path from "node:path";
import { describeInputs, resolveInputs, tokenHint, type ResolvedInputs } from "./precedence.js";
import { UsageError } from "./usage-error.js";
import { packageVersion } from "./version.js";

export interface CliIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: ProgressStream;
  stderr: ProgressStream;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
const PROGRAM = "intercom-oomnitza-sync";
/** The config file may also be named by this variable, handy in a systemd unit. */
export const CONFIG_ENV = `${ENV_PREFIX}CONFIG`;
/** The history file may be named by this variable too. */
export const HISTORY_ENV = `${ENV_PREFIX}HISTORY`;

/** How messages name a setting on the command line: its flag, or for a token its variable. */
const cliName = (input: string): string => {
  const option = OPTION_BY_INPUT.get(input as InputName);
  return option?.flag ?? option?.env ?? input;
};

/** How a message at run time names a setting: where it was set (OOMNITZA_URL, --oomnitza-url, a key of the config file). */
function whereSet(origins: ResolvedInputs["origins"], config: ConfigFile | undefined): (input: string) => string {
  return (input) => {
    const option = OPTION_BY_INPUT.get(input as InputName);
    if (!option) return input;
    if (origins[option.input] === "env") return option.env;
    if (origins[option.input] === "file") return `${option.input} in ${config ? path.basename(config.path) : "the config file"}`;
    return option.flag ?? option.env;
  };
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function useColor(stream: ProgressStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== "dumb";
}

/**
 * The command-line adapter: flags, environment and config file in; terminal report
 * or JSON, and an exit status out. Like src/action.ts, no sync logic lives here.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const redactor = new Redactor();
  const say = (stream: ProgressStream, text: string) => stream.write(redactor.redact(text.endsWith("\n") ? text : text + "\n"));
  let args: ParsedArgs;
  let config: ConfigFile | undefined;
  let settings: Settings;
  let settingName = cliName;
  // Config files, mappings and filters are YAML.
  await loadParsers();
  try {
    args = parseArgs(argv);
    if (args.help || args.version) {
      say(io.stdout, args.help ? helpText(packageVersion()) : packageVersion());
      return EXIT.ok;
    }
    const variables = checkPrefixedVariables(io.env, [CONFIG_ENV, HISTORY_ENV]);
    if (variables.problems.length) throw new UsageError(variables.problems);
    for (const warning of variables.warnings) say(io.stderr, `${PROGRAM}: warning: ${warning}`);
    if (args.only !== undefined && !args.only.trim()) throw new UsageError(["--only needs an email address"]);
    const configPath = args.config ?? (io.env[CONFIG_ENV]?.trim() || undefined);
    config = configPath ? loadConfigFile(configPath, io.cwd) : undefined;
    const { raw, origins } = resolveInputs(args, io.env, config);
    settingName = whereSet(origins, config);
    for (const input of INPUT_NAMES) if ("secret" in INPUTS[input]) redactor.add(raw[input]);
    for (const warning of config?.warnings ?? []) say(io.stderr, `${PROGRAM}: warning: ${warning}`);
    settings = { ...parseSettings(raw, { cwd: io.cwd, describeInput: describeInputs(origins, config), tokenHint }), only: args.only?.trim() };
  } catch (err) {
    if (err instanceof UsageError || err instanceof SettingsError) {
      say(io.stderr, `${PROGRAM}: ${err.message}\nRun ${PROGRAM} --help for the flags, environment variables and config file.`);
      return EXIT.usage;
    }
    say(io.stderr, `${PROGRAM}: could not start: ${clean(err instanceof Error ? err.message : String(err), 4000)}`);
    return EXIT.failed;
  }

  const progress = new ProgressLine(io.stderr, !args.quiet);
  const { dim } = palette(useColor(io.stderr, io.env));
  const log = (text: string) => {
    if (args.quiet) return;
    progress.clear();
    // Engine messages can carry server text; no escape sequence from a server reaches the terminal.
    say(io.stderr, dim(clean(text, 4000)));
  };
  const engineLog = { info: log, warn: (m: string) => log(`warning: ${m}`) };
  if (settings.mode === "check") return check(settings, args, io, say, engineLog, redactor, settingName);
  const cancel = cancelOnSignals((m) => log(`warning: ${m}`));
  try {
    const report = await runSync(settings, {
      redactor,
      log: engineLog,
      onProgress: (done, total) => progress.update(done, total),
      retryBaseDelayMs: retryDelayOverride(io.env),
      signal: cancel.signal,
      settingName,
    }).finally(cancel.dispose);
    progress.clear();
    const decision = decideExit(report, settings.failOn);
    const file = historyFile(args.history ?? (io.env[HISTORY_ENV]?.trim() || undefined), io.env, io.cwd);
    const earlier = readHistoryFile(file);
    if (args.json) say(io.stdout, JSON.stringify(report, null, 2));
    else if (!args.quiet) say(io.stdout, renderTerminal(report, { color: useColor(io.stdout, io.env), trend: report.seats ? trendLines(earlier, report) : undefined }));
    const unwritten = appendHistory(file, report, earlier);
    if (unwritten && !args.quiet) say(io.stderr, `${PROGRAM}: warning: ${unwritten}`);
    // The text report already has the outcome as its headline; JSON and --quiet runs get one line on stderr.
    if ((args.json && !args.quiet) || (args.quiet && decision.fail)) say(io.stderr, clean(decision.message, 4000));
    // As in the action: only a real run that did not fail tells the dead man's switch.
    if (!decision.fail && !settings.dryRun && settings.heartbeatUrl) {
      const problem = await pingHeartbeat(settings.heartbeatUrl, { redactor, retryBaseDelayMs: retryDelayOverride(io.env) });
      if (problem) say(io.stderr, `${PROGRAM}: warning: ${clean(problem, 4000)}`);
    }
    return decision.fail ? EXIT.failed : EXIT.ok;
  } catch (err) {
    progress.clear();
    say(io.stderr, `${PROGRAM}: sync failed unexpectedly: ${clean(err instanceof Error ? err.message : String(err), 4000)}`);
    return EXIT.failed;
  }
}

/** `check`: the checklist (or its JSON); exit 0 when a sync would work, 1 when something must be fixed. */
async function check(settings: Settings, args: ParsedArgs, io: CliIo, say: (stream: ProgressStream, text: string) => void, log: Logger, redactor: Redactor, settingName: (input: string) => string): Promise<number> {
  const report = await runCheck(settings, { redactor, log, retryBaseDelayMs: retryDelayOverride(io.env), settingName });
  if (args.json) say(io.stdout, JSON.stringify(report, null, 2));
  else if (!args.quiet || report.status !== "ready") say(io.stdout, renderCheckTerminal(report, { color: useColor(io.stdout, io.env) }));
  return report.status === "ready" ? EXIT.ok : EXIT.failed;
}
