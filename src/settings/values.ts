import type { Threshold } from "../sync/guard.js";

/**
 * `notify`: users or org/team names, "@" optional, separated by commas or spaces.
 * Exported so a run whose other settings are wrong can still mention the valid names.
 */
export function parseNotifyList(text: string): { names: string[]; invalid: string[] } {
  const all = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((who) => who.replace(/^@/, ""));
  const valid = (who: string) => /^[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9_.-]+)?$/.test(who);
  return { names: all.filter(valid), invalid: all.filter((who) => !valid(who)) };
}

export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (["true", "yes", "1", "on"].includes(v)) return true;
  if (["false", "no", "0", "off", ""].includes(v)) return false;
  return undefined;
}

export function parseThreshold(value: string): Threshold | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === "%") return n <= 100 ? { kind: "percent", value: n } : undefined;
  return Number.isInteger(n) ? { kind: "count", value: n } : undefined;
}

