/**
 * The closest known word to a mistyped one, for "did you mean" hints: a known word that starts with what was
 * typed (`--compartment` → `--compartment-id`), else the nearest within a few edits
 * (`container-instances` → `container-instance`). Undefined when nothing is close enough to be a good guess.
 */
export function closest(typed: string, known: readonly string[]): string | undefined {
  const prefixed = known.filter((word) => word.startsWith(typed));
  if (prefixed.length === 1) return prefixed[0];
  const limit = Math.max(2, Math.min(3, Math.floor(typed.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const word of known) {
    const distance = editDistance(typed, word);
    if (distance < bestDistance) {
      best = word;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each count 1. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
