export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

/**
 * Trailing debounce with a ceiling: one run per burst of calls, `delayMs` after the last call, but never
 * later than `maxWaitMs` after the first one (a page that never stops mutating still gets scanned).
 */
export function createDebouncer(run: () => void, timers: Timers, delayMs: number, maxWaitMs: number) {
  let timer: unknown = null;
  let firstAt = 0;
  const fire = () => {
    timer = null;
    run();
  };
  return {
    schedule(): void {
      const now = timers.now();
      if (timer === null) firstAt = now;
      else timers.clearTimeout(timer);
      const wait = Math.max(0, Math.min(delayMs, firstAt + maxWaitMs - now));
      timer = timers.setTimeout(fire, wait);
    },
    /** Runs now if a run is pending. */
    flush(): void {
      if (timer === null) return;
      timers.clearTimeout(timer);
      fire();
    },
    cancel(): void {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    get pending(): boolean {
      return timer !== null;
    },
  };
}
