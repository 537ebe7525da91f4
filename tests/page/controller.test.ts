// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPageController, type PageController, type PageNumber, type ScanStats } from '@/lib/page/controller';
import type { BadgeView } from '@/lib/page/reconciler';

interface N extends PageNumber {
  displayPhoneNumber?: string;
}

const A: N = { id: '1001', displayPhoneNumber: '+1 555-010-0001', health: 'stuck' };
const B: N = { id: '1002', displayPhoneNumber: '+1 555-010-0002', health: 'healthy' };
const C: N = { id: '1003', displayPhoneNumber: '+1 555-010-0003', health: 'blocked' };

/** A minimal badge: the host carries the promised attributes; updates are recorded. */
function fakeBadge(n: N): BadgeView<N> & { updates: N[] } {
  const host = document.createElement('waba-health-badge');
  host.setAttribute('data-phone-number-id', n.id);
  host.setAttribute('data-health', n.health);
  const updates: N[] = [];
  return {
    host,
    updates,
    update(next) {
      updates.push(next);
      host.setAttribute('data-health', next.health);
    },
    destroy() {},
  };
}

let controller: PageController<N>;
let scans: ScanStats[];
let summaries: Array<{ badges: number; attention: number }>;
let active: boolean;
let created: number;

const badges = () => [...document.querySelectorAll('waba-health-badge')];
const badgeIds = () => badges().map((b) => b.getAttribute('data-phone-number-id'));
/** Lets the MutationObserver deliver, then runs the pending debounced scan. */
const settle = async () => {
  await new Promise((r) => setTimeout(r, 0));
  controller.flush();
};

function rowsHtml(numbers: string[]): string {
  return numbers.map((n) => `<tr><td><div><span>${n}</span></div></td><td><span>Name</span></td></tr>`).join('');
}

beforeEach(() => {
  document.body.innerHTML = `<main><h1>Phone numbers</h1><table><tbody id="rows">${rowsHtml(['+1 555-010-0001', '+1 555-010-0002', '+1 555-010-0999'])}</tbody></table>
    <aside>Case <span>4815162342108</span></aside></main>`;
  scans = [];
  summaries = [];
  active = true;
  created = 0;
  controller = createPageController<N>({
    doc: document,
    createBadge: (n) => {
      created++;
      return fakeBadge(n);
    },
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id as number), now: () => performance.now() },
    isActiveUrl: () => active,
    onScan: (s) => scans.push(s),
    onSummary: (s) => summaries.push(s),
    debounceMs: 10_000, // tests flush explicitly: a scan never runs by accident
    maxWaitMs: 10_000,
  });
});

afterEach(() => controller.stop());

