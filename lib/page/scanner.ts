import { findPhoneCandidates } from './phone-text';
import type { TrackedIndex } from './tracked-index';

/**
 * DOM scanning: finds tracked numbers in a page's text, read-only (no writes, no layout or style reads).
 *
 * Text is read per block element: the text nodes of a block and of its inline descendants (span, a, b…)
 * form one "segment", so a number split across `<span>+1 555</span><span>-010-0001</span>` is found. Nested
 * block elements, `<br>`, and skipped subtrees (scripts, form fields, editors, our own badges) break
 * segments: text in two table cells or two divs never joins.
 */

/** Elements that flow inline: their text joins the surrounding block's text. Everything else is a block. */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'big',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'label',
  'mark',
  'nobr',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
]);

/** Subtrees never read: not text people read as page content, or content we must not touch. */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'optgroup',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'head',
  'title',
  'img',
  'picture',
]);

/** Blocks whose content must not receive a badge (nested interactive content): the badge goes after them. */
const PLACE_AFTER = new Set(['button', 'summary']);

export const OWN_ELEMENT_PREFIX = 'waba-health-';

export function isOwnElement(el: Element): boolean {
  return el.localName.startsWith(OWN_ELEMENT_PREFIX);
}

export function isInlineElement(el: Element): boolean {
  return INLINE.has(el.localName);
}

function isSkipped(el: Element): boolean {
  return SKIP.has(el.localName) || isOwnElement(el) || isEditable(el);
}

/** The block element whose text a node belongs to (the node itself if it is a block element). */
export function blockOf(node: Node): Element | null {
  let el: Element | null = node.nodeType === 1 ? (node as Element) : node.parentElement;
  while (el && INLINE.has(el.localName) && el.parentElement) el = el.parentElement;
  return el;
}

/** One occurrence of a tracked number, and where its badge goes: inside `parent`, right after `after`. */
export interface Occurrence {
  phoneId: string;
  /** The block element whose text contains the number. */
  block: Element;
  parent: Node;
  after: Node;
}

export interface ScanSink {
  /** Occurrences found, grouped by block, in document order. */
  occurrences: Map<Element, Occurrence[]>;
  /** Blocks scanned for which `watched` answered true (they may need their badges removed). */
  watchedBlocks: Element[];
  /** Nodes visited (for the benchmark). */
  nodes: number;
}

export function createSink(): ScanSink {
  return { occurrences: new Map(), watchedBlocks: [], nodes: 0 };
}

export interface ScanOptions {
  index: TrackedIndex;
  /** Blocks the caller holds badges for; reported in `watchedBlocks` when scanned. */
  watched?: (block: Element) => boolean;
}

/**
 * Scans the text that belongs to `block` itself (its inline descendants) and, when `deep`, every nested
 * block too, by walking the DOM. This is the precise matcher; `scanTree` uses it only on the few blocks
 * that can hold a tracked number. A shallow scan skips nested blocks: it is how a changed cell is
 * rescanned without touching the 2,000 rows of the table around it.
 */
export function scanBlock(block: Element, deep: boolean, opts: ScanOptions, sink: ScanSink): void {
  if (isSkipped(block)) return;
  const { index } = opts;
  if (opts.watched?.(block)) sink.watchedBlocks.push(block);
  const nested: Element[] = [];
  let nodes: Text[] = [];
  let texts: string[] = [];
  let hasDigit = false;

  const flush = () => {
    if (hasDigit && index.minDigits) matchSegment(block, nodes, texts, index, sink);
    nodes = [];
    texts = [];
    hasDigit = false;
  };

  const visit = (parent: Node) => {
    for (let n = parent.firstChild; n; n = n.nextSibling) {
      sink.nodes++;
      const type = n.nodeType;
      if (type === 3) {
        const data = (n as Text).data;
        if (!data) continue;
        nodes.push(n as Text);
        texts.push(data);
        if (!hasDigit && /\d/.test(data)) hasDigit = true;
      } else if (type === 1) {
        const el = n as Element;
        const name = el.localName;
        if (INLINE.has(name)) {
          if (isEditable(el)) flush();
          else visit(el);
        } else if (name.startsWith(OWN_ELEMENT_PREFIX)) {
          // Our badges have no light-DOM text and never split a number.
        } else {
          // A nested block, <br>, a script or a form field: the text on either side does not join.
          flush();
          if (deep && !SKIP.has(name) && name !== 'br') nested.push(el);
        }
      }
    }
  };
  visit(block);
  flush();
  for (const child of nested) scanBlock(child, true, opts, sink);
}

function isEditable(el: Element): boolean {
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable !== 'false';
}

/** Subtrees never badged, as one selector for `closest()` (one native call instead of a JS walk). */
export const SKIPPED_SELECTOR =
  'script,style,noscript,template,textarea,select,option,svg,math,iframe,object,head,[contenteditable]:not([contenteditable="false"]),waba-health-badge,waba-health-root';

const TEXT_PARENT_SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea']);
const SHOW_TEXT = 4;

/**
 * Scans a whole subtree fast (the initial scan of a 2,000-row page, a re-rendered list).
 * 1. One TreeWalker pass over text nodes builds the page's digits-only projection (ids, dates and numbers
 *    alike), remembering which text node each digit came from.
 * 2. Every window of the projection is looked up among the tracked digit strings with a rolling value
 *    (one pass per distinct length, no allocation). A number's digits are contiguous in the projection
 *    whatever its formatting or split, so this finds a superset of the real occurrences.
 * 3. Only the blocks holding those text nodes get the precise `scanBlock` (which refuses longer runs, ids,
 *    cross-cell joins...). `extraBlocks` (blocks that hold badges) are rescanned precisely as well.
 */
