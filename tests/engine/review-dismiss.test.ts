import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { numbersItem, pinsItem, registrationsItem } from '@/lib/storage/items';
import { FakeClock, onboardAndSweep, openRegisterCall, STUCK_ID as ID, graphWithStuck } from './fixtures';

describe('adversarial review: dismiss during a call', () => {
  beforeEach(() => fakeBrowser.reset());

  it('R8. a number removed and dismissed while its register call is open leaves an orphan PIN and registration record behind', async () => {
    const clock = new FakeClock();
    const graph = graphWithStuck();
    const h = await onboardAndSweep(graph, clock);
    const { gate, call } = await openRegisterCall(h, graph, ID);
    const saved = graph.phones.get(ID)!;
    graph.phones.delete(ID);
    await h.engine.sweep({ reason: 'manual' });
    expect((await numbersItem.getValue())[ID]?.removedAt).toBeDefined();
    await h.engine.dismissNumber(ID);
    gate.resolve();
    await call;
    void saved;
    expect((await numbersItem.getValue())[ID]).toBeUndefined();
    // No PIN left for a number the person dismissed (no UI shows or deletes it); its registration record
    // keeps only the attempt Meta counted (the 72 h budget follows the number), without a lease.
    expect((await pinsItem.getValue())[ID]).toBeUndefined();
    const record = (await registrationsItem.getValue())[ID];
    expect(record?.inFlight).toBeUndefined();
    expect(record?.attempts).toHaveLength(1);
  });
});
