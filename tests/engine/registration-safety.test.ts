import { describe, expect, it } from 'vitest';
import { REGISTER_LEASE_MS, SWEEP_LEASE_MS } from '@/lib/engine/engine';
import { SUCCESS_COOLDOWN_MS, WINDOW_MS } from '@/lib/registration/policy';
import { accountsItem, engineItem, numbersItem, pinsItem, registrationsItem, settingsItem, tokenStatusItem } from '@/lib/storage/items';
import {
  deferred,
  FakeGraph,
  flush,
  makeEngine,
  ManualTimers,
  metaError,
  provisioned,
  stuck,
  TOKEN,
  WABA,
  onboard,
  onboardAndSweep,
  resetEachTest,
  holdRegisterCalls,
  STUCK_ID as ID,
  graphWithStuck,
  MIN,
  HOUR,
} from './fixtures';

/**
 * One test per case of issue 9's table (rows 1-8: the engine). Each failed on the engine before the split
 * (lib/engine/engine.ts as one closure) and passes now.
 */
describe('registration safety (issue 9 table)', () => {
  const clock = resetEachTest();

  it('1. no wake loop: after a successful registration and its cooldown, waking sweeps nothing and arms no past or immediate wake', async () => {
    const graph = graphWithStuck();
    const h = await onboard(graph, clock, { sweep: true });
    expect(graph.registerCalls).toHaveLength(1);
    clock.advance(SUCCESS_COOLDOWN_MS + MIN);
    const before = graph.calls.length;
    h.wakes.length = 0;
    await h.engine.wake();
    await h.engine.wake();
    // The one-minute re-read may run once; never a sweep (readWabas) on a wake.
    expect(graph.calls.slice(before).filter((c) => c === 'readWabas')).toEqual([]);
    for (const w of h.wakes) if (w !== undefined) expect(w).toBeGreaterThan(clock.t + 1_000);
  });

  it('2. popup click, page click and alarm sweep at the same moment on a PIN-less stuck number: one call, and the stored PIN is the one Meta received', async () => {
    const graph = graphWithStuck();
    const pins = ['111111', '222222', '333333'];
    const h = await onboardAndSweep(graph, clock, { generatePin: () => pins.shift()! });
    await settingsItem.update((s) => ({ ...s, autoRetry: true }));
    const gate = deferred();
    graph.registerImpl = async (phoneId) => {
      await gate.promise;
      graph.set(phoneId, { status: 'CONNECTED', platform_type: 'CLOUD_API', throughput: { level: 'STANDARD' }, is_pin_enabled: true });
    };
    const popup = h.engine.register(ID, { mode: 'manual' });
    const page = h.engine.register(ID, { mode: 'manual' });
    const alarm = h.engine.sweep({ reason: 'alarm' });
    await flush();
    gate.resolve();
    await Promise.all([popup, page, alarm]);
    expect(graph.registerCalls).toHaveLength(1);
    expect((await pinsItem.getValue())[ID]?.pin).toBe(graph.registerCalls[0]!.pin);
  });

  it('3. a 190 for the old token, answered after a new token was saved, leaves the new token valid and notifies nothing', async () => {
    const graph = new FakeGraph().add(WABA, provisioned('1000000000001'));
    const h = await onboard(graph, clock);
    const gate = deferred();
    const factory = graph.factory();
    const slow = makeEngine(graph, clock, {
      graph: (options) => {
        const port = factory(options);
        return {
          ...port,
          readWabas: async (ids) => {
            if (options.token === TOKEN) {
              await gate.promise;
              throw metaError(190, { subcode: 463 });
            }
            return port.readWabas(ids);
          },
        };
      },
    });
    const oldSweep = slow.engine.sweep({ reason: 'alarm' });
    await flush();
    await h.engine.saveToken('EAAGbrandNewTokenAbcdefghijklmnopqrstuvwxyz0123');
    gate.resolve();
    await oldSweep;
    expect((await tokenStatusItem.getValue()).state).toBe('valid');
    expect([...h.notices, ...slow.notices].filter((n) => n.id.includes(':token:'))).toEqual([]);
  });

  it('4. two manual attempts at 9 of 10 calls: only one goes out (the 11th call never happens)', async () => {
    const graph = graphWithStuck({ is_pin_enabled: true });
    const h = await onboardAndSweep(graph, clock);
    await pinsItem.setValue({ [ID]: { pin: '123456', source: 'user', at: clock.t } });
    await registrationsItem.setValue({
      [ID]: {
        attempts: Array.from({ length: 9 }, (_, i) => ({
          at: clock.t - (9 - i) * HOUR,
          mode: 'manual' as const,
          outcome: 'error' as const,
          code: 131000,
        })),
        transientFailures: 0,
      },
    });
    const call = deferred();
    graph.registerImpl = async () => {
      await call.promise;
      throw metaError(131000);
    };
    // Slow storage: another write holds the PINs for a while.
    const pinsBusy = deferred();
    const holder = pinsItem.update(async (p) => (await pinsBusy.promise, p));
    // The popup reuses the stored PIN; the page's PIN dialog sends the same PIN typed again.
    const popup = h.engine.register(ID, { mode: 'manual' });
    const page = h.engine.register(ID, { mode: 'manual', pin: '123456' });
    for (let i = 0; i < 20; i++) await flush();
    call.resolve();
    for (let i = 0; i < 20; i++) await flush();
    pinsBusy.resolve();
    await holder;
    const [a, b] = await Promise.all([popup, page]);
    expect(graph.registerCalls).toHaveLength(1);
    expect([a.status, b.status].sort()).toEqual(['failed', 'refused']);
    const regs = await registrationsItem.getValue();
    expect(regs[ID]?.attempts.filter((x) => x.at > clock.t - WINDOW_MS)).toHaveLength(10);
    expect((await h.engine.register(ID, { mode: 'manual' })).status).toBe('refused');
    expect(graph.registerCalls).toHaveLength(1);
  });

  it('5. a laptop that sleeps past the lease expiry mid-call: recovery leaves the live call alone, no second call, and the lease is released only by its owner', async () => {
    const graph = graphWithStuck();
    const h = await onboardAndSweep(graph, clock);
    const gate = holdRegisterCalls(graph);
    const call = h.engine.register(ID, { mode: 'manual' });
    await flush();
    clock.advance(REGISTER_LEASE_MS + 10 * MIN); // slept
    await h.engine.recover();
    await h.engine.wake();
    expect((await h.engine.register(ID, { mode: 'manual' })).status).toBe('refused');
    expect(graph.registerCalls).toHaveLength(1);
    expect((await registrationsItem.getValue())[ID]?.inFlight).toBeDefined();
    gate.resolve();
    expect((await call).status).toBe('registered');
    const reg = (await registrationsItem.getValue())[ID]!;
    expect(reg.inFlight).toBeUndefined();
    expect(reg.attempts.map((a) => a.outcome)).toEqual(['success']);
  });

  it('6. a number deleted from its WABA is marked removed: never registered again, not counted in the badge', async () => {
    const graph = new FakeGraph().add(WABA, stuck(ID, { is_pin_enabled: true }), provisioned('1000000000001'));
    const h = await onboard(graph, clock, { sweep: true });
    expect(h.badges.at(-1)?.text).toBe('1');
    graph.phones.delete(ID);
    clock.advance(15 * MIN);
    await pinsItem.setValue({ [ID]: { pin: '123456', source: 'user', at: clock.t } });
    await h.engine.sweep({ reason: 'alarm' });
    const n = (await numbersItem.getValue())[ID]!;
    expect(n.removedAt).toBe(clock.t);
    expect(n.decision).toBe('none');
    expect(h.badges.at(-1)?.text).toBe('');
    expect((await h.engine.register(ID, { mode: 'manual' })).status).toBe('refused');
    expect(graph.registerCalls).toEqual([]);
    // A failed read never removes anything.
    graph.failNext.set('readWabas', metaError(2, { httpStatus: 503 }));
    clock.advance(15 * MIN);
    await h.engine.sweep({ reason: 'alarm' });
    expect((await numbersItem.getValue())['1000000000001']?.removedAt).toBeUndefined();
    // Dismissed by the person: gone with its PIN.
    await h.engine.dismissNumber(ID);
    expect((await numbersItem.getValue())[ID]).toBeUndefined();
    expect((await pinsItem.getValue())[ID]).toBeUndefined();
  });

  it('7. a typo in the PIN dialog (Meta answers 133005) does not replace the stored PIN', async () => {
    const graph = graphWithStuck({ is_pin_enabled: true });
    const h = await onboardAndSweep(graph, clock);
    await pinsItem.setValue({ [ID]: { pin: '111111', source: 'user', at: clock.t } });
    graph.registerImpl = async (_id, pin) => {
      if (pin !== '111111') throw metaError(133005);
    };
    const result = await h.engine.register(ID, { mode: 'manual', pin: '999999' });
    expect(result).toMatchObject({ status: 'failed', error: { code: 133005 } });
    expect((await pinsItem.getValue())[ID]?.pin).toBe('111111');
    expect((await pinsItem.getValue())[ID]?.previous).toBeUndefined();
  });

  it('8a. a sweep longer than its lease renews it: a second sweep does not overlap', async () => {
    const graph = new FakeGraph().add(WABA, provisioned('1000000000001'));
    const timers = new ManualTimers();
    const h = makeEngine(graph, clock, { timers });
    await h.engine.saveToken(TOKEN);
    const gate = deferred();
    const factory = graph.factory();
    const slow = makeEngine(graph, clock, {
      timers,
      graph: (options) => {
        const port = factory(options);
        return { ...port, readWabas: async (ids) => (await gate.promise, port.readWabas(ids)) };
      },
    });
    const long = slow.engine.sweep({ reason: 'alarm' });
    await flush();
    for (let i = 0; i < 8; i++) {
      clock.advance(MIN);
      timers.fire();
      await flush();
    }
    expect(clock.t - (await engineItem.getValue()).sweep.running!.startedAt).toBeGreaterThan(SWEEP_LEASE_MS);
    expect(await h.engine.sweep({ reason: 'manual' })).toEqual({ status: 'skipped', reason: 'running' });
    gate.resolve();
    expect((await long).status).toBe('done');
    expect(timers.active).toBe(0);
  });

  it('8b. the clock moved back after a crash: locks and waits written "in the future" count as over', async () => {
    const graph = graphWithStuck({ is_pin_enabled: true });
    const h = await onboardAndSweep(graph, clock);
    await pinsItem.setValue({ [ID]: { pin: '123456', source: 'user', at: clock.t } });
    const future = clock.t + 3 * 24 * HOUR; // written before the clock went back 3 days
    await engineItem.update((e) => ({
      ...e,
      rateLimitedUntil: future,
      sweep: { ...e.sweep, running: { id: 'dead', startedAt: future - MIN, until: future } },
    }));
    await registrationsItem.setValue({
      [ID]: {
        attempts: [],
        transientFailures: 0,
        notBefore: future,
        autoNotBefore: future,
        inFlight: { id: 'dead-register', at: future - MIN, until: future, mode: 'manual', owner: 'dead-worker' },
      },
    });
    expect((await h.engine.sweep({ reason: 'manual' })).status).toBe('done');
    const result = await h.engine.register(ID, { mode: 'manual' });
    // The dead lease counts as an interrupted attempt (Meta may have received it), whose own cooldown
    // is measured from its start, far "in the future" too, so it does not hold either.
    expect(result.status).toBe('registered');
    expect(graph.registerCalls).toHaveLength(1);
    const reg = (await registrationsItem.getValue())[ID]!;
    expect(reg.attempts.map((a) => a.outcome)).toEqual(['interrupted', 'success']);
  });

  it('6b. a WABA the token no longer sees (every discovery source answered) is marked removed with its numbers; a discovery with an error removes nothing', async () => {
    const OTHER = '102290129340399';
    const graph = graphWithStuck({ is_pin_enabled: true }).add(OTHER, provisioned('1000000000003'));
    graph.debug = { ...graph.debug, granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: [WABA, OTHER] }] };
    const h = await onboard(graph, clock, { sweep: true });
    expect(h.badges.at(-1)?.text).toBe('1');
    // The token loses WABA; a discovery that fails somewhere must not conclude anything.
    graph.debug = { ...graph.debug, granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: [OTHER] }] };
    graph.ownedWabas = [OTHER];
    graph.failNext.set('listClientWabas', metaError(2, { httpStatus: 503 }));
    await h.engine.discover();
    expect((await accountsItem.getValue()).wabas[WABA]?.removedAt).toBeUndefined();
    expect((await numbersItem.getValue())[ID]?.removedAt).toBeUndefined();
    // Every source answered and none lists WABA: it and its numbers are removed, the rest stays.
    await h.engine.discover();
    const accounts = await accountsItem.getValue();
    expect(accounts.discoveryErrors).toEqual([]);
    expect(accounts.wabas[WABA]?.removedAt).toBe(clock.t);
    expect(accounts.wabas[OTHER]?.removedAt).toBeUndefined();
    expect((await numbersItem.getValue())[ID]).toMatchObject({ removedAt: clock.t, decision: 'none' });
    await h.engine.refreshBadge();
    expect(h.badges.at(-1)?.text).toBe('');
    // Sweeps no longer read it; the number is never registered.
    clock.advance(15 * MIN);
    await h.engine.sweep({ reason: 'alarm' });
    expect(graph.registerCalls).toEqual([]);
  });

  it('no register call with an older token: a run started under the previous token stops when a new one is saved', async () => {
    const graph = new FakeGraph().add(WABA, stuck(ID), stuck('1000000000005'));
    const h = await onboardAndSweep(graph, clock);
    await settingsItem.update((s) => ({ ...s, autoRetry: true }));
    const gate = holdRegisterCalls(graph);
    const oldRun = h.engine.sweep({ reason: 'manual' });
    await flush();
    expect(graph.registerCalls).toHaveLength(1);
    await h.engine.saveToken('EAAGbrandNewTokenAbcdefghijklmnopqrstuvwxyz0123');
    gate.resolve();
    await oldRun;
    // The first call was already out; the run of the old token made no second one.
    expect(graph.registerCalls).toHaveLength(1);
    expect(h.notices.filter((n) => n.id.includes(':registered:'))).toEqual([]);
  });
});
