import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { numbersItem, pinsItem, registrationsItem } from '@/lib/storage/items';
import { deferred, FakeClock, graphWithStuck, metaError, onboardAndSweep, openRegisterCall, STUCK_ID as ID } from './fixtures';

describe('adversarial review: dismiss during a call', () => {
  beforeEach(() => fakeBrowser.reset());

  it('R8. a number removed and dismissed while its register call is open: no lease left, the attempt kept, and the PIN Meta accepted kept', async () => {
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
    // Meta accepted the call: it holds this PIN now, so it stays (a later review found that dropping it
    // lost a PIN Meta holds; the options page shows it again if the number comes back). The registration
    // record keeps the attempt Meta counted (the 72 h budget follows the number), without a lease.
    expect((await pinsItem.getValue())[ID]?.pin).toBe(graph.registerCalls[0]!.pin);
    const record = (await registrationsItem.getValue())[ID];
    expect(record?.inFlight).toBeUndefined();
    expect(record?.attempts).toHaveLength(1);
  });

  it('R8b. the same with Meta refusing the PIN (133005): the refused PIN goes with the dismissed number', async () => {
    const clock = new FakeClock();
    const graph = graphWithStuck();
    const h = await onboardAndSweep(graph, clock);
    const gate = deferred();
    graph.registerImpl = async () => {
      await gate.promise;
      throw metaError(133005);
    };
    const call = h.engine.register(ID, { mode: 'manual' });
    await vi.waitFor(() => expect(graph.registerCalls).toHaveLength(1));
    graph.phones.delete(ID);
    await h.engine.sweep({ reason: 'manual' });
    await h.engine.dismissNumber(ID);
    gate.resolve();
    await call;
    expect((await pinsItem.getValue())[ID]).toBeUndefined();
    expect((await registrationsItem.getValue())[ID]?.attempts).toHaveLength(1);
  });
});
