export { INPUT_NAMES, INPUTS, INTERCOM_VERSIONS, MODES, PREFERENCES, RECORDS, REMOVED_ADMINS, type FailOn, type InputName, type Settings, type Threshold } from "./inputs.js";
export { parseSettings, SettingsError } from "./parse.js";
export type { ProblemLocation, SettingsContext } from "./inputs.js";
export { parseBoolean, parseNotifyList, parseThreshold } from "./values.js";
export { loadParsers } from "./parsers.js";
