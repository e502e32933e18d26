import type { RunInfo } from "../report/model.js";
import type { EngineConfig } from "./config.js";

/** What ran, for the summary's "What ran" table and the report: hosts, never tokens. */
export function runInfo(config: EngineConfig): RunInfo {
  return {
    intercomHost: new URL(config.intercomUrl).host,
    intercomRegion: config.intercomRegion,
    intercomVersion: config.intercomVersion,
    oomnitzaHost: config.oomnitzaUrl ? new URL(config.oomnitzaUrl).host : "",
    records: config.records,
    preference: config.preference,
    syncKey: config.syncKey,
    mapping: config.mappingSource,
    saasName: config.records === "users-and-saas-users" ? config.saasName : undefined,
    dryRun: config.dryRun,
  };
}
