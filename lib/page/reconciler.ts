import { phoneDigits } from './phone-text';
import { candidateNodes, checkNode, createSink, type Occurrence, type ScanSink } from './scanner';
import { buildTrackedIndex, EMPTY_INDEX, hasNewDigits, type TrackedIndex } from './tracked-index';

/** What the reconciler needs from a badge: its host element (inserted into the page) and two hooks. */
export interface BadgeView<N> {
  readonly host: Element;
  update(number: N): void;
  destroy(): void;
}

export interface TrackedNumber {
  id: string;
  displayPhoneNumber?: string;
}

interface Rec<N> {
  phoneId: string;
  digits: string;
  parent: Node;
  after: Node;
  view: BadgeView<N>;
}

export interface WriteStats {
  added: number;
  removed: number;
}

/**
 * Keeps exactly one badge beside each occurrence of a tracked number, idempotently.
 * Badges are remembered per block element in a Map (no attribute is ever added to the page's own
 * elements); `read` only reads the DOM, `write` only writes it, so a caller can batch all reads first.
 */
export function createReconciler<N extends TrackedNumber>(createBadge: (number: N) => BadgeView<N>) {
  const records = new Map<Element, Array<Rec<N>>>();
  let byId = new Map<string, N>();
  let index: TrackedIndex = EMPTY_INDEX;

  const watched = (block: Element) => records.has(block);

  const insert = (host: Element, parent: Node, after: Node) => {
    let ref = after.nextSibling;
    // Several badges after one node (two numbers in one text): keep them in order.
    while (ref && ref.nodeType === 1 && isHost(ref as Element)) ref = ref.nextSibling;
    parent.insertBefore(host, ref);
  };
  const hosts = new WeakSet<Element>();
  const isHost = (el: Element) => hosts.has(el);

  const drop = (rec: Rec<N>) => {
    rec.view.host.remove();
    rec.view.destroy();
  };

  const alive = (rec: Rec<N>) => rec.view.host.parentNode === rec.parent && rec.after.parentNode === rec.parent && rec.parent.isConnected;

  /** Removes badges whose host, anchor or block left the page (rows re-rendered, list replaced). */
  function prune(): number {
    let removed = 0;
    for (const [block, recs] of records) {
      if (!block.isConnected) {
        for (const r of recs) drop(r);
        removed += recs.length;
        records.delete(block);
        continue;
      }
      const kept = recs.filter((r) => alive(r));
      if (kept.length === recs.length) continue;
      for (const r of recs) if (!kept.includes(r)) drop(r);
      removed += recs.length - kept.length;
      if (kept.length) records.set(block, kept);
      else records.delete(block);
    }
    return removed;
  }

  return {
    /**
     * Read phase, part 1: what a subtree scan must check precisely (see scanner.candidateNodes).
     * With `full`, every block holding a badge is included too (its number may have gone).
     */
    candidates(root: Element, full: boolean, sink: ScanSink): Node[] {
      if (!index.minDigits && !records.size) return [];
      return candidateNodes(root, index, sink, full ? [...records.keys()] : undefined);
    },

    /**
     * Read phase, part 2: precise scans of the blocks of `nodes` (text nodes or blocks), each block once
     * per `seen` set. No DOM writes.
     */
    read(nodes: Iterable<Node>, seen: Set<Element> = new Set(), sink: ScanSink = createSink()): ScanSink {
      if (!index.minDigits && !records.size) return sink;
      for (const n of nodes) checkNode(n, seen, { index, watched }, sink);
      return sink;
    },

    /**
     * Write phase: inserts missing badges, removes stale ones, and (when `pruneAll`, after removals)
     * drops badges whose anchor went away.
     */
    write(sink: ScanSink, pruneAll = true): WriteStats {
      const stats: WriteStats = { added: 0, removed: 0 };
      const blocks = new Set<Element>(sink.occurrences.keys());
      for (const b of sink.watchedBlocks) blocks.add(b);
      for (const block of blocks) {
        const desired: Occurrence[] = sink.occurrences.get(block) ?? [];
        const pool = [...(records.get(block) ?? [])];
        const next: Array<Rec<N>> = [];
        for (const d of desired) {
          const i = pool.findIndex((r) => r.phoneId === d.phoneId && r.after === d.after && r.parent === d.parent && alive(r));
          if (i >= 0) {
            next.push(pool.splice(i, 1)[0]!);
            continue;
          }
          const number = byId.get(d.phoneId);
          if (!number) continue;
          const view = createBadge(number);
          hosts.add(view.host);
          insert(view.host, d.parent, d.after);
          next.push({ phoneId: d.phoneId, digits: phoneDigits(number.displayPhoneNumber ?? ''), parent: d.parent, after: d.after, view });
          stats.added++;
        }
        for (const r of pool) {
          drop(r);
          stats.removed++;
        }
        if (next.length) records.set(block, next);
        else records.delete(block);
      }
      if (pruneAll) stats.removed += prune();
      return stats;
    },

    prune,

    /**
     * New display data: updates badges in place, removes badges of numbers no longer tracked.
     * Returns `rescan: true` when numbers became matchable that were not before (a full scan is due).
     */
    setNumbers(list: ReadonlyArray<N>): { rescan: boolean; removed: number } {
      const nextIndex = buildTrackedIndex(list);
      const rescan = hasNewDigits(index, nextIndex);
      byId = new Map(list.map((n) => [n.id, n]));
      index = nextIndex;
      let removed = 0;
      for (const [block, recs] of records) {
        const kept: Array<Rec<N>> = [];
        for (const r of recs) {
          const n = byId.get(r.phoneId);
          if (n && index.byDigits.get(r.digits) === r.phoneId) {
            r.view.update(n);
            kept.push(r);
          } else {
            drop(r);
            removed++;
          }
        }
        if (kept.length) records.set(block, kept);
        else records.delete(block);
      }
      return { rescan, removed };
    },

    /** Removes every badge (route left WhatsApp Manager, extension invalidated). */
    clear(): number {
      let removed = 0;
      for (const recs of records.values()) {
        for (const r of recs) drop(r);
        removed += recs.length;
      }
      records.clear();
      return removed;
    },

    isHost,
    get index(): TrackedIndex {
      return index;
    },
    number(id: string): N | undefined {
      return byId.get(id);
    },
    /** Distinct ids of numbers badged on the page. */
    phoneIdsOnPage(): Set<string> {
      const ids = new Set<string>();
      for (const recs of records.values()) for (const r of recs) ids.add(r.phoneId);
      return ids;
    },
    badgeCount(): number {
      let n = 0;
      for (const recs of records.values()) n += recs.length;
      return n;
    },
  };
}

export type Reconciler<N extends TrackedNumber> = ReturnType<typeof createReconciler<N>>;
