/** Edit distance, for "did you mean"; names are short, so the quadratic table is fine. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

const squash = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * Names close to `wanted` but not it: the same but for letter case or spacing, or one
 * or two letters apart (for names of four letters or more). A typo in a setting is
 * caught with these instead of making a stray record.
 */
export function nearNames(wanted: string, names: string[]): string[] {
  const target = squash(wanted);
  return names.filter((name) => {
    if (name.trim() === wanted.trim()) return false;
    const candidate = squash(name);
    if (candidate === target || candidate.replace(/ /g, "") === target.replace(/ /g, "")) return true;
    return Math.min(candidate.length, target.length) >= 4 && editDistance(candidate, target) <= 2;
  });
}
