import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { stores } from '@/lib/storage/items';
import { IDS } from '../support/default-scenario';
import { startGraphSimulator, type GraphSimulator } from '../support/simulator';
import { simulatorEngine } from './fixtures';

/** The change timeline a sweep keeps per number (the real engine and Graph client over the simulator). */
describe('change timeline', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenario: 'default' });
  });
  afterAll(() => sim?.close());
  beforeEach(() => fakeBrowser.reset());

  it('records a quality flip and a WABA losing its webhooks on the numbers, with the sweep time', async () => {
    let now = Date.UTC(2026, 10, 1);
    const engine = simulatorEngine(sim, { now: () => now });
    await engine.saveToken(sim.tokens.valid);
    await stores.settings.update((s) => ({ ...s, autoRetry: false }));
    await engine.sweep({ reason: 'manual' });
    expect((await stores.numbers.get(IDS.healthy))?.changes ?? []).toEqual([]);

    sim.setPhoneField(IDS.healthy, 'quality_rating', 'YELLOW');
    sim.setSubscribedApps(IDS.wabaSales, []);
    now += 60 * 60_000;
    await engine.sweep({ reason: 'manual' });

    const healthy = await stores.numbers.get(IDS.healthy);
    expect(healthy?.changes).toContainEqual({ at: now, field: 'quality_rating', from: 'GREEN', to: 'YELLOW' });
    expect(healthy?.changes).toContainEqual({ at: now, field: 'webhooks', from: 'ok', to: 'none' });
    // Every number of that WABA has the webhook change; another WABA's numbers do not.
    for (const id of (await stores.accounts.getWaba(IDS.wabaSales))?.phoneIds ?? [])
      expect((await stores.numbers.get(id))?.changes?.some((c) => c.field === 'webhooks')).toBe(true);
    expect((await stores.numbers.get(IDS.clientHealthy))?.changes ?? []).toEqual([]);

    // Nothing changed: nothing added.
    now += 60 * 60_000;
    await engine.sweep({ reason: 'manual' });
    expect((await stores.numbers.get(IDS.healthy))?.changes).toEqual(healthy?.changes);
  });
});
