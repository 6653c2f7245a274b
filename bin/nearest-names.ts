// "Did you mean": the known names nearest a mistyped one by edit distance (Levenshtein:
// insertions, deletions and substitutions of one character each).

/** Edit distance between a and b. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Up to `max` names within a third of the typed name's length (at least 2 edits), nearest first. */
export function nearestNames(typed: string, names: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(typed.length / 3));
  return names
    .map((name) => ({ name, d: editDistance(typed, name) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : 1))
    .slice(0, max)
    .map((x) => x.name);
}
