// Turns a forest's raw parent column into a structure every metric can walk in O(n): a cleaned
// parent column (always a forest, whatever was stored) and a breadth-first order in which each
// link comes after its parent. Stored order is never assumed topological, because links are read
// back from DynamoDB in key order, not creation order.

export interface ForestIndex {
  /**
   * The parent each metric uses: the stored one, or -1 when the stored one is out of range, the
   * link itself, or on a parent cycle (one link per cycle becomes a root; see below).
   */
  parent: Int32Array;
  /** Every link exactly once, each after its parent: roots first, then level by level. */
  order: Int32Array;
}

/**
 * Children in compressed sparse row form, built by a counting sort over `parent`: the children of
 * link i are `list[start[i]] … list[start[i + 1] - 1]`, in index order. Two flat typed arrays
 * instead of an array of arrays, so a million links cost 8 MB and no per-node allocation.
 */
function childrenCsr(parent: Int32Array): { start: Int32Array; list: Int32Array } {
  const n = parent.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p >= 0) start[p + 1]!++;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const cursor = start.slice(0, n);
  const list = new Int32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p >= 0) list[cursor[p]!++] = i;
  }
  return { start, list };
}

/**
 * Indexes a forest given its stored parent column and creation times.
 *
 * Defensive rules (the store should never produce these, but one bad row must not break a
 * report): a parent index outside [0, n) or equal to the link itself makes the link a root. Links
 * on a parent cycle can never be reached from a root; for each such cycle the earliest-created
 * link on it (ties: lower index) becomes a root, which turns the cycle and everything hanging
 * from it into one ordinary tree.
 */
export function indexForest(storedParent: Int32Array, createdAtMs?: Float64Array): ForestIndex {
  const n = storedParent.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = storedParent[i]!;
    parent[i] = p >= 0 && p < n && p !== i ? p : -1;
  }

  const { start, list } = childrenCsr(parent);
  const order = new Int32Array(n);
  const visited = new Uint8Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (parent[i]! < 0) {
      visited[i] = 1;
      order[tail++] = i;
    }
  }

  let head = 0;
  const drain = () => {
    while (head < tail) {
      const v = order[head++]!;
      for (let k = start[v]!, end = start[v + 1]!; k < end; k++) {
        const c = list[k]!;
        // Only a link freed from a cycle is listed under a parent that is not its own any more.
        if (visited[c] === 0) {
          visited[c] = 1;
          order[tail++] = c;
        }
      }
    }
  };
  drain();

  if (tail < n) {
    // Whatever is left hangs from a cycle: every ancestor of an unreached link is unreached
    // too, so walking up from one must end on a cycle. Each walk's component is then reached
    // by the drain, so the walks visit every link at most once overall.
    const walkMark = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (visited[i] === 1) continue;
      let x = i;
      while (walkMark[x] !== i + 1) {
        walkMark[x] = i + 1;
        x = parent[x]!;
      }
      let root = x;
      for (let y = parent[x]!; y !== x; y = parent[y]!) {
        const earlier = createdAtMs !== undefined && createdAtMs[y]! < createdAtMs[root]!;
        const tie = createdAtMs === undefined || createdAtMs[y] === createdAtMs[root];
        if (earlier || (tie && y < root)) root = y;
      }
      parent[root] = -1;
      visited[root] = 1;
      order[tail++] = root;
      drain();
    }
  }

  return { parent, order };
}

// A report measures one forest twice (its cascade metrics and its channels' spread): the index of
// its parent column is built once and shared. Columns are never written after a forest is built.
const indexes = new WeakMap<Int32Array, ForestIndex>();

/** {@link indexForest} of a forest's columns, built once per forest. */
export function indexOfForest(forest: { size: number; parent: Int32Array; createdAtMs: Float64Array }): ForestIndex {
  let index = indexes.get(forest.parent);
  if (index === undefined) {
    index = indexForest(forest.parent.subarray(0, forest.size), forest.createdAtMs);
    indexes.set(forest.parent, index);
  }
  return index;
}
