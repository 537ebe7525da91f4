import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { rowOffsets, visibleRange, type VisibleRange } from './virtual';

export interface VirtualRowsOptions {
  keys: readonly string[];
  /** Height to assume before a row was measured. */
  estimate: (index: number) => number;
  /** Off when the list is short: everything renders (find-in-page, plain tab order). */
  enabled: boolean;
  /** Height used when the container has no layout yet (first paint, tests). */
  fallbackViewport: number;
  overscan?: number;
}

export interface VirtualRows {
  containerRef: RefObject<HTMLDivElement | null>;
  range: VisibleRange;
  onScroll: () => void;
  /** Put on each rendered row's outer element: `data-index` is read to store measured heights. */
  measureRef: (el: HTMLElement | null) => void;
}

/**
 * Renders only the rows near the viewport, measuring the real height of rendered rows after each
 * render (rows grow when a result shows inline), so offsets stay exact without a resize observer.
 */
export function useVirtualRows(opts: VirtualRowsOptions): VirtualRows {
  const { keys, estimate, enabled, fallbackViewport, overscan = 400 } = opts;
  const containerRef = useRef<HTMLDivElement | null>(null);
  const measured = useRef(new Map<string, number>());
  const rendered = useRef(new Set<HTMLElement>());
  const [version, setVersion] = useState(0);
  const [scroll, setScroll] = useState({ top: 0, viewport: fallbackViewport });

  const offsets = useMemo(
    () => rowOffsets(keys.map((k, i) => measured.current.get(k) ?? estimate(i))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [keys, estimate, version],
  );

  const range = useMemo<VisibleRange>(() => {
    if (!enabled) return { start: 0, end: keys.length, before: 0, after: 0 };
    return visibleRange(offsets, scroll.top, scroll.viewport, overscan);
  }, [enabled, keys.length, offsets, scroll, overscan]);

  const onScroll = useCallback(() => {
    const el = containerRef.current;
    if (!el) return;
    setScroll({ top: el.scrollTop, viewport: el.clientHeight || fallbackViewport });
  }, [fallbackViewport]);

  const measureRef = useCallback((el: HTMLElement | null) => {
    if (el) rendered.current.add(el);
  }, []);

  useLayoutEffect(() => {
    if (!enabled) {
      rendered.current.clear();
      return;
    }
    let changed = false;
    for (const el of rendered.current) {
      if (!el.isConnected) {
        rendered.current.delete(el);
        continue;
      }
      const key = el.dataset.key;
      const h = el.offsetHeight;
      if (!key || h <= 0) continue; // no layout (jsdom): keep the estimate
      if (Math.abs((measured.current.get(key) ?? -1) - h) > 0.5) {
        measured.current.set(key, h);
        changed = true;
      }
    }
    if (changed) setVersion((v) => v + 1);
  });

  useLayoutEffect(() => {
    const el = containerRef.current;
    if (el?.clientHeight) setScroll((s) => (s.viewport === el.clientHeight ? s : { ...s, viewport: el.clientHeight }));
  }, [enabled]);

  return { containerRef, range, onScroll, measureRef };
}
