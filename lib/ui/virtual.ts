/**
 * Windowing for long lists (1,000 numbers): which rows to render for a scroll position.
 * Pure; the hook in use-virtual-rows.ts feeds it measured row heights.
 */

/** Prefix sums: offsets[i] is the top of row i, offsets[n] the total height. */
export function rowOffsets(heights: readonly number[]): number[] {
  const offsets = new Array<number>(heights.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + heights[i]!;
  return offsets;
}

/** Index of the row containing position y (binary search over offsets). */
export function rowAt(offsets: readonly number[], y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface VisibleRange {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** Space above the first rendered row. */
  before: number;
  /** Space below the last rendered row. */
  after: number;
}

/** Rows intersecting [scrollTop - overscan, scrollTop + viewport + overscan]. */
export function visibleRange(offsets: readonly number[], scrollTop: number, viewport: number, overscan: number): VisibleRange {
  const n = offsets.length - 1;
  const total = offsets[n] ?? 0;
  if (n <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const top = Math.max(0, scrollTop - overscan);
  const bottom = Math.min(total, scrollTop + viewport + overscan);
  const start = rowAt(offsets, top);
  const end = Math.min(n, rowAt(offsets, Math.max(top, bottom - 0.001)) + 1);
  return { start, end, before: offsets[start]!, after: total - offsets[end]! };
}
