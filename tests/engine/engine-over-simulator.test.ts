import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { numbersItem, stores } from '@/lib/storage/items';
import { startGraphSimulator, type GraphSimulator } from '../support/simulator';
import { simulatorEngine } from './fixtures';

/** The real engine and Graph client over real HTTPS against the simulator's scale scenario. */
describe('engine over the Graph simulator (scale: 1,000 numbers in 20 WABAs)', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenario: 'scale' });
  });
  afterAll(() => sim?.close());
  beforeEach(() => fakeBrowser.reset());

  const engine = () => simulatorEngine(sim);

  it('reads every number in a handful of HTTP calls, not one per number', async () => {
    const e = engine();
    await e.saveToken(sim.tokens.valid);
    await stores.settings.update((s) => ({ ...s, autoRetry: false }));
    sim.clearLog();
    const result = await e.sweep({ reason: 'manual' });
    expect(result).toMatchObject({ status: 'done', numbers: 1000 });
    // 20 WABAs with their numbers and subscribed apps: one batch call (the sweep's cost at 1,000 numbers).
    expect(sim.requests.length).toBe(1);
    expect(result.status === 'done' && result.calls).toBe(sim.requests.length);
    const numbers = await numbersItem.getValue();
    expect(Object.keys(numbers)).toHaveLength(1000);
    const byHealth: Record<string, number> = {};
    for (const n of Object.values(numbers)) byHealth[n.health] = (byHealth[n.health] ?? 0) + 1;
    expect(byHealth.stuck).toBeGreaterThan(50);
    expect(byHealth.healthy).toBeGreaterThan(500);
    expect(byHealth.unknown ?? 0).toBe(0);
  });

  it('keeps every snapshot, marked stale, when Meta fails mid-sweep', async () => {
    const e = engine();
    await e.saveToken(sim.tokens.valid);
    await stores.settings.update((s) => ({ ...s, autoRetry: false }));
    await e.sweep({ reason: 'manual' });
    sim.addFault({ kind: 'error', code: 2, times: 10 });
    await e.sweep({ reason: 'manual' });
    sim.clearFaults();
    const numbers = Object.values(await numbersItem.getValue());
    expect(numbers).toHaveLength(1000);
    expect(numbers.every((n) => n.snapshot && n.health !== 'unknown')).toBe(true);
    expect(numbers.filter((n) => n.stale).length).toBeGreaterThan(0);
  });
});
