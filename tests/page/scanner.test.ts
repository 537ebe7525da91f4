// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { blockOf, createSink, findTrackedWindows, scanBlock, scanTree, type Occurrence } from '@/lib/page/scanner';
import { buildTrackedIndex } from '@/lib/page/tracked-index';

const index = buildTrackedIndex([
  { id: '1001', displayPhoneNumber: '+1 555-010-0001' },
  { id: '1002', displayPhoneNumber: '15550100002' },
  { id: '1003', displayPhoneNumber: '+55 11 91234-5678' },
]);

const flat = (sink: ReturnType<typeof createSink>) => [...sink.occurrences.values()].flat();

/** Both scanners must agree: the DOM walk (scanBlock) and the fast digit-projection one (scanTree). */
function scan(html: string): Occurrence[] {
  document.body.innerHTML = html;
  const walked = createSink();
  scanBlock(document.body, true, { index }, walked);
  const fast = createSink();
  scanTree(document.body, { index }, fast);
  const key = (o: Occurrence) => [o.phoneId, o.after, o.parent];
  expect(flat(fast).map(key)).toEqual(flat(walked).map(key));
  return flat(walked);
}
const ids = (occ: Occurrence[]) => occ.map((o) => o.phoneId);
const describeNode = (n: Node) => (n.nodeType === 3 ? `#text(${n.textContent})` : `${(n as Element).localName}(${n.textContent})`);

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('scanner on WhatsApp Manager-like DOM', () => {
  it('table layout: one occurrence per row, badge after the span holding the number', () => {
    const occ = scan(`<table><tbody>
      <tr><td><div><span>+1 555-010-0001</span></div></td><td><div><span>Acme</span></div></td><td><span>2023-08-22</span></td></tr>
      <tr><td><div><span>+1 555-010-0002</span></div></td><td><div><span>Beta</span></div></td><td><span>2024-01-15</span></td></tr>
    </tbody></table>`);
    expect(ids(occ)).toEqual(['1001', '1002']);
    expect(occ.map((o) => describeNode(o.after))).toEqual(['span(+1 555-010-0001)', 'span(+1 555-010-0002)']);
    expect((occ[0]!.parent as Element).localName).toBe('div');
  });

  it('div grid with the number split across spans (and nested inline elements)', () => {
    const occ = scan(`<div role="grid">
      <div role="row"><div role="gridcell"><span>+1 555</span><span>-010-0001</span></div><div role="gridcell"><span>Acme</span></div></div>
      <div role="row"><div role="gridcell"><a href="#"><b>+55</b> <i>11</i></a><span> 91234-</span><span>5678</span></div></div>
    </div>`);
    expect(ids(occ)).toEqual(['1001', '1003']);
    expect(occ.map((o) => describeNode(o.after))).toEqual(['span(-010-0001)', 'span(5678)']);
  });

  it('finds numbers written as text directly in a cell, with or without +, and in any formatting', () => {
    expect(ids(scan('<td>15550100001</td>'))).toEqual(['1001']);
    expect(ids(scan('<p>Call (555) 010-0001 or +1 (555) 010-0002 now</p>'))).toEqual(['1002']);
  });

  it('never joins text of two cells or two blocks', () => {
    expect(ids(scan('<table><tr><td>+1 555</td><td>-010-0001</td></tr></table>'))).toEqual([]);
    expect(ids(scan('<div><div>+1 555</div><div>010-0001</div></div>'))).toEqual([]);
    expect(ids(scan('<div><span>+1 555</span><br><span>010-0001</span></div>'))).toEqual([]);
  });

  it('leaves decoys alone: untracked numbers, ids, dates, amounts, digits inside longer runs', () => {
    const occ = scan(`<main>
      <div>Business portfolio ID <span>15550100001999</span></div>
      <div>Case <span>4815162342108</span>, App ID <span>9915550100001</span></div>
      <div>Estimated charges <span>$1,234.56</span> · Conversations <span>12,345</span> · ends <span>2026-07-31</span></div>
      <div>Test number <span>+1 555-010-0999</span>, support <span>+1 650-555-0142</span></div>
      <div><span>15550100001</span><span>2024</span></div>
      <div>ref:act_15550100001</div>
    </main>`);
    expect(occ).toEqual([]);
  });

  it('ignores scripts, styles, form fields, editors and templates', () => {
    const occ = scan(`
      <script>var n = "+1 555-010-0001";</script><style>/* +1 555-010-0001 */</style>
      <textarea>+1 555-010-0001</textarea><input value="+1 555-010-0001">
      <div contenteditable="true"><p>+1 555-010-0001</p></div>
      <template><span>+1 555-010-0001</span></template>
      <noscript>+1 555-010-0001</noscript>`);
    expect(occ).toEqual([]);
  });

  it('does not read its own badges, and they do not split a number', () => {
    expect(ids(scan('<div><span>+1 555</span><waba-health-badge></waba-health-badge><span>-010-0001</span></div>'))).toEqual(['1001']);
    document.body.innerHTML = '<div><waba-health-badge>+1 555-010-0002</waba-health-badge></div>';
    const sink = createSink();
    scanBlock(document.body, true, { index }, sink);
    expect(flat(sink)).toEqual([]);
  });

  it('places the badge after a button or summary holding the number, not inside it', () => {
    const occ = scan('<section><button type="button"><span>+1 555-010-0001</span></button></section>');
    expect(ids(occ)).toEqual(['1001']);
    expect((occ[0]!.parent as Element).localName).toBe('section');
    expect((occ[0]!.after as Element).localName).toBe('button');
  });

  it('places the badge after a link wrapping the number, so it is not part of the link', () => {
    const occ = scan('<div><a href="/x"><span>+1 555-010-0001</span></a> Acme</div>');
    expect((occ[0]!.after as Element).localName).toBe('a');
  });

  it('finds every occurrence, also twice in one block', () => {
    expect(ids(scan('<p>+1 555-010-0001 or +1 555-010-0001</p><p>15550100002</p>'))).toEqual(['1001', '1001', '1002']);
  });

  it('shallow scans read only the block’s own text; deep scans read nested blocks', () => {
    document.body.innerHTML = '<div id="outer"><span>+1 555-010-0001</span><div id="inner"><span>15550100002</span></div></div>';
    const outer = document.getElementById('outer')!;
    const shallow = createSink();
    scanBlock(outer, false, { index }, shallow);
    expect(ids([...shallow.occurrences.values()].flat())).toEqual(['1001']);
    const deep = createSink();
    scanBlock(outer, true, { index }, deep);
    expect(ids([...deep.occurrences.values()].flat())).toEqual(['1001', '1002']);
  });

  it('reports scanned blocks the caller watches (so their badges can be removed)', () => {
    document.body.innerHTML = '<div id="a"><span>nothing here</span></div>';
    const a = document.getElementById('a')!;
    const sink = createSink();
    scanBlock(document.body, true, { index, watched: (b) => b === a }, sink);
    expect(sink.watchedBlocks).toEqual([a]);
  });

  it('finds tracked digit strings in a digits-only projection, any length, leading zeros included', () => {
    const idx = buildTrackedIndex([
      { id: 'a', displayPhoneNumber: '+1 555-010-0001' },
      { id: 'b', displayPhoneNumber: '+44 020 7946 0000' },
    ]);
    const digits = '99' + '15550100001' + '2024' + '4402079460000' + '15550100001';
    expect(findTrackedWindows(digits, idx)).toEqual(
      expect.arrayContaining([
        [2, 13],
        [30, 41],
        [17, 30],
      ]),
    );
    expect(findTrackedWindows('1555010000', idx)).toEqual([]);
  });

  it('the fast scan rechecks blocks that hold badges even when their number is gone', () => {
    document.body.innerHTML = '<div id="gone"><span>n/a</span></div>';
    const gone = document.getElementById('gone')!;
    const sink = createSink();
    scanTree(document.body, { index, watched: (b) => b === gone }, sink, [gone]);
    expect(sink.watchedBlocks).toEqual([gone]);
  });

  it('blockOf climbs inline ancestors to the enclosing block', () => {
    document.body.innerHTML = '<td><div id="d"><a><b><span id="s">x</span></b></a></div></td>';
    expect(blockOf(document.getElementById('s')!.firstChild!)).toBe(document.getElementById('d'));
    expect(blockOf(document.getElementById('d')!)).toBe(document.getElementById('d'));
  });
});