describe('page controller', () => {
  it('badges each tracked number once, right after it, and nothing else', () => {
    controller.start();
    controller.setNumbers([A, B]);
    expect(badgeIds()).toEqual(['1001', '1002']);
    for (const b of badges()) expect(b.previousElementSibling?.textContent).toMatch(/^\+1 555-010-000[12]$/);
    expect(scans.at(-1)?.kind).toBe('full');
    expect(summaries.at(-1)).toEqual({ badges: 2, attention: 1 });
  });

  it('adds no attribute to the page’s own elements', () => {
    const before = [...document.body.querySelectorAll('*')].map((e) => e.getAttributeNames().join());
    controller.start();
    controller.setNumbers([A, B]);
    const after = [...document.body.querySelectorAll('*')]
      .filter((e) => e.localName !== 'waba-health-badge')
      .map((e) => e.getAttributeNames().join());
    expect(after).toEqual(before);
  });

  it('stays idempotent: repeated scans and re-renders never duplicate badges', async () => {
    controller.start();
    controller.setNumbers([A, B]);
    const first = badges();
    controller.navigated();
    controller.flush();
    expect(badges()).toEqual(first); // same hosts, not re-created
    for (let i = 0; i < 5; i++) {
      document.getElementById('rows')!.innerHTML = rowsHtml(['+1 555-010-0001', '+1 555-010-0002']);
      await settle();
    }
    expect(badgeIds()).toEqual(['1001', '1002']);
    expect(created).toBe(2 + 5 * 2);
  });

  it('scans once per burst of mutations, only the added subtrees', async () => {
    controller.start();
    controller.setNumbers([A, B, C]);
    scans = [];
    const tbody = document.getElementById('rows')!;
    for (let i = 0; i < 20; i++) {
      const tr = document.createElement('tr');
      tr.innerHTML = `<td><div><span>${i === 7 ? '+1 555-010-0003' : `+1 555-020-${String(i).padStart(4, '0')}`}</span></div></td>`;
      tbody.append(tr);
    }
    await settle();
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ kind: 'burst', added: 1 });
    // 20 new rows of 4 nodes, plus the tbody's own children (shallow): far from the whole page.
    expect(scans[0]!.nodes).toBeLessThan(20 * 4 + 20 + 10);
    expect(badgeIds()).toEqual(['1001', '1002', '1003']);
  });

  it('handles rows rendered later', async () => {
    document.getElementById('rows')!.innerHTML = '';
    controller.start();
    controller.setNumbers([A, B]);
    expect(badges()).toHaveLength(0);
    document.getElementById('rows')!.innerHTML = rowsHtml(['+1 555-010-0002']);
    await settle();
    expect(badgeIds()).toEqual(['1002']);
  });

  it('follows a number split across spans as the spans change', async () => {
    document.body.innerHTML = '<div role="gridcell" id="cell"><span>+1 555</span><span id="tail">-010-0001</span></div>';
    controller.start();
    controller.setNumbers([A, B]);
    expect(badgeIds()).toEqual(['1001']);
    document.getElementById('tail')!.textContent = '-010-0002';
    await settle();
    expect(badgeIds()).toEqual(['1002']);
    document.getElementById('tail')!.firstChild!.nodeValue = '-010-0999';
    await settle();
    expect(badges()).toHaveLength(0);
  });

  it('removes the badge when its number leaves the page', async () => {
    controller.start();
    controller.setNumbers([A, B]);
    document.querySelector('#rows tr')!.remove();
    await settle();
    expect(badgeIds()).toEqual(['1002']);
  });

  it('puts a badge back when the page removes it while the number stays', async () => {
    controller.start();
    controller.setNumbers([A]);
    badges()[0]!.remove();
    await settle();
    expect(badgeIds()).toEqual(['1001']);
  });

  it('updates badges live, removes untracked ones, and rescans for newly tracked numbers', () => {
    controller.start();
    controller.setNumbers([A, B]);
    const [a] = badges();
    controller.setNumbers([{ ...A, health: 'healthy' }, B]);
    expect(badges()[0]).toBe(a);
    expect(a!.getAttribute('data-health')).toBe('healthy');
    expect(summaries.at(-1)).toEqual({ badges: 2, attention: 0 });
    controller.setNumbers([B]);
    expect(badgeIds()).toEqual(['1002']);
    controller.setNumbers([B, { id: '1999', displayPhoneNumber: '15550100999', health: 'attention' }]);
    expect(badgeIds()).toEqual(['1002', '1999']);
    expect(summaries.at(-1)).toEqual({ badges: 2, attention: 1 });
  });

  it('removes every badge on routes outside WhatsApp Manager, and rescans on the way back', async () => {
    controller.start();
    controller.setNumbers([A, B]);
    active = false;
    controller.navigated();
    controller.flush();
    expect(badges()).toHaveLength(0);
    active = true;
    document.getElementById('rows')!.innerHTML = rowsHtml(['+1 555-010-0002']);
    await settle();
    expect(badgeIds()).toEqual(['1002']);
  });

  it('stops observing and cleans up on stop()', async () => {
    controller.start();
    controller.setNumbers([A, B]);
    controller.stop();
    expect(badges()).toHaveLength(0);
    document.getElementById('rows')!.innerHTML = rowsHtml(['+1 555-010-0001']);
    await new Promise((r) => setTimeout(r, 0));
    expect(controller.pending).toBe(false);
    expect(badges()).toHaveLength(0);
  });

  it('slices a big scan over several tasks, in document order, and ends with every badge', async () => {
    controller.stop();
    const runs: ScanStats[] = [];
    const rows = Array.from({ length: 300 }, (_, i) => `+1 555-010-${String(i).padStart(4, '0')}`);
    document.getElementById('rows')!.innerHTML = rowsHtml(rows);
    const numbers: N[] = rows.map((r, i) => ({ id: String(5000 + i), displayPhoneNumber: r, health: 'healthy' }));
    let clock = 0;
    const c = createPageController<N>({
      doc: document,
      createBadge: fakeBadge,
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id as number), now: () => (clock += 1) },
      isActiveUrl: () => true,
      onScan: (s) => runs.push(s),
      sliceMs: 3, // a few clock reads: one chunk of blocks per task
    });
    c.start();
    c.setNumbers(numbers);
    expect(runs.at(-1)).toMatchObject({ kind: 'full' });
    expect(runs.at(-1)!.pending).toBeGreaterThan(0);
    const first = badgeIds();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(300);
    expect(first).toEqual(numbers.slice(0, first.length).map((n) => n.id)); // top of the page first
    await vi.waitFor(() => expect(runs.at(-1)!.pending).toBe(0), { timeout: 5_000 });
    expect(runs.filter((r) => r.kind === 'continue').length).toBeGreaterThan(1);
    expect(badges()).toHaveLength(300);
    c.stop();
  });

  it('debounces: one run for a burst, after the quiet period', async () => {
    controller.stop();
    const runs: ScanStats[] = [];
    const c = createPageController<N>({
      doc: document,
      createBadge: fakeBadge,
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id as number), now: () => Date.now() },
      isActiveUrl: () => true,
      onScan: (s) => runs.push(s),
      debounceMs: 20,
      maxWaitMs: 200,
    });
    c.start();
    c.setNumbers([A]);
    runs.length = 0;
    const tbody = document.getElementById('rows')!;
    for (let i = 0; i < 5; i++) {
      tbody.append(document.createElement('tr'));
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(runs).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(runs).toHaveLength(1);
    c.stop();
  });
});
