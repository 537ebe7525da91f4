import { clearDirty, collectMutations, createDirtySet, isDirty, resolveUnits, type ScanUnit } from './dirty';
import { createSink, type ScanSink } from './scanner';
import { createDebouncer, type Timers } from './debounce';
import { createReconciler, type BadgeView, type TrackedNumber } from './reconciler';

export interface PageNumber extends TrackedNumber {
  health: string;
}

export interface ScanStats {
  /** full: whole page; burst: after mutations; continue: the rest of a big scan, in a later task. */
  kind: 'full' | 'burst' | 'continue';
  units: number;
  nodes: number;
  added: number;
  removed: number;
  badges: number;
  /** Blocks left for later tasks (a big scan is sliced so that no task runs long). */
  pending: number;
  /** Time spent in the read phase and the write phase, ms. */
  readMs: number;
  writeMs: number;
}

export interface PageSummary {
  badges: number;
  /** Distinct numbers on the page that are stuck, blocked or need attention. */
  attention: number;
}

export interface PageControllerOptions<N extends PageNumber> {
  doc: Document;
  createBadge(number: N): BadgeView<N>;
  timers: Timers;
  /** Badges only on these routes (the SPA can navigate elsewhere without a reload). */
  isActiveUrl(href: string): boolean;
  onSummary?(summary: PageSummary): void;
  onScan?(stats: ScanStats): void;
  debounceMs?: number;
  maxWaitMs?: number;
  /** Time budget of one task for precise checks and badges; the rest continues in the next task. */
  sliceMs?: number;
}

const NEEDS_ATTENTION: ReadonlySet<string> = new Set(['stuck', 'blocked', 'attention']);
/** Above this many added subtrees in one burst, one walk of the page beats one walk per subtree. */
const MAX_DEEP_UNITS = 64;
/** Blocks checked between two looks at the clock. */
const CHUNK = 32;

/**
 * Wires a MutationObserver to the reconciler: mutations only mark nodes dirty; one debounced run per
 * burst resolves them to blocks, reads (scans) everything, then writes (badges), then discards the
 * mutation records its own writes produced.
 */
