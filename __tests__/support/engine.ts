/** What the integration tests share: emulators that close after each test, and a sync against them. */
import { afterEach } from "vitest";
import { startIntercomEmulator, type IntercomAdmin } from "../../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { Redactor } from "../../src/redact.js";
import { parseSettings, type InputName, type Settings } from "../../src/settings/index.js";
import type { EngineOptions } from "../../src/engine/config.js";
import { runSync } from "../../src/engine/run.js";

export type Inputs = Partial<Record<InputName, string>>;

export function admin(id: string, email: string, extra: Partial<IntercomAdmin> = {}): IntercomAdmin {
  return { type: "admin", id, name: "Test Person", email, job_title: "Agent", away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [], ...extra };
}

/** Registers the cleanup hook; call once at the top of a test file. */
export function useEmulators() {
  let running: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(running.map((e) => e.close()));
    running = [];
  });
  const track = (closable: { close(): Promise<void> }) => running.push(closable);

  async function setup(admins: IntercomAdmin[], options: OomnitzaEmulatorOptions = {}, defaults: Inputs = {}) {
    const intercom = await startIntercomEmulator({ admins });
    const oomnitza = await startOomnitzaEmulator(options);
    track(intercom);
    track(oomnitza);
    const logs: string[] = [];
    const sync = (inputs: Inputs = {}, engine: Partial<EngineOptions> = {}, extra: Partial<Settings> = {}) => {
      const parsed = parseSettings(
        { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, ...defaults, ...inputs },
        { cwd: process.cwd() },
      );
      const settings = { ...parsed, ...extra };
      const redactor = new Redactor();
      redactor.add(settings.intercomToken);
      redactor.add(settings.oomnitzaToken);
      return runSync(settings, { redactor, retryBaseDelayMs: 5, log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) }, ...engine });
    };
    return { intercom, oomnitza, sync, logs };
  }
  return { setup, track };
}
