import { array, boolean, coerce, define, enums, integer, is, literal, number, pattern, refine, size, string, type, union, type Infer, type Struct } from "superstruct";
import type { InputName } from "./inputs.js";
import { urlProblems } from "./url-policy.js";
import { GITHUB_NAME, notifyNames, parseBoolean, parseThreshold } from "./values.js";

/**
 * The rule of each setting, as superstruct structs over the setting's text (trimmed, its
 * default when empty). A rule fails in one of two ways, and the settings' error words them
 * by which:
 * - a type failure (`allowing`): the value is not one the input allows; the failure's
 *   message says what is ("allowed: true, false"), and the error puts the value first
 *   (`dry-run: "maybe" is not allowed; allowed: true, false`);
 * - a refinement: its message is the whole problem (`intercom-token: required but empty; …`).
 */

/** Passes what `struct` passes; anything else is a type failure whose message says what is allowed. */
function allowing<T, S>(struct: Struct<T, S>, allowed: string | ((value: unknown) => string)): Struct<T, null> {
  return define<T>(struct.type, (value) => is(value, struct) || (typeof allowed === "string" ? allowed : allowed(value)));
}

/** Coercion "any case": the text in any case is the list's own spelling ("Users" is users). */
const spelling =
  <T extends string>(values: readonly T[]) =>
  (text: string): string =>
    values.find((value) => value.toLowerCase() === text.toLowerCase()) ?? text;

/** The list's value the text names in any case, or undefined. */
export function oneOfValues<T extends string>(values: readonly T[], text: string): T | undefined {
  const value = spelling(values)(text);
  return values.includes(value as T) ? (value as T) : undefined;
}

/** One of a list, in any case (or exactly as listed). */
export function oneOf<T extends string>(values: readonly T[], anyCase = true): Struct<T, null> {
  const rule = allowing(enums(values), `allowed: ${values.join(", ")}`);
  return anyCase ? coerce(rule, string(), spelling(values)) : rule;
}

/** Coercion "digits as a number", then a whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number): Struct<number, null> {
  return coerce(allowing(size(integer(), min, max), `allowed: a whole number from ${min} to ${max}`), pattern(string(), /^\d+$/), Number);
}

/** Coercion "boolean words" (true, yes, 1, on; false, no, 0, off, in any case). */
export const BooleanWords = coerce(allowing(boolean(), "allowed: true, false"), string(), (text) => parseBoolean(text) ?? text);

const Count = type({ kind: literal("count"), value: size(integer(), 0, Infinity) });
const Percent = type({ kind: literal("percent"), value: size(number(), 0, 100) });
const ThresholdValue = union([Count, Percent]);

/** What is wrong with a count or percentage, in words: "150% is more than 100%", "2.5 is not a whole number". */
function thresholdHint(allowedText: string) {
  return (given: unknown): string => {
    const value = String(given).trim();
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(value);
    if (percent && Number(percent[1]) > 100) return `a percentage above 100% means more than all of them; allowed: ${allowedText}`;
    if (/^\d+\.\d+$/.test(value)) return `a count must be a whole number; allowed: ${allowedText}`;
    if (/^-/.test(value)) return `it cannot be negative; allowed: ${allowedText}`;
    return `allowed: ${allowedText}`;
  };
}

/** Coercion "threshold": a count such as 5 or a percentage such as 10%. */
export const Threshold = coerce(allowing(ThresholdValue, thresholdHint("a count such as 5, or a percentage from 0% to 100% such as 10%")), string(), (text) => parseThreshold(text) ?? text);

/** Coercion "fail-on": any, none (in any case), or a threshold. */
export const FailOnRule = coerce(
  allowing(union([type({ kind: enums(["any", "none"]) }), ThresholdValue]), thresholdHint("any, none, a count such as 3, or a percentage from 0% to 100% such as 5%")),
  string(),
  (text) => {
    const lower = text.toLowerCase();
    return lower === "any" || lower === "none" ? { kind: lower } : (parseThreshold(lower) ?? text);
  },
);
export type FailOnValue = Infer<typeof FailOnRule>;

/** A name Oomnitza could take as a user field, and not `user_id` (that is Oomnitza's own). */
export const SyncKey = allowing(
  refine(pattern(string(), /^[A-Za-z_][A-Za-z0-9_]*$/), "not user_id", (key) => key !== "user_id"),
  "allowed: an Oomnitza user field name such as email, username or a custom field like intercom_id",
);

/** Not empty; `hint` says where the value comes from. */
export const notEmpty = (hint: string) => refine(string(), "required", (text) => text !== "" || `required but empty; ${hint}`);

/** Empty, or a URL the input allows (url-policy.ts); `struct` checks the text first (e.g. `notEmpty`). */
export const url = (input: InputName, struct: Struct<string, null> = string()) => refine(struct, "url", (text) => text === "" || urlProblems(input, text));

/** Coercion "notify list": names separated by commas or spaces, "@" optional; each a GitHub user or org/team. */
export const NotifyList = coerce(
  array(refine(string(), "GitHub name", (who) => GITHUB_NAME.test(who) || `${JSON.stringify(who)} is not a GitHub user or team; allowed: names like alice or @acme/it-ops, separated by commas`)),
  string(),
  notifyNames,
);
