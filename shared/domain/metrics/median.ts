// The median used for the viral cycle time: a selection (quickselect) on a Float64Array copy, which
// leaves the caller's array untouched and, at a million cycle times, takes a fraction of the
// ≈ 100 ms a full sort took (docs/benchmarks.md, "The cold commit").

/** The middle value, or the mean of the two middle values for an even count; null when empty. */
export function median(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const copy = Float64Array.from(values);
  const mid = n >> 1;
  const upper = select(copy, mid);
  if (n % 2 === 1) return upper;
  // Selection left every value before `mid` at most `upper`: the lower middle is the largest of them.
  let lower = copy[0] as number;
  for (let i = 1; i < mid; i++) lower = Math.max(lower, copy[i] as number);
  return (lower + upper) / 2;
}

// Hoare's selection: the k-th smallest value, `values` partly reordered around it. A random pivot
// keeps the expected time linear whatever the order of the input (the result does not depend on it).
function select(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[left + Math.floor(Math.random() * (right - left + 1))] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swapped = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = swapped;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k] as number;
  }
  return values[k] as number;
}
