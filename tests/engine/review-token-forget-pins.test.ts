import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers } from '@/lib/background/handlers';
import { handlerDepsOverFakeBrowser } from '../background/support';
import { numbersItem, pinsItem, registrationsItem, settingsItem, stores, tokenItem, tokenStatusItem } from '@/lib/storage/items';
import type { MigrationStatus } from '@/lib/storage/migration-runner';
import {
  deferred,
  FakeGraph,
  flush,
  stuck,
  makeEngine,
  metaError,
  TOKEN,
  type Harness,
  WABA,
  onboardAndSweep,
  resetEachTest,
  openRegisterCall,
  STUCK_ID as ID,
  graphWithStuck,
  MIN,
} from './fixtures';

const NEW_TOKEN = 'EAAGbrandNewTokenAbcdefghijklmnopqrstuvwxyz0123';
function handlersFor(h: Harness) {
  const done: MigrationStatus = { state: 'done', attempt: 1, at: 0, from: 2, to: 2 };
  return createHandlers(handlerDepsOverFakeBrowser(h.engine, { status: () => done, run: async () => done }));
}

describe('adversarial review: engine', () => {
  const clock = resetEachTest();

  it('R1. saveToken: a sweep started between the generation bump and the token write runs the OLD token under the NEW generation, and its 190 marks the new token invalid', async () => {
    const graph = graphWithStuck({ is_pin_enabled: true });
    const base = graph.factory();
    const h = makeEngine(graph, clock, {
      graph: (options) => {
        const port = base(options);
        // The old token was revoked meanwhile: Meta answers 190 to it, the new one is fine.
        return options.token === TOKEN && revoked
          ? {
              ...port,
              readWabas: async () => {
                throw metaError(190, { subcode: 460 });
              },
            }
          : port;
      },
    });
    let revoked = false;
    await h.engine.saveToken(TOKEN);
    await h.engine.sweep({ reason: 'manual' });
    revoked = true;
    clock.advance(30 * MIN);

    // The write of saveToken(NEW) is slow (a storage round trip).
    const gate = deferred();
    const original = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    const spy = vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      if (Object.keys(items).includes('graphToken') || Object.keys(items).includes('tokenStatus')) await gate.promise;
      return original(items);
    });
    const saving = h.engine.saveToken(NEW_TOKEN);
    for (let i = 0; i < 10; i++) await flush();
    expect(spy).toHaveBeenCalled(); // the token's write started, not finished
    const sweeping = h.engine.sweep({ reason: 'alarm' }); // the periodic alarm fires in that window
    for (let i = 0; i < 10; i++) await flush();
    gate.resolve();
    await Promise.all([saving, sweeping]);
    expect(await tokenItem.getValue()).toBe(NEW_TOKEN);
    // The new, valid token must not be invalid because of the OLD token's 190.
    expect((await tokenStatusItem.getValue()).state).not.toBe('invalid');
  });

  it('R2. forgetAll while a register call is in flight: the call settles afterwards and writes the PIN (and the registration record) back', async () => {
    const graph = graphWithStuck(); // is_pin_enabled false -> generated PIN
    const h = await onboardAndSweep(graph, clock);
    const { gate, call } = await openRegisterCall(h, graph, ID);

    await handlersFor(h).forgetAll({ type: 'forgetAll' }, 'extension_page');
    expect(await pinsItem.getValue()).toEqual({});
    gate.resolve();
    await call;
    // "Forget all data": nothing of the PINs may come back.
    expect(await pinsItem.getValue()).toEqual({});
    expect(await registrationsItem.getValue()).toEqual({});
  });

  it('R3. forgetAll while saveToken is checking the token: the token is stored after everything was forgotten', async () => {
    const graph = graphWithStuck({ is_pin_enabled: true });
    const base = graph.factory();
    const gate = deferred();
    const h = makeEngine(graph, clock, {
      graph: (options) => {
        const port = base(options);
        return { ...port, debugToken: async () => (await gate.promise, port.debugToken()) };
      },
    });
    const saving = h.engine.saveToken(TOKEN);
    await flush();
    await handlersFor(h).forgetAll({ type: 'forgetAll' }, 'extension_page');
    gate.resolve();
    await saving.catch(() => undefined);
    expect(await tokenItem.getValue()).toBeNull();
    expect(await numbersItem.getValue()).toEqual({});
  });

  it('R4. typing the very PIN Meta accepted before, answered 133005: the accepted PIN is deleted (stored PIN no longer the last accepted one)', async () => {
    const graph = graphWithStuck({ is_pin_enabled: true });
    const h = await onboardAndSweep(graph, clock);
    await pinsItem.setValue({ [ID]: { pin: '123456', source: 'user', at: clock.t - 10 * MIN, acceptedAt: clock.t - 10 * MIN } });
    graph.registerImpl = async () => {
      throw metaError(133005);
    };
    // Same answer, two paths: the stored PIN used by the popup stays...
    await h.engine.register(ID, { mode: 'manual' });
    expect((await pinsItem.getValue())[ID]?.pin).toBe('123456');
    clock.advance(MIN);
    // ...but the same PIN typed again (options dialog / PIN frame) is wiped.
    await h.engine.register(ID, { mode: 'manual', pin: '123456' });
    expect(graph.registerCalls).toHaveLength(2);
    expect((await pinsItem.getValue())[ID]?.pin).toBe('123456');
  });

  it('R5. the claim dies between its nested PIN write and its registrations write: a typed PIN no call was made with replaces the accepted one for good', async () => {
    const graph = graphWithStuck({ is_pin_enabled: true });
    const h = await onboardAndSweep(graph, clock);
    await pinsItem.setValue({ [ID]: { pin: '123456', source: 'user', at: clock.t - 10 * MIN, acceptedAt: clock.t - 10 * MIN } });

    // The registrations write of the claim fails (worker killed / quota): the nested pins write already happened.
    const transaction = IDBDatabase.prototype.transaction;
    let failed = false;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
      this: IDBDatabase,
      ...args: Parameters<IDBDatabase['transaction']>
    ) {
      const [names, mode] = args;
      if (!failed && mode === 'readwrite' && [names].flat().includes('registrations')) {
        failed = true;
        throw new Error('worker died');
      }
      return transaction.apply(this, args);
    });
    await expect(h.engine.register(ID, { mode: 'manual', pin: '654321' })).rejects.toThrow();
    expect(graph.registerCalls).toHaveLength(0); // Meta never saw 654321
    vi.restoreAllMocks();

    // A new worker starts and recovers.
    clock.advance(5 * MIN);
    const h2 = makeEngine(graph, clock);
    await h2.engine.recover();
    expect((await pinsItem.getValue())[ID]?.pin).toBe('123456');
  });

  it('R6. dismissing a removed number throws away its 72 h budget: if it comes back, an 11th call in 72 h goes out', async () => {
    const graph = graphWithStuck({ is_pin_enabled: true });
    const h = await onboardAndSweep(graph, clock);
    await pinsItem.setValue({ [ID]: { pin: '123456', source: 'user', at: clock.t } });
    graph.registerImpl = async () => {
      throw metaError(131000);
    };
    for (let i = 0; i < 10; i++) {
      await h.engine.register(ID, { mode: 'manual' });
      clock.advance(MIN);
    }
    expect(graph.registerCalls).toHaveLength(10);
    expect((await h.engine.register(ID, { mode: 'manual' })).status).toBe('refused');

    // Meta's listing misses the number once (deleted and re-added, or a glitch); the person dismisses it.
    const saved = graph.phones.get(ID)!;
    graph.phones.delete(ID);
    await h.engine.sweep({ reason: 'manual' });
    expect((await numbersItem.getValue())[ID]?.removedAt).toBeDefined();
    await h.engine.dismissNumber(ID);
    graph.add(WABA, saved);
    clock.advance(MIN);
    await h.engine.sweep({ reason: 'manual' });
    await pinsItem.setValue({ [ID]: { pin: '123456', source: 'user', at: clock.t } });
    await h.engine.register(ID, { mode: 'manual' });
    expect(graph.registerCalls.length).toBeLessThanOrEqual(10);
  });

  it('R7. "Forget all data" while a sweep holds a batch it read: nothing it read is written back after the clear', async () => {
    const graph = new FakeGraph().add(WABA, stuck(ID, { is_pin_enabled: true }));
    let forgetting: Promise<unknown> | undefined;
    const handlers = { current: undefined as ReturnType<typeof handlersFor> | undefined };
    // The numbers write of the sweep's batch pauses after it read, and "Forget all data" runs right then.
    const numbers = {
      ...stores.numbers,
      update: (fn: Parameters<typeof stores.numbers.update>[0], select?: Parameters<typeof stores.numbers.update>[1]) =>
        stores.numbers.update(async (current) => {
          if (!forgetting && handlers.current) {
            forgetting = handlers.current.forgetAll({ type: 'forgetAll' }, 'extension_page');
            await flush();
          }
          return fn(current);
        }, select),
    };
    const h = makeEngine(graph, clock, { stores: { ...stores, numbers } });
    handlers.current = handlersFor(h);
    await settingsItem.update((s) => ({ ...s, autoRetry: false }));
    await h.engine.saveToken(TOKEN);
    await h.engine.sweep({ reason: 'manual' });
    await forgetting;
    expect(forgetting).toBeDefined();
    expect(await numbersItem.getValue()).toEqual({});
    expect(await stores.summaries.getValue()).toEqual({});
    expect(await tokenItem.getValue()).toBeNull();
  });

  it('R8. a number dismissed while its register call is out keeps the PIN Meta accepted', async () => {
    const graph = new FakeGraph().add(WABA, stuck(ID));
    const gate = deferred();
    const base = graph.registerImpl;
    graph.registerImpl = async (phoneId, pin) => {
      await gate.promise;
      await base(phoneId, pin);
    };
    const h = makeEngine(graph, clock);
    await settingsItem.update((s) => ({ ...s, autoRetry: false }));
    await h.engine.saveToken(TOKEN);
    await h.engine.sweep({ reason: 'manual' });
    const call = h.engine.register(ID, { mode: 'manual' });
    await vi.waitFor(() => expect(graph.registerCalls).toHaveLength(1));
    // Meanwhile its WABA stops listing it, and the person dismisses it.
    await numbersItem.update((all) => ({ ...all, [ID]: { ...all[ID]!, removedAt: clock.t, decision: 'none' } }), { ids: [ID] });
    await h.engine.dismissNumber(ID);
    gate.resolve();
    await call;
    expect((await pinsItem.get(ID))?.pin).toBe(graph.registerCalls[0]!.pin);
  });
});
