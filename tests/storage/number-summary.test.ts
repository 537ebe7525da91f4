import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { summariseNumber } from '@/lib/number-summary';
import { database } from '@/lib/storage/db';
import { numberSummariesItem, numbersItem, pinsItem, tokenItem } from '@/lib/storage/items';
import { NumberSummarySchema, type NumberState, type NumberSummary } from '@/lib/storage/schemas';
import { groupByWaba, toNumberView } from '@/lib/ui/number-list';
import { stuckPhone } from '../support/phones';

/** Summaries of every number, keyed like `numbers` (what the `summaries` store holds, one record each). */
const summarise = (numbers: Record<string, NumberState>): Record<string, NumberSummary> =>
  Object.fromEntries(Object.entries(numbers).map(([id, n]) => [id, summariseNumber(n)]));

const TOKEN = 'EAAGtestTokenAbcdefghijklmnopqrstuvwxyz0123456789';
const WABA = '102290129340398';

const stored = (id: string, extra: Partial<NumberState> = {}): NumberState => ({
  id,
  wabaId: WABA,
  snapshot: stuckPhone(id, {
    quality_rating: 'YELLOW',
    messaging_limit_tier: 'TIER_1K',
    new_name_status: 'PENDING_REVIEW',
    account_mode: 'LIVE',
    is_official_business_account: false,
    last_onboarded_time: '2026-01-02T03:04:05+0000',
    health_status: {
      can_send_message: 'LIMITED',
      entities: [
        {
          entity_type: 'PHONE_NUMBER',
          id,
          can_send_message: 'LIMITED',
          errors: [{ error_code: 141006, error_description: 'Payment method issue' }],
        },
      ],
    },
  }),
  lastReadAt: 1_700_000_000_000,
  lastError: {
    kind: 'graph',
    message: 'Oops',
    code: 100,
    subcode: 33,
    httpStatus: 400,
    type: 'OAuthException',
    fbtraceId: 'AbC',
    details: 'raw',
    at: 5,
    userTitle: 'T',
    userMessage: 'M',
  },
  stale: true,
  health: 'stuck',
  reasons: [{ code: 'status', value: 'PENDING' }],
  decision: 'register',
  history: [
    { at: 1, to: 'unknown' },
    { at: 2, from: 'unknown', to: 'stuck' },
  ],
  notifiedHealth: 'stuck',
  firstSeenAt: 1,
  ...extra,
});

describe('summarise', () => {
  it('keeps exactly what the list shows, filters and groups by', () => {
    const s = summarise({ '1001': stored('1001') })['1001']!;
    expect(s).toEqual({
      id: '1001',
      wabaId: WABA,
      // When it entered stuck (its last transition into it): what a summary notification filters on.
      alarmedAt: 2,
      snapshot: {
        id: '1001',
        display_phone_number: '+1 555-010-1001',
        verified_name: 'Shop 1001',
        status: 'PENDING',
        quality_rating: 'YELLOW',
        whatsapp_business_manager_messaging_limit: 'TIER_2K',
        messaging_limit_tier: 'TIER_1K',
        name_status: 'APPROVED',
        new_name_status: 'PENDING_REVIEW',
        platform_type: 'NOT_APPLICABLE',
        throughput: { level: 'NOT_APPLICABLE' },
        is_pin_enabled: false,
        health_status: { can_send_message: 'LIMITED' },
      },
      lastReadAt: 1_700_000_000_000,
      lastError: { kind: 'graph', message: 'Oops', code: 100, subcode: 33, httpStatus: 400, userTitle: 'T', userMessage: 'M' },
      stale: true,
      health: 'stuck',
      reasons: [{ code: 'status', value: 'PENDING' }],
      decision: 'register',
    });
    // It round-trips through its own schema unchanged.
    expect(NumberSummarySchema.parse(s)).toEqual(s);
  });

  it('gives the list the same view as the full number (except history and detail-only fields)', () => {
    const accounts = {
      wabas: { [WABA]: { id: WABA, name: 'Lisbon', businessId: '5069', sources: [], phoneIds: ['1001'] } },
      discoveryErrors: [],
    };
    const full = toNumberView(stored('1001'), accounts);
    const lean = toNumberView(summarise({ '1001': stored('1001') })['1001']!, accounts);
    const listFields = [
      'id',
      'wabaId',
      'display',
      'verifiedName',
      'health',
      'severity',
      'reasons',
      'decision',
      'lastReadAt',
      'stale',
      'status',
      'quality',
      'messagingLimit',
      'nameStatus',
      'newNameStatus',
      'platform',
      'throughput',
      'canSend',
      'isPinEnabled',
      'managerUrl',
    ] as const;
    for (const f of listFields) expect(lean[f], f).toEqual(full[f]);
    expect(lean.history).toEqual([]);
    const ids = (numbers: Parameters<typeof groupByWaba>[0]) => groupByWaba(numbers, accounts).flatMap((g) => g.numbers.map((n) => n.id));
    const many = { '1003': stored('1003', { health: 'healthy' }), '1001': stored('1001'), '1002': stored('1002', { health: 'blocked' }) };
    expect(ids(summarise(many))).toEqual(ids(many));
  });

  it('is much smaller than the numbers it summarises, and never holds the token or PINs', () => {
    const numbers = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`10${1000 + i}`, stored(`10${1000 + i}`)]));
    const lean = JSON.stringify(summarise(numbers));
    // This fixture's snapshot is small; Meta's real ones (health entities) make the ratio about 5.
    expect(JSON.stringify(numbers).length / lean.length).toBeGreaterThan(1.5);
    expect(lean).not.toContain(TOKEN);
    expect(lean).not.toMatch(/"pin"/);
    for (const dropped of [
      'entities',
      'history',
      'notifiedHealth',
      'firstSeenAt',
      'fbtraceId',
      'code_verification_status',
      'account_mode',
      'last_onboarded_time',
    ]) {
      expect(lean).not.toContain(dropped);
    }
  });

  it('tolerates numbers without a snapshot and odd snapshot fields', () => {
    const s = summarise({
      a: stored('a', { snapshot: undefined, lastReadAt: undefined, lastError: undefined }),
      b: stored('b', { snapshot: { id: 'b', status: 7, throughput: 'x', health_status: { can_send_message: 1 }, is_pin_enabled: 'yes' } }),
    });
    expect(s.a).toEqual({
      id: 'a',
      wabaId: WABA,
      stale: true,
      health: 'stuck',
      reasons: [{ code: 'status', value: 'PENDING' }],
      decision: 'register',
      alarmedAt: 2,
    });
    expect(s.b!.snapshot).toEqual({ id: 'b', health_status: {} });
  });
});

