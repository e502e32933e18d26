import { normaliseKey } from "./values.js";

export function groupBy<T>(items: Iterable<T>, key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Groups by a value compared as a sync key (trimmed, lower case); empty values are left out. */
export const groupByKey = <T>(items: Iterable<T>, value: (item: T) => unknown): Map<string, T[]> => groupBy(items, (item) => normaliseKey(value(item)));

/** How many others a message names before "… and N more". */
export const NAMED_IN_MESSAGES = 3;

/**
 * A few items and how many more: "5104418, 5104419, 5104420 and 19,997 more". A reason
 * names at most a few other records, so 20,000 admins sharing one email make 20,000
 * short reasons, not 20,000 lists of 20,000 (which grow with the square of the count).
 * `total` is how many there are when `items` holds only the first few.
 */
export function fewOf(items: readonly string[], total = items.length): string {
  const named = items.slice(0, NAMED_IN_MESSAGES);
  const more = total - named.length;
  return more > 0 ? `${named.join(", ")} and ${more.toLocaleString("en-US")} more` : named.join(", ");
}

/** Up to `NAMED_IN_MESSAGES` members of a group other than `self`, and how many others there are. */
export function othersIn<T>(group: readonly T[], self: T): { few: T[]; count: number } {
  return { few: group.slice(0, NAMED_IN_MESSAGES + 1).filter((item) => item !== self).slice(0, NAMED_IN_MESSAGES), count: group.length - 1 };
}