export function scanTree(root: Element, opts: ScanOptions, sink: ScanSink, extraBlocks?: Iterable<Element>): void {
  const seen = new Set<Element>();
  for (const node of candidateNodes(root, opts.index, sink, extraBlocks)) checkNode(node, seen, opts, sink);
}

/**
 * Steps 1-2 of `scanTree`: the text nodes that may hold (part of) a tracked number, in document order,
 * followed by `extraBlocks`. Cheap enough for a 2,000-row page in one task; the precise checks
 * (`checkNode`) can then run over several tasks (see PageController).
 */
export function candidateNodes(root: Element, index: TrackedIndex, sink: ScanSink, extraBlocks?: Iterable<Element>): Node[] {
  const out: Node[] = [];
  if (index.minDigits) {
    const doc = root.ownerDocument;
    const walker = doc.createTreeWalker(root, SHOW_TEXT);
    const nodes: Text[] = [];
    const starts: number[] = [];
    let digits = '';
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      sink.nodes++;
      const data = n.data;
      if (!DIGIT.test(data)) continue;
      // Long text with digits is usually an inline script's JSON: only then is the parent worth reading.
      if (data.length > 256 && TEXT_PARENT_SKIP.has((n.parentNode as Element | null)?.localName ?? '')) continue;
      nodes.push(n);
      starts.push(digits.length);
      digits += data.replace(NON_DIGITS, '');
    }
    let last = -1;
    for (const [from, to] of findTrackedWindows(digits, index).sort((a, b) => a[0] - b[0])) {
      for (let k = Math.max(nodeAt(starts, from), last + 1); k < nodes.length && starts[k]! < to; k++) {
        out.push(nodes[k]!);
        last = k;
      }
    }
  }
  if (extraBlocks) for (const b of extraBlocks) out.push(b);
  return out;
}

/**
 * The precise check for one candidate: its block (a text node's enclosing block, or the block itself),
 * once per `seen` set, unless detached or inside a skipped subtree.
 */
export function checkNode(node: Node, seen: Set<Element>, opts: ScanOptions, sink: ScanSink): void {
  const block = node.nodeType === 1 ? (node as Element) : blockOf(node);
  if (!block || seen.has(block)) return;
  seen.add(block);
  if (!block.isConnected || block.closest(SKIPPED_SELECTOR)) return;
  scanBlock(block, false, opts, sink);
}

const DIGIT = /\d/;
const NON_DIGITS = /\D+/g;

/** Index of the node whose digits contain position `pos` (binary search over start offsets). */
function nodeAt(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** [start, end) windows of `digits` equal to a tracked digit string. */
export function findTrackedWindows(digits: string, index: TrackedIndex): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [len, values] of index.byLength) {
    if (digits.length < len) continue;
    const top = 10 ** (len - 1);
    let value = 0;
    for (let i = 0; i < digits.length; i++) {
      if (i >= len) value -= (digits.charCodeAt(i - len) - 48) * top;
      value = value * 10 + (digits.charCodeAt(i) - 48);
      if (i >= len - 1 && values.has(value) && index.byDigits.has(digits.slice(i - len + 1, i + 1))) out.push([i - len + 1, i + 1]);
    }
  }
  return out;
}

function matchSegment(block: Element, nodes: Text[], texts: string[], index: TrackedIndex, sink: ScanSink): void {
  const text = texts.length === 1 ? texts[0]! : texts.join('');
  if (text.length < index.minDigits) return;
  let soft: Set<number> | undefined;
  const starts: number[] = [];
  let offset = 0;
  for (const t of texts) {
    starts.push(offset);
    if (offset > 0) {
      soft ??= new Set();
      soft.add(offset);
    }
    offset += t.length;
  }
  for (const c of findPhoneCandidates(text, index.minDigits, index.maxDigits, soft)) {
    const phoneId = index.byDigits.get(c.digits);
    if (!phoneId) continue;
    // The text node holding the number's last digit.
    let k = starts.length - 1;
    while (k > 0 && starts[k]! >= c.end) k--;
    const place = placement(block, nodes[k]!);
    let list = sink.occurrences.get(block);
    if (!list) {
      list = [];
      sink.occurrences.set(block, list);
    }
    list.push({ phoneId, block, parent: place.parent, after: place.after });
  }
}

/** Right after the block's child that holds the end of the number; after the block itself for buttons etc. */
function placement(block: Element, endNode: Node): { parent: Node; after: Node } {
  if (PLACE_AFTER.has(block.localName) && block.parentNode) return { parent: block.parentNode, after: block };
  let ref: Node = endNode;
  while (ref.parentNode && ref.parentNode !== block) ref = ref.parentNode;
  return { parent: block, after: ref };
}

/** The outermost blocks inside an inline subtree (an `<a>` wrapping a whole card, say). */
export function topBlocksWithin(root: Node, out: Element[] = []): Element[] {
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    if (isSkipped(el)) continue;
    if (INLINE.has(el.localName)) topBlocksWithin(el, out);
    else out.push(el);
  }
  return out;
}