describe('a failure of ours in the summary', () => {
  it('keeps its cause and HTTP status, so the list words it from the catalogue', () => {
    const n = stored('1001', { lastError: { kind: 'transient', message: 'fetch failed', local: 'network', httpStatus: 503, at: 1 } });
    expect(summarise({ '1001': n })['1001']!.lastError).toEqual({
      kind: 'transient',
      message: 'fetch failed',
      local: 'network',
      httpStatus: 503,
    });
  });
});

describe('summaries written with their numbers (lib/storage/items.ts)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a number written writes its summary in the same transaction; a number deleted deletes it', async () => {
    await tokenItem.setValue(TOKEN);
    await pinsItem.setValue({ '1001': { pin: '123456', source: 'user', at: 1 } });
    await numbersItem.setValue({ '1001': stored('1001') });
    expect(await numberSummariesItem.getValue()).toEqual(summarise({ '1001': stored('1001') }));

    await numbersItem.update((all) => ({ ...all, '1001': stored('1001', { health: 'healthy' }), '1002': stored('1002') }));
    const summaries = await numberSummariesItem.getValue();
    expect(Object.keys(summaries).sort()).toEqual(['1001', '1002']);
    expect(summaries['1001']!.health).toBe('healthy');
    const raw = JSON.stringify(await (await database()).getAll('summaries'));
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain('123456');

    await numbersItem.update(({ '1001': _gone, ...rest }) => rest, { ids: ['1001'] });
    expect(Object.keys(await numberSummariesItem.getValue())).toEqual(['1002']);
  });

  it('indexes: worst first by `order`, removed numbers last, counts by `state`', async () => {
    await numbersItem.setValue({
      a: stored('a', { health: 'healthy', decision: 'none' }),
      b: stored('b', { health: 'blocked', decision: 'none' }),
      c: stored('c', { health: 'stuck', decision: 'register' }),
      d: stored('d', { health: 'stuck', decision: 'none' }),
      e: stored('e', { health: 'blocked', decision: 'none', removedAt: 9 }),
    });
    const db = await database();
    expect(await db.getAllKeysFromIndex('summaries', 'order')).toEqual(['b', 'c', 'd', 'a', 'e']);
    expect(await numberSummariesItem.count('state', 'blocked')).toBe(1);
    expect(await numberSummariesItem.count('state', 'removed')).toBe(1);
    expect(Object.keys(await numberSummariesItem.where('decision', 'register'))).toEqual(['c']);
  });

  it('is read back tolerantly: one malformed record is dropped, the others kept', async () => {
    await numbersItem.setValue({ '1001': stored('1001') });
    await (await database()).put('summaries', { id: 7 }, 'broken');
    expect(Object.keys(await numberSummariesItem.getValue())).toEqual(['1001']);
  });
});
