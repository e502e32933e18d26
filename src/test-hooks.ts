/**
 * Environment variables that only tests set, read in one place for both adapters.
 * Neither is ever needed in real use; the README names them as test-only.
 */
function number(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= min ? value : undefined;
}

/** Shortens the HTTP layer's first retry wait (default 1 s). */
export const testRetryDelay = (env: NodeJS.ProcessEnv) => number(env, "INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS", 0);

/** Brings the action's hard stop forward (ms after the start). */
export const testHardStop = (env: NodeJS.ProcessEnv) => number(env, "INTERCOM_OOMNITZA_SYNC_HARD_STOP_MS", 1);
