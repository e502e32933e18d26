import * as core from "@actions/core";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger } from "../engine/config.js";
import { runCheck } from "../engine/check.js";
import type { Redactor } from "../redact.js";
import { renderCheckSummary } from "../report/check.js";
import { cleanText } from "../report/text.js";
import type { Settings } from "../settings/index.js";
import { setOutputs, writeJobSummary } from "./runner.js";

/**
 * `mode: check`: writes nothing, and opens no issue (a check is not a run of the sync).
 * Output `status` is `ready` or `not-ready`, the job summary is the checklist, the
 * count outputs are what a sync would do now, and the step fails when not ready.
 */
export async function runActionCheck(settings: Settings, env: NodeJS.ProcessEnv, redactor: Redactor, log: Logger, retryBaseDelayMs?: number): Promise<void> {
  const report = await runCheck(settings, { redactor, log, retryBaseDelayMs });
  const folder = path.join(env.RUNNER_TEMP || os.tmpdir(), "intercom-oomnitza-sync");
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `check-${report.startedAt.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  setOutputs(report.status, report.wouldDo, file);
  await writeJobSummary(redactor.redact(renderCheckSummary(report)));
  await core.group("Readiness checklist", async () => {
    for (const item of report.items) log.info(redactor.redact(`${item.status === "passed" ? "✔" : item.status === "failed" ? "✖" : "!"} ${item.title}: ${item.detail}`));
  });
  const failed = report.items.filter((item) => item.status === "failed");
  if (failed.length) core.setFailed(cleanText(redactor.redact(`Not ready for a sync: ${failed.map((item) => `${item.title}: ${item.detail}`).join("; ")}`), 4000));
  else core.info("Ready: a sync would work.");
}
