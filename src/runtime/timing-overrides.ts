/**
 * Two internal timings that can be shortened from the environment, read in one place
 * for both adapters. Real runs never need them; the tests and the fault suite set them
 * so that retries and the hard stop take milliseconds (docs/reliability.md lists them).
 */
function number(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= min ? value : undefined;
}

/** The HTTP layer's first retry wait (default 1 s). */
export const retryDelayOverride = (env: NodeJS.ProcessEnv) => number(env, "INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS", 0);

/** When the action's hard stop comes (ms after the start; default the deadline plus 3 minutes). */
export const hardStopOverride = (env: NodeJS.ProcessEnv) => number(env, "INTERCOM_OOMNITZA_SYNC_HARD_STOP_MS", 1);
