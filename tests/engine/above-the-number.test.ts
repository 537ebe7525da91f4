import { describe, expect, it } from 'vitest';
import type { PhoneNumber } from '@/lib/graph/schemas';
import type { GraphPortFactory } from '@/lib/engine/graph-port';
import { stores } from '@/lib/storage/items';
import { BUSINESS, FakeGraph, HOUR, onboardAndSweep, provisioned, resetEachTest, WABA } from './fixtures';

/** Above the number (issue 11), engine: problems announced once, a number's own block, webhook coverage across unknown reads (from an adversarial review). */
const clock = resetEachTest();

const entities = (business: 'AVAILABLE' | 'LIMITED' | 'BLOCKED', own: 'AVAILABLE' | 'BLOCKED' = 'AVAILABLE') => ({
  can_send_message:
    business === 'AVAILABLE' && own === 'AVAILABLE' ? 'AVAILABLE' : business === 'BLOCKED' || own === 'BLOCKED' ? 'BLOCKED' : 'LIMITED',
  entities: [
    { entity_type: 'PHONE_NUMBER', id: '1000000000001', can_send_message: own },
    { entity_type: 'WABA', id: WABA, can_send_message: 'AVAILABLE' },
    {
      entity_type: 'BUSINESS',
      id: BUSINESS,
      can_send_message: business,
      ...(business === 'LIMITED'
        ? { errors: [{ error_code: 141010, error_description: 'The business has not been verified.', possible_solution: 'Verify it.' }] }
        : business === 'BLOCKED'
          ? { errors: [{ error_code: 141006, error_description: 'Payment method problem.', possible_solution: 'Add one.' }] }
          : {}),
    },
    { entity_type: 'APP', id: '1400000000000001', can_send_message: 'AVAILABLE' },
  ],
});

const phone = (id: string, business: 'AVAILABLE' | 'LIMITED' | 'BLOCKED', extra: Partial<PhoneNumber> = {}) =>
  provisioned(id, { health_status: entities(business) as PhoneNumber['health_status'], ...extra });

/** The FakeGraph's port with subscribed apps per WABA (undefined: Meta refused to say, the fallback read). */
function withApps(graph: FakeGraph, apps: Map<string, Array<{ id: string; name?: string }> | undefined>): GraphPortFactory {
  const base = graph.factory();
  return (options) => {
    const port = base(options);
    return {
      ...port,
      readWabas: async (ids) => {
        const m = await port.readWabas(ids);
        for (const [id, r] of m) if (!('kind' in r)) m.set(id, { ...r, subscribedApps: apps.get(id) } as never);
        return m;
      },
    };
  };
}

describe('entity problems announced once', () => {
  it('a portfolio problem is not announced again at every re-discovery (every 6 h)', async () => {
    const graph = new FakeGraph().add(WABA, phone('1000000000001', 'LIMITED'));
    const h = await onboardAndSweep(graph, clock);
    const entityNotices = () => h.notices.filter((n) => n.id.includes(':entity:'));
    expect(entityNotices()).toHaveLength(1);
    // Same problem, 7 hours later: the sweep re-runs discovery first (DISCOVERY_MAX_AGE_MS = 6 h).
    clock.advance(7 * HOUR);
    await h.engine.sweep({ reason: 'manual' });
    expect((await stores.accounts.getValue()).wabas[WABA]?.entities?.length).toBe(1);
    expect(entityNotices()).toHaveLength(1); // discovery keeps the WABA's `entities`
  });

  it('a portfolio problem already announced is not announced again when another WABA of that portfolio is added', async () => {
    const WABA2 = '102290129340399';
    const graph = new FakeGraph().add(WABA, phone('1000000000001', 'LIMITED'));
    const h = await onboardAndSweep(graph, clock);
    expect(h.notices.filter((n) => n.id.includes(':entity:'))).toHaveLength(1);
    // Another WABA of the same portfolio (added by id, no discovery involved), same BUSINESS problem.
    graph.add(WABA2, phone('1000000000009', 'LIMITED'));
    clock.advance(HOUR);
    await h.engine.addWaba(WABA2);
    // Known from another WABA of the portfolio: not new.
    expect(h.notices.filter((n) => n.id.includes(':entity:'))).toHaveLength(1);
  });
});

describe('a number blocked from above hides its own later block', () => {
  it('a number banned while its portfolio is blocked is still announced', async () => {
    const ID = '1000000000001';
    const graph = new FakeGraph().add(WABA, phone(ID, 'BLOCKED'));
    const h = await onboardAndSweep(graph, clock);
    expect(h.notices.filter((n) => n.id.includes(':state:'))).toEqual([]);
    // Meta now bans the number itself (a reason of its own).
    graph.set(ID, { status: 'BANNED' });
    clock.advance(HOUR);
    await h.engine.sweep({ reason: 'manual' });
    expect((await stores.numbers.get(ID))?.reasons.some((r) => r.code === 'status' && r.value === 'BANNED')).toBe(true);
    // Blocked from above recorded nothing as announced: its own ban is.
    expect(h.notices.map((n) => n.id)).toContain(`waba-health:state:blocked:${ID}`);
  });
});

describe('webhook coverage through an unknown read', () => {
  it('ok -> unknown (fallback read) -> none is recorded in the timeline and announced', async () => {
    const ID = '1000000000001';
    const apps = new Map<string, Array<{ id: string; name?: string }> | undefined>([[WABA, [{ id: '1400000000000001', name: 'Inbox' }]]]);
    const graph = new FakeGraph().add(WABA, phone(ID, 'AVAILABLE'));
    const h = await onboardAndSweep(graph, clock, { graph: withApps(graph, apps) });
    expect((await stores.accounts.getValue()).wabas[WABA]?.webhooks?.state).toBe('ok');
    apps.set(WABA, undefined); // one read where Meta refused subscribed_apps (#200), read again without them
    clock.advance(HOUR);
    await h.engine.sweep({ reason: 'manual' });
    apps.set(WABA, []); // the last app unsubscribed
    clock.advance(HOUR);
    await h.engine.sweep({ reason: 'manual' });
    const changes = (await stores.numbers.get(ID))?.changes ?? [];
    // The coverage known before the unknown read is what none is compared with.
    expect(changes.filter((c) => c.field === 'webhooks')).toEqual([expect.objectContaining({ from: 'ok', to: 'none' })]);
    expect(h.notices.filter((n) => n.id.includes(':webhooks:'))).toHaveLength(1);
  });

  it('the apps losing their last subscription in the sweep that re-runs discovery is still announced', async () => {
    const ID = '1000000000001';
    const apps = new Map<string, Array<{ id: string; name?: string }> | undefined>([[WABA, [{ id: '1400000000000001', name: 'Inbox' }]]]);
    const graph = new FakeGraph().add(WABA, phone(ID, 'AVAILABLE'));
    const h = await onboardAndSweep(graph, clock, { graph: withApps(graph, apps) });
    apps.set(WABA, []);
    clock.advance(7 * HOUR); // this sweep runs discovery first, which rewrites the WABA without `webhooks`
    await h.engine.sweep({ reason: 'manual' });
    expect(h.notices.filter((n) => n.id.includes(':webhooks:'))).toHaveLength(1);
  });
});
