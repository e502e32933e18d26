import * as core from "@actions/core";
import { Redactor } from "./redact.js";
import type { Report } from "./report/model.js";
import { decideExit } from "./report/outcome.js";
import { writeReportFile } from "./report/file.js";
import { renderSummary } from "./report/summary.js";
import { INPUT_NAMES, INPUTS, parseSettings, SettingsError, type InputName } from "./settings.js";
import { runSync } from "./sync/engine.js";

/** The GitHub Action adapter: inputs in, summary/outputs/exit code out. No sync logic here. */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = new Redactor();
  const raw: Partial<Record<InputName, string>> = {};
  for (const name of INPUT_NAMES) {
    raw[name] = core.getInput(name);
    if ("secret" in INPUTS[name] && raw[name]) {
      core.setSecret(raw[name] as string);
      redactor.add(raw[name]);
    }
  }
  try {
    let settings;
    try {
      settings = parseSettings(raw, { cwd: env.GITHUB_WORKSPACE || process.cwd(), describeInput: (n) => `input ${n}` });
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      setOutputs(undefined, "");
      await writeSummary(env, `## ❌ Intercom → Oomnitza sync failed\n\n${redactor.redact(err.message).replace(/\n/g, "\n\n")}\n`);
      core.setFailed(redactor.redact(err.message));
      return;
    }

    const report = await runSync(settings, {
      redactor,
      log: { info: (m) => core.info(redactor.redact(m)), warn: (m) => core.warning(redactor.redact(m)) },
      retryBaseDelayMs: testRetryDelay(env),
    });
    const reportPath = writeReportFile(report);
    setOutputs(report, reportPath);
    await writeSummary(env, redactor.redact(renderSummary(report, { reportHint: "The full per-person report is the JSON file in the report-path output; upload it with actions/upload-artifact." })));
    const decision = decideExit(report, settings.failOn);
    if (decision.fail) core.setFailed(redactor.redact(decision.message));
    else core.info(redactor.redact(decision.message));
  } catch (err) {
    core.setFailed(redactor.redact(`Sync failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`));
  }
}

/** Outside GitHub (no GITHUB_STEP_SUMMARY) there is nowhere to write a summary. */
async function writeSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.debug("GITHUB_STEP_SUMMARY is not set; no job summary written");
    return;
  }
  await core.summary.addRaw(markdown).write();
}

function setOutputs(report: Report | undefined, reportPath: string): void {
  const counts = report?.counts;
  core.setOutput("status", report?.status ?? "failed");
  core.setOutput("created", counts?.created ?? 0);
  core.setOutput("updated", counts?.updated ?? 0);
  core.setOutput("unchanged", counts?.unchanged ?? 0);
  core.setOutput("skipped", counts?.skipped ?? 0);
  core.setOutput("failed", counts?.failed ?? 0);
  core.setOutput("removed", counts?.removed ?? 0);
  core.setOutput("report-path", reportPath);
}

/** Tests shorten retry waits; never set in a workflow. */
function testRetryDelay(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env.INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS);
  return Number.isFinite(value) && value >= 0 && env.INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS !== undefined ? value : undefined;
}
