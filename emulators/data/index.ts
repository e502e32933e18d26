/** The emulators' data: generators, the demo dataset and the default tokens, in one import. */
export { avatarUrl, generateAdmins, generatedDataset, generateUsers, legacyTeam, mixCase, type AdminVariety, type UserOptions } from "./generate.js";
export { demoDataset } from "./demo.js";
export { generateActivityLogs } from "../intercom/activity.js";
export { TEAMS } from "./names.js";
export { DEFAULT_OOMNITZA_TOKEN_USER, DEFAULT_TOKENS } from "./tokens.js";
