import type { Hydration } from './badge';

/**
 * When to build a badge's inside. The first `syncPerTask` badges of a task (a typical page has a few
 * dozen numbers) are built at once; beyond that (a 2,000-row list) badges are built when they come within
 * `rootMargin` of the viewport, so a scan never pays for 2,000 shadow trees and the table is not laid
 * out again and again. Hosts and their data attributes exist from the start either way.
 */
export function createHydrator(win: Window, opts: { syncPerTask?: number; rootMargin?: string } = {}): Hydration & { disconnect(): void } {
  const syncPerTask = opts.syncPerTask ?? 50;
  const pending = new Map<Element, () => void>();
  let budget = syncPerTask;
  let resetQueued = false;
  const IO = (win as Window & { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
  const io = IO
    ? new IO(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            const hydrate = pending.get(entry.target);
            pending.delete(entry.target);
            io?.unobserve(entry.target);
            hydrate?.();
          }
        },
        { rootMargin: opts.rootMargin ?? '600px 0px' },
      )
    : null;

  return {
    add(host, hydrate) {
      if (!io || budget > 0) {
        budget--;
        if (!resetQueued) {
          resetQueued = true;
          queueMicrotask(() => {
            budget = syncPerTask;
            resetQueued = false;
          });
        }
        hydrate();
        return;
      }
      pending.set(host, hydrate);
      io.observe(host);
    },
    remove(host) {
      if (pending.delete(host)) io?.unobserve(host);
    },
    disconnect() {
      io?.disconnect();
      pending.clear();
    },
  };
}
