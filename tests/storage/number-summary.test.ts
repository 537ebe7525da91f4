import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startNumberSummaryPublisher, summarise } from '@/lib/number-summary';
import { numberSummariesItem, numbersItem, pinsItem, tokenItem } from '@/lib/storage/items';
import { NumberSummarySchema, type NumberState } from '@/lib/storage/schemas';
import { groupByWaba, toNumberView } from '@/lib/ui/number-list';

const TOKEN = 'EAAGtestTokenAbcdefghijklmnopqrstuvwxyz0123456789';
const WABA = '102290129340398';

const stored = (id: string, extra: Partial<NumberState> = {}): NumberState => ({
  id,
  wabaId: WABA,
  snapshot: {
    id,
    display_phone_number: `+1 555-010-${id.slice(-4)}`,
    verified_name: `Shop ${id.slice(-4)}`,
    status: 'PENDING',
    quality_rating: 'YELLOW',
    whatsapp_business_manager_messaging_limit: 'TIER_2K',
    messaging_limit_tier: 'TIER_1K',
    name_status: 'APPROVED',
    new_name_status: 'PENDING_REVIEW',
    platform_type: 'NOT_APPLICABLE',
    throughput: { level: 'NOT_APPLICABLE' },
    is_pin_enabled: false,
    code_verification_status: 'VERIFIED',
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
  },
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
      lastError: { kind: 'graph', message: 'Oops', code: 100, subcode: 33, userTitle: 'T', userMessage: 'M' },
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

describe('number summary publisher (background)', () => {
  beforeEach(() => fakeBrowser.reset());
  const idle = () => new Promise((r) => setTimeout(r, 0));

  function start(opts: { gate?: () => Promise<void> } = {}) {
    let reads = 0;
    let writes = 0;
    const publisher = startNumberSummaryPublisher({
      read: async () => {
        reads++;
        await opts.gate?.();
        return numbersItem.getValue();
      },
      write: async (summaries) => {
        writes++;
        await numberSummariesItem.setValue(summaries);
      },
      onLocalChanged: (listener) =>
        fakeBrowser.storage.onChanged.addListener((changes, area) => {
          if (area === 'local') listener(Object.keys(changes));
        }),
    });
    return { publisher, counts: () => ({ reads, writes }) };
  }

  it('writes the summaries at start (e.g. after an update) and whenever numbers change', async () => {
    await numbersItem.setValue({ '1001': stored('1001') });
    await tokenItem.setValue(TOKEN);
    await pinsItem.setValue({ '1001': { pin: '123456', source: 'user', at: 1 } });
    const { publisher } = start();
    await publisher.publish();
    expect(await numberSummariesItem.getValue()).toEqual(summarise({ '1001': stored('1001') }));

    await numbersItem.setValue({ '1001': stored('1001', { health: 'healthy' }), '1002': stored('1002') });
    await waitUntil(async () => Object.keys(await numberSummariesItem.getValue()).length === 2);
    const summaries = await numberSummariesItem.getValue();
    expect(summaries['1001']!.health).toBe('healthy');
    const raw = JSON.stringify(await fakeBrowser.storage.local.get('numberSummaries'));
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain('123456');

    await numbersItem.setValue({});
    await waitUntil(async () => Object.keys(await numberSummariesItem.getValue()).length === 0);
  });

  it('ignores other keys, and coalesces a burst of writes into one in flight and one queued', async () => {
    await numbersItem.setValue({ '1001': stored('1001') });
    let release: () => void = () => undefined;
    let held = true;
    const gate = () => (held ? new Promise<void>((r) => (release = r)) : Promise.resolve());
    const { counts } = start({ gate });
    await idle();
    expect(counts()).toEqual({ reads: 1, writes: 0 });
    await fakeBrowser.storage.local.set({ engine: {}, registrations: {} });
    for (let i = 0; i < 5; i++) await numbersItem.setValue({ '1001': stored('1001', { health: i === 4 ? 'blocked' : 'stuck' }) });
    await idle();
    expect(counts()).toEqual({ reads: 1, writes: 0 });
    held = false;
    release();
    await waitUntil(async () => counts().writes === 2);
    await idle();
    expect(counts()).toEqual({ reads: 2, writes: 2 });
    expect((await numberSummariesItem.getValue())['1001']!.health).toBe('blocked');
  });

  it('is read back tolerantly: one malformed entry is dropped, the others kept', async () => {
    await fakeBrowser.storage.local.set({ numberSummaries: { ...summarise({ '1001': stored('1001') }), broken: { id: 7 } } });
    expect(Object.keys(await numberSummariesItem.getValue())).toEqual(['1001']);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
