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
