import type { Threshold } from "../sync/guard.js";

/** A GitHub user, or an org/team. */
export const GITHUB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9_.-]+)?$/;

/** `notify`: users or org/team names, "@" optional, separated by commas or spaces. */
export function notifyNames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((who) => who.replace(/^@/, ""));
}

/** The valid and invalid names of a `notify` list; exported so a run whose other settings are wrong can still mention the valid names. */
export function parseNotifyList(text: string): { names: string[]; invalid: string[] } {
  const all = notifyNames(text);
  return { names: all.filter((who) => GITHUB_NAME.test(who)), invalid: all.filter((who) => !GITHUB_NAME.test(who)) };
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

