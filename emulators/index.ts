/** Everything tests, the demo and the benchmark need from the emulators. */
export * from "./data/index.js";
export { startIntercomEmulator, INTERCOM_VERSIONS, INTERCOM_DEFAULT_RATE_LIMIT, type IntercomEmulator, type IntercomEmulatorOptions, type NewActivity, type DeleteAdminOptions } from "./intercom/emulator.js";
export type { ActivityLog, IntercomAdmin, IntercomApp, IntercomTeam, IntercomTokenSpec, Region, RemovedAdmin } from "./intercom/types.js";
export { loginEvent, removalEvent, type RemovalShape, type RemovalType } from "./intercom/activity.js";
export { startOomnitzaEmulator, DEFAULT_CUSTOM_FIELDS, SaasStore, type SaasAssignment, type SaasRecord, type SaasRole, type OomnitzaEmulator, type OomnitzaEmulatorOptions, type OomnitzaTokenSpec, type OomnitzaUser, type CustomFieldType } from "./oomnitza/emulator.js";
export type { OomnitzaHostility } from "./oomnitza/hostile.js";
export { resolveStrictness, FRIENDLY_PROFILE, STRICT_PROFILE, POSITION_DROPDOWN, OOMNITZA_PROFILES, type OomnitzaProfile, type OomnitzaStrictness } from "./oomnitza/profile.js";
export { RequestLog, type LoggedRequest } from "./kit/log.js";
export { Controls, ANY_ROUTE, type Fault, type FailOptions, type Latency, type RateLimitSettings, type WriteLimitSettings } from "./kit/controls.js";
export { observeResponses, type ObservedResponse } from "./kit/observe.js";
export { startGitHubFake, DEFAULT_GITHUB_TOKEN, type GitHubFake, type GitHubFakeOptions, type GitHubDenials, type FakeIssue, type FakeRun, type FakeArtifact } from "./github/fake.js";
