import { describe, expect, it } from 'vitest';
import { buildRows, healthOfSeverity, groupByWaba, matchesFilter, reasonLines, type Row } from '@/lib/ui/number-list';
import { accountsWith, healthyPhone, numberState, stuckPhone } from './support';

const W1 = '111';
const W2 = '222';

function fixture() {
  const numbers = [
    numberState(W1, healthyPhone('1000000001')),
    numberState(W1, healthyPhone('1000000002', { quality_rating: 'RED' })),
    numberState(W2, healthyPhone('2000000001')),
    numberState(W2, stuckPhone('2000000002')),
    numberState(W2, healthyPhone('2000000003', { status: 'BANNED' })),
  ];
  const accounts = accountsWith(
    { id: W1, name: 'Alpha', businessName: 'Alpha Ltd', phoneIds: ['1000000001', '1000000002'] },
    { id: W2, name: 'Beta', phoneIds: ['2000000001', '2000000002', '2000000003'] },
  );
  return { numbers: Object.fromEntries(numbers.map((n) => [n.id, n])), accounts };
}

/** The WABA headers, numbers and toggles (portfolio headers are checked on their own below). */
const describeRows = (rows: Row[]) =>
  rows
    .filter((r) => r.kind !== 'portfolio')
    .map((r) =>
      r.kind === 'number'
        ? `${r.number.id}:${r.number.health}`
        : r.kind === 'group'
          ? `[${r.group.id}]`
          : `toggle:${r.kind === 'toggle' ? r.healthy : ''}`,
    );

describe('grouping and order', () => {
  it('groups by WABA, worst group first and worst number first', () => {
    const { numbers, accounts } = fixture();
    const groups = groupByWaba(numbers, accounts);
    expect(groups.map((g) => g.id)).toEqual([W2, W1]);
    expect(groups[0]!.numbers.map((n) => n.health)).toEqual(['blocked', 'stuck', 'healthy']);
    expect(groups[1]!.numbers.map((n) => n.health)).toEqual(['attention', 'healthy']);
    expect(groups[1]!.businessName).toBe('Alpha Ltd');
  });

  it('keeps a number whose WABA is not (yet) in accounts', () => {
    const { numbers } = fixture();
    const groups = groupByWaba(numbers, { wabas: {}, discoveryErrors: [] });
    expect(groups.flatMap((g) => g.numbers)).toHaveLength(5);
    expect(groups.every((g) => g.name === undefined)).toBe(true);
  });
});

describe('rows', () => {
  it('shows everything when not collapsing', () => {
    const { numbers, accounts } = fixture();
    const rows = buildRows(groupByWaba(numbers, accounts), { query: '', expanded: new Set(), collapseHealthy: false });
    expect(describeRows(rows)).toEqual([
      `[${W2}]`,
      '2000000003:blocked',
      '2000000002:stuck',
      '2000000001:healthy',
      `[${W1}]`,
      '1000000002:attention',
      '1000000001:healthy',
    ]);
  });

  it('collapses healthy numbers behind a toggle per WABA, and expands one WABA on demand', () => {
    const { numbers, accounts } = fixture();
    const groups = groupByWaba(numbers, accounts);
    const collapsed = buildRows(groups, { query: '', expanded: new Set(), collapseHealthy: true });
    const collapsedRows = [`[${W2}]`, '2000000003:blocked', '2000000002:stuck', 'toggle:1', `[${W1}]`, '1000000002:attention', 'toggle:1'];
    expect(describeRows(collapsed)).toEqual(collapsedRows);
    const expanded = buildRows(groups, { query: '', expanded: new Set([W1]), collapseHealthy: true });
    // The same rows, with W1's healthy number shown after its (now expanded) toggle.
    expect(describeRows(expanded)).toEqual([...collapsedRows, '1000000001:healthy']);
    expect(expanded.filter((r) => r.kind === 'toggle').map((r) => r.kind === 'toggle' && r.expanded)).toEqual([false, true]);
  });

  it('a filter shows matching numbers only, healthy ones included, and drops empty groups', () => {
    const { numbers, accounts } = fixture();
    const rows = buildRows(groupByWaba(numbers, accounts), { query: '010-0001', expanded: new Set(), collapseHealthy: true });
    expect(describeRows(rows)).toEqual([`[${W2}]`, '2000000001:healthy', `[${W1}]`, '1000000001:healthy']);
  });
});

describe('filter', () => {
  const { numbers, accounts } = fixture();
  const [beta, alpha] = groupByWaba(numbers, accounts);
  const stuck = beta!.numbers.find((n) => n.health === 'stuck')!;
  it('matches digits whatever the formatting', () => {
    expect(matchesFilter(stuck, beta!, '5550100002')).toBe(true);
    expect(matchesFilter(stuck, beta!, '(555) 010 0002')).toBe(true);
    expect(matchesFilter(stuck, beta!, '5550100003')).toBe(false);
  });
  it('matches names, ids, WABA name and health label', () => {
    expect(matchesFilter(stuck, beta!, 'shop 0002')).toBe(true);
    expect(matchesFilter(stuck, beta!, 'beta')).toBe(true);
    expect(matchesFilter(stuck, beta!, 'stuck')).toBe(true);
    expect(matchesFilter(stuck, alpha!, 'alpha ltd')).toBe(true);
    expect(matchesFilter(stuck, beta!, 'healthy')).toBe(false);
  });
  it('deduplicates reason lines (platform and throughput read the same)', () => {
    expect(stuck.reasons.length).toBeGreaterThan(reasonLines(stuck.reasons).length);
    expect(reasonLines(stuck.reasons)).toContain('Registration incomplete (not provisioned on the Cloud API)');
  });
});

describe('business portfolios above the WABAs', () => {
  it('a header per portfolio, worst first, carrying its id and the health of its worst number; its WABAs follow it', () => {
    const { numbers, accounts } = fixture();
    accounts.wabas[W1]!.businessId = '900000000000001';
    accounts.wabas[W1]!.businessName = 'Alpha Ltd';
    accounts.wabas[W2]!.businessId = '900000000000002';
    const rows = buildRows(groupByWaba(numbers, accounts), { query: '', expanded: new Set(), collapseHealthy: false });
    const heads = rows.flatMap((r) =>
      r.kind === 'portfolio'
        ? [`{${r.businessId}:${healthOfSeverity(r.worst)}:${r.shown}}`]
        : r.kind === 'group'
          ? [`[${r.group.id}]`]
          : [],
    );
    expect(heads).toEqual(['{900000000000002:blocked:3}', `[${W2}]`, '{900000000000001:attention:2}', `[${W1}]`]);
    expect(rows.find((r) => r.kind === 'portfolio' && r.businessId === '900000000000001')).toMatchObject({ name: 'Alpha Ltd' });
    // A filter that leaves one portfolio's numbers only shows that portfolio.
    const filtered = buildRows(groupByWaba(numbers, accounts), { query: '2000000003', expanded: new Set(), collapseHealthy: false });
    expect(filtered.filter((r) => r.kind === 'portfolio').map((r) => r.kind === 'portfolio' && r.businessId)).toEqual(['900000000000002']);
  });
});