export function createPageController<N extends PageNumber>(opts: PageControllerOptions<N>) {
  const { doc, timers } = opts;
  const reconciler = createReconciler<N>(opts.createBadge);
  const dirty = createDirtySet();
  const View = doc.defaultView;
  if (!View) throw new Error('Document without a window.');
  let started = false;
  let fullPending = true;
  let active = true;

  const observer = new View.MutationObserver((records) => {
    if (collectMutations(records, dirty)) debouncer.schedule();
  });
  /** Page mutations not yet delivered to the callback (scheduled unless a run is about to use them). */
  const absorb = (schedule: boolean) => {
    if (collectMutations(observer.takeRecords(), dirty) && schedule) debouncer.schedule();
  };
  /** Records produced by our own writes: dropped. */
  const settle = () => void observer.takeRecords();

  const summarise = () => {
    let attention = 0;
    for (const id of reconciler.phoneIdsOnPage()) {
      const n = reconciler.number(id);
      if (n && NEEDS_ATTENTION.has(n.health)) attention++;
    }
    opts.onSummary?.({ badges: reconciler.badgeCount(), attention });
  };

  /** Blocks waiting for their precise scan (a big subtree is checked over several tasks). */
  let backlog: Node[] = [];
  let backlogPos = 0;
  /** Blocks already checked for the current backlog (a block holds several candidate text nodes). */
  let backlogSeen = new Set<Element>();
  let pruneDue = false;
  let continuation: unknown = null;
  const sliceMs = opts.sliceMs ?? 16;

  const run = () => {
    if (!started) return;
    if (continuation !== null) timers.clearTimeout(continuation);
    continuation = null;
    absorb(false);
    if (!opts.isActiveUrl(doc.location.href)) {
      active = false;
      clearDirty(dirty);
      backlog = [];
      backlogPos = 0;
      backlogSeen = new Set();
      if (reconciler.badgeCount()) {
        reconciler.clear();
        settle();
      }
      summarise();
      return;
    }
    if (!active) {
      active = true;
      fullPending = true;
    }
    const root = doc.body ?? doc.documentElement;
    const continuing = !fullPending && !isDirty(dirty);
    let full = fullPending;
    const units: ScanUnit[] = full ? [] : resolveUnits(dirty);
    // A burst that adds a whole list (late render, SPA route) costs what a full scan costs: do one.
    if (!full && units.filter((u) => u.deep).length > MAX_DEEP_UNITS) full = true;
    pruneDue ||= full || dirty.removals;
    fullPending = false;
    clearDirty(dirty);

    const t0 = timers.now();
    const sink = createSink();
    const shallow: Element[] = [];
    if (full) {
      backlog = reconciler.candidates(root, true, sink);
      backlogPos = 0;
      backlogSeen = new Set();
    } else {
      for (const u of units) {
        if (u.deep) for (const n of reconciler.candidates(u.block, false, sink)) backlog.push(n);
        else shallow.push(u.block);
      }
    }
    reconciler.read(shallow, new Set(), sink);
    let readMs = timers.now() - t0;
    const stats = { added: 0, removed: 0 };
    const write = (s: ScanSink) => {
      const t = timers.now();
      const w = reconciler.write(s, false);
      stats.added += w.added;
      stats.removed += w.removed;
      return timers.now() - t;
    };
    let writeMs = write(sink);
    // Precise checks and badges for the backlog, in document order, within a time slice per task.
    while (backlogPos < backlog.length) {
      const t = timers.now();
      const chunk = backlog.slice(backlogPos, backlogPos + CHUNK);
      backlogPos += chunk.length;
      const s = reconciler.read(chunk, backlogSeen);
      readMs += timers.now() - t;
      writeMs += write(s);
      if (timers.now() - t0 >= sliceMs) break;
    }
    if (backlogPos >= backlog.length) {
      backlog = [];
      backlogPos = 0;
      backlogSeen = new Set();
      if (pruneDue) {
        const t = timers.now();
        stats.removed += reconciler.prune();
        writeMs += timers.now() - t;
        pruneDue = false;
      }
    } else continuation = timers.setTimeout(run, 0);
    settle();
    opts.onScan?.({
      kind: full ? 'full' : continuing ? 'continue' : 'burst',
      units: units.length,
      nodes: sink.nodes,
      added: stats.added,
      removed: stats.removed,
      badges: reconciler.badgeCount(),
      pending: backlog.length - backlogPos,
      readMs,
      writeMs,
    });
    summarise();
  };

  const debouncer = createDebouncer(run, timers, opts.debounceMs ?? 50, opts.maxWaitMs ?? 250);

  return {
    reconciler,
    /** Starts observing and scans the whole page once. */
    start(): void {
      if (started) return;
      started = true;
      observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
      fullPending = true;
      run();
    },
    /** Stops observing and removes every badge. */
    stop(): void {
      if (!started) return;
      started = false;
      observer.disconnect();
      debouncer.cancel();
      if (continuation !== null) timers.clearTimeout(continuation);
      continuation = null;
      backlog = [];
      backlogPos = 0;
      reconciler.clear();
      clearDirty(dirty);
      summarise();
    },
    /** New display state: badges update in place; a full scan runs when new numbers became trackable. */
    setNumbers(list: ReadonlyArray<N>): void {
      if (started) absorb(true);
      const { rescan } = reconciler.setNumbers(list);
      if (!started) return;
      settle();
      if (rescan) {
        fullPending = true;
        debouncer.cancel();
        run();
      } else summarise();
    },
    /** The SPA changed route: rescan everything on the next run. */
    navigated(): void {
      fullPending = true;
      if (started) debouncer.schedule();
    },
    /** Runs a pending scan, and every continuation of a sliced scan, now (tests). */
    flush(): void {
      debouncer.flush();
      while (continuation !== null) {
        timers.clearTimeout(continuation);
        run();
      }
    },
    get pending(): boolean {
      return debouncer.pending || continuation !== null;
    },
  };
}

export type PageController<N extends PageNumber> = ReturnType<typeof createPageController<N>>;
