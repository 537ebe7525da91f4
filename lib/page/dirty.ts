import { blockOf, isInlineElement, isOwnElement, SKIPPED_SELECTOR, topBlocksWithin } from './scanner';

/**
 * Turns MutationRecords into the smallest set of blocks to rescan.
 * - added subtrees are scanned deeply (only them, not their container);
 * - the container of any change is rescanned shallowly (its own inline text: cheap even for a tbody of
 *   2,000 rows, since nested blocks are skipped), because an added or removed inline node can join or
 *   split a number (`<span>+1 555</span><span>-010-0001</span>`);
 * - changed text rescans its block shallowly.
 * Our own badge hosts are ignored both ways.
 */
export interface DirtySet {
  deep: Set<Node>;
  shallow: Set<Node>;
  /** Some nodes were removed: badges may have lost their anchor (prune needed). */
  removals: boolean;
}

export function createDirtySet(): DirtySet {
  return { deep: new Set(), shallow: new Set(), removals: false };
}

export function isDirty(d: DirtySet): boolean {
  return d.deep.size > 0 || d.shallow.size > 0;
}

export function clearDirty(d: DirtySet): void {
  d.deep.clear();
  d.shallow.clear();
  d.removals = false;
}

const isOwnNode = (n: Node) => n.nodeType === 1 && isOwnElement(n as Element);
/** Element and text nodes matter; comments and processing instructions do not. */
const isContentNode = (n: Node) => n.nodeType === 1 || n.nodeType === 3;

/** Records mutations into `dirty`. Returns true when any of them can change what we badge. */
export function collectMutations(records: Iterable<MutationRecord>, dirty: DirtySet): boolean {
  let relevant = false;
  for (const r of records) {
    if (r.type === 'characterData') {
      dirty.shallow.add(r.target);
      relevant = true;
      continue;
    }
    if (r.type !== 'childList') continue;
    let touched = false;
    for (const n of r.addedNodes) {
      if (!isContentNode(n) || isOwnNode(n)) continue;
      dirty.deep.add(n);
      touched = true;
    }
    for (const n of r.removedNodes) {
      // A badge host removed by someone else is a change too: the number is still there and needs one.
      if (!isContentNode(n)) continue;
      touched = true;
      dirty.removals = true;
    }
    if (touched) {
      dirty.shallow.add(r.target);
      relevant = true;
    }
  }
  return relevant;
}

export interface ScanUnit {
  block: Element;
  deep: boolean;
}

const insideSkipped = (el: Element) => el.closest(SKIPPED_SELECTOR) !== null;

function hasAncestorIn(el: Element, set: ReadonlySet<Element>): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (set.has(p)) return true;
  return false;
}

/** Resolves dirty nodes to scan units: deep units not nested in other deep units, then shallow ones. */
export function resolveUnits(dirty: DirtySet): ScanUnit[] {
  const deep = new Set<Element>();
  const shallow = new Set<Element>();
  for (const n of dirty.deep) {
    if (!n.isConnected) continue;
    if (n.nodeType === 1 && !isInlineElement(n as Element)) {
      deep.add(n as Element);
      continue;
    }
    const b = blockOf(n);
    if (b) shallow.add(b);
    if (n.nodeType === 1) for (const inner of topBlocksWithin(n)) deep.add(inner);
  }
  for (const n of dirty.shallow) {
    if (!n.isConnected) continue;
    const b = blockOf(n);
    if (b) shallow.add(b);
  }
  const units: ScanUnit[] = [];
  for (const b of deep) if (!hasAncestorIn(b, deep) && !insideSkipped(b)) units.push({ block: b, deep: true });
  for (const b of shallow) {
    if (deep.has(b) || hasAncestorIn(b, deep) || insideSkipped(b)) continue;
    units.push({ block: b, deep: false });
  }
  return units;
}
