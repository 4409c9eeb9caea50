/**
 * A line diff (Myers' O(ND) algorithm) for texts that differ in a few places: two renders of a
 * session before and after an edit, a hand-laid-out file against its canonical render, the
 * two sides of a merge conflict. The common head and tail are skipped first; past `maxEdits`
 * inserted plus deleted lines it gives up (null) instead of spending quadratic time.
 */

/** Lines `a[aStart, aEnd)` are replaced by `b[bStart, bEnd)`; hunks are in order. */
export interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

export const diffLines = (
  a: readonly string[],
  b: readonly string[],
  maxEdits = 2000,
): Hunk[] | null => {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0) {
    return [{ aStart: head, aEnd: head + n, bStart: head, bEnd: head + m }];
  }
  const same = (x: number, y: number) => a[head + x] === b[head + y];
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && same(x, y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) found = d;
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return null;

  // Walk back through the trace, collecting the matching runs (diagonals), last first.
  const runs: Array<{ x: number; y: number; length: number }> = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]!;
    const at = (k: number) => prev[k + d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const startX = down ? prevX : prevX + 1;
    const startY = down ? prevY + 1 : prevY;
    if (x > startX) runs.push({ x: startX, y: startY, length: x - startX });
    x = prevX;
    y = prevY;
  }
  if (x > 0) runs.push({ x: 0, y: 0, length: x });
  runs.reverse();

  const hunks: Hunk[] = [];
  let ax = 0;
  let by = 0;
  for (const run of [...runs, { x: n, y: m, length: 0 }]) {
    if (run.x > ax || run.y > by) {
      hunks.push({ aStart: head + ax, aEnd: head + run.x, bStart: head + by, bEnd: head + run.y });
    }
    ax = run.x + run.length;
    by = run.y + run.length;
  }
  return hunks;
};
