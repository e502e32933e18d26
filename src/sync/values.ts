/** A value as written to Oomnitza. `null` clears a field. */
export type FieldValue = string | number | boolean | null;

export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return undefined;
}

/** Unix seconds for an ISO 8601 string, undefined for anything else. */
export function isoToUnixSeconds(value: string): number | undefined {
  const text = value.trim();
  if (!ISO_DATE.test(text)) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) || text.length === 10 ? text : text + "Z");
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string") {
    const text = value.trim();
    if (/^[+-]?\d+(\.\d+)?$/.test(text)) return Number(text);
    return isoToUnixSeconds(text);
  }
  return undefined;
}

/**
 * Whether a value read from Oomnitza equals the value the mapping wants, across the
 * type changes Oomnitza makes: a checkbox as "1"/"true"/true, a number as a string,
 * a date as unix seconds or ISO text. Empty values (null, "", missing) are equal.
 * `caseInsensitive` is for the sync key, which identifies a person regardless of case.
 */
export function valuesEqual(current: unknown, desired: unknown, caseInsensitive = false): boolean {
  const currentEmpty = isEmpty(current);
  const desiredEmpty = isEmpty(desired);
  if (currentEmpty || desiredEmpty) return currentEmpty && desiredEmpty;

  if (typeof current === "boolean" || typeof desired === "boolean") {
    const a = asBoolean(current);
    const b = asBoolean(desired);
    return a !== undefined && a === b;
  }
  if (typeof current === "number" || typeof desired === "number") {
    const a = asNumber(current);
    const b = asNumber(desired);
    return a !== undefined && a === b;
  }
  const a = String(current).trim();
  const b = String(desired).trim();
  if (a === b) return true;
  if (caseInsensitive && a.toLowerCase() === b.toLowerCase()) return true;
  const aDate = isoToUnixSeconds(a);
  return aDate !== undefined && aDate === isoToUnixSeconds(b);
}

/** The form a sync key is compared in: trimmed, lower case. Empty keys are undefined. */
export function normaliseKey(value: unknown): string | undefined {
  if (isEmpty(value)) return undefined;
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  return String(value).trim().toLowerCase();
}
