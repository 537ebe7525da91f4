import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useRef, type RefObject } from 'react';

export interface VirtualListOptions {
  keys: readonly string[];
  /** Height to assume before a row was measured. */
  estimate: (index: number) => number;
  /** Off when the list is short: everything renders (find-in-page, plain tab order). */
  enabled: boolean;
  /** Height used while the container has no layout yet (first paint, tests). */
  fallbackViewport: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
}

/** The rows to render and the space to leave before and after them. */
export interface VisibleRange {
  start: number;
  end: number;
  before: number;
  after: number;
}

export interface VirtualList {
  containerRef: RefObject<HTMLDivElement | null>;
  range: VisibleRange;
  /** Put on each rendered row's outer element, which carries `data-index` (its row index). */
  measureRef: (el: HTMLElement | null) => void;
}

const noMeasure = () => undefined;

/**
 * A list that renders only the rows near the viewport: @tanstack/react-virtual (the TanStack Query family;
 * measures rows as they render and grow, keeps scroll anchoring) with spacers before and after, so the
 * rows stay in normal flow. Without layout (jsdom) a row keeps its estimate and the viewport its fallback.
 */
export function useVirtualList(opts: VirtualListOptions): VirtualList {
  const { keys, estimate, enabled, fallbackViewport, overscan = 8 } = opts;
  const containerRef = useRef<HTMLDivElement | null>(null);
  const observeRect = useCallback(
    (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: { width: number; height: number }) => void) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height: fallbackViewport })),
    [fallbackViewport],
  );
  const virtualizer = useVirtualizer({
    count: enabled ? keys.length : 0,
    getScrollElement: () => containerRef.current,
    estimateSize: estimate,
    getItemKey: (i) => keys[i] ?? i,
    overscan,
    initialRect: { width: 400, height: fallbackViewport },
    observeElementRect: observeRect,
    measureElement: (el) => {
      const h = el.getBoundingClientRect().height;
      return h > 0 ? h : estimate(Number((el as HTMLElement).dataset.index));
    },
  });
  if (!enabled) return { containerRef, range: { start: 0, end: keys.length, before: 0, after: 0 }, measureRef: noMeasure };
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  const total = virtualizer.getTotalSize();
  const range =
    first && last
      ? { start: first.index, end: last.index + 1, before: first.start, after: Math.max(0, total - last.end) }
      : { start: 0, end: 0, before: 0, after: total };
  return { containerRef, range, measureRef: virtualizer.measureElement };
}
