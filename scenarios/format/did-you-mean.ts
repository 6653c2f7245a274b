// "Did you mean" suggestions for misspelt keys and names: the closest allowed word by
// Damerau-Levenshtein distance (optimal string alignment: a swap of two neighbours counts as one
// edit), after ignoring case and the difference between `-` and `_`. A suggestion is made only
// when the distance is small for the word's length (one edit per three letters, at least one),
// so `duraton` becomes `duration` but `xyz` does not become `for`.
// Leaves out: phonetic or prefix matching.

/** Edit distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      }
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}

function normalise(word: string): string {
  return word.toLowerCase().replace(/-/g, '_');
}

/** The closest candidate to `word`, or undefined when none is close enough. Ties go to the earlier candidate. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = normalise(word);
  const budget = Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const dist = editDistance(w, normalise(c));
    if (dist <= budget && dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** `; did you mean `x`?` or '' (to append to a message). */
export function suggestion(word: string, candidates: readonly string[]): string {
  const s = didYouMean(word, candidates);
  return s === undefined ? '' : `; did you mean \`${s}\`?`;
}

/** The message for a key that is not allowed where it stands. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const s = didYouMean(key, allowed);
  if (s !== undefined) return `unknown key \`${key}\`; did you mean \`${s}\`?`;
  if (allowed.length === 0) return `unknown key \`${key}\`; no keys are allowed here`;
  return `unknown key \`${key}\`; expected one of: ${allowed.join(', ')}`;
}

/** The message for a value outside a closed set of names (engine types, AZs, roles, ...). */
export function unknownNameMessage(what: string, name: string, known: readonly string[]): string {
  const s = didYouMean(name, known);
  const hint = s === undefined ? '' : `; did you mean \`${s}\`?`;
  const list = known.length === 0 ? 'none are available' : `known: ${known.join(', ')}`;
  return `unknown ${what} \`${name}\`${hint} (${list})`;
}
