import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REGISTER_LEASE_MS } from '@/lib/engine/engine';
import { SUCCESS_COOLDOWN_MS, WINDOW_MS } from '@/lib/registration/policy';
import { renderText } from '@/lib/text';
import ptBR from '@/public/_locales/pt_BR/messages.json';
import {
  accountsItem,
  engineItem,
  numbersItem,
  pinsItem,
  registrationsItem,
  tokenItem,
  tokenStatusItem,
  settingsItem,
} from '@/lib/storage/items';
import { BUSINESS, FakeGraph, TOKEN, WABA, makeEngine, metaError, provisioned, stuck, onboard, resetEachTest, MIN, HOUR } from './fixtures';

describe('health engine', () => {
  const clock = resetEachTest();

  describe('token onboarding and discovery', () => {
    it('validates with debug_token, stores the token in storage.local, and discovers the WABA from every source without duplicates', async () => {
      const graph = new FakeGraph().add(WABA, provisioned('1000000000001'));
      await onboard(graph, clock);
      expect(await tokenItem.getValue()).toBe(TOKEN);
      const status = await tokenStatusItem.getValue();
      expect(status).toMatchObject({ state: 'valid', type: 'SYSTEM_USER', expiresAt: null, missingScopes: [] });
      const accounts = await accountsItem.getValue();
      expect(Object.keys(accounts.wabas)).toEqual([WABA]);
      expect(accounts.wabas[WABA]?.sources.sort()).toEqual(['owned', 'token']);
      expect(accounts.wabas[WABA]?.businessId).toBe(BUSINESS);
    });

    it('refuses a token Meta rejects (190) and keeps the one stored before', async () => {
      const graph = new FakeGraph();
      await onboard(graph, clock);
      graph.failNext.set('debugToken', metaError(190, { subcode: 463 }));
      const { engine } = makeEngine(graph, clock);
      await expect(engine.saveToken('EAAGanotherTokenAbcdefghijklmnopqrstuvwxyz012')).rejects.toMatchObject({ info: { code: 190 } });
      expect(await tokenItem.getValue()).toBe(TOKEN);
    });

    it('a permission error on /me/businesses does not fail the granular-scope source', async () => {
      const graph = new FakeGraph().add(WABA, provisioned('1000000000001'));
      graph.failNext.set('listBusinesses', metaError(200, { httpStatus: 403 }));
      await onboard(graph, clock);
      const accounts = await accountsItem.getValue();
      expect(Object.keys(accounts.wabas)).toEqual([WABA]);
      expect(accounts.discoveryErrors[0]).toMatchObject({ code: 200, kind: 'permission', source: 'businesses' });
    });
  });

  describe('sweeps', () => {
    it('classifies every number, records transitions, keeps data on a failed read (stale), and updates the badge', async () => {
      const graph = new FakeGraph().add(
        WABA,
        provisioned('1000000000001'),
        stuck('1000000000002', { is_pin_enabled: true }),
        provisioned('1000000000003', { status: 'BANNED' }),
      );
      const h = await onboard(graph, clock);
      await settingsItem.update((s) => ({ ...s, autoRetry: false }));
      const result = await h.engine.sweep({ reason: 'manual' });
      expect(result).toMatchObject({ status: 'done', numbers: 3 });
      let numbers = await numbersItem.getValue();
      expect(numbers['1000000000001']?.health).toBe('healthy');
      expect(numbers['1000000000002']).toMatchObject({ health: 'stuck', decision: 'register' });
      expect(numbers['1000000000003']?.health).toBe('blocked');
      expect(h.badges.at(-1)).toEqual({ text: '2', color: '#b91c1c' });

      clock.advance(15 * MIN);
      graph.failNext.set('readWabas', metaError(2, { httpStatus: 503 }));
      await h.engine.sweep({ reason: 'alarm' });
      numbers = await numbersItem.getValue();
      // The read failed: nothing erased; a stale mark and the error instead.
      expect(numbers['1000000000001']).toMatchObject({ health: 'healthy' });
      expect(numbers['1000000000001']?.snapshot?.display_phone_number).toBe('+1 555-010-0001');
      const eng = await engineItem.getValue();
      expect(eng.sweep.lastError).toMatchObject({ code: 2, kind: 'transient' });
    });

    it('notifies once when a number enters stuck (first discovery included), not again while it holds, again after it recovers and re-enters', async () => {
      const graph = new FakeGraph().add(WABA, stuck('1000000000002', { is_pin_enabled: true }), provisioned('1000000000001'));
      const h = await onboard(graph, clock);
      await settingsItem.update((s) => ({ ...s, autoRetry: false }));
      await h.engine.sweep({ reason: 'manual' });
      await h.engine.sweep({ reason: 'manual' });
      const stuckNotices = () => h.notices.filter((n) => n.id.includes(':state:stuck:'));
      expect(stuckNotices().map((n) => n.id)).toEqual(['waba-health:state:stuck:1000000000002']);

      graph.set('1000000000001', { platform_type: 'NOT_APPLICABLE' });
      await h.engine.sweep({ reason: 'manual' });
      expect(stuckNotices()).toHaveLength(2);
      expect(h.badges.at(-1)?.text).toBe('2');

      graph.set('1000000000002', { platform_type: 'CLOUD_API', throughput: { level: 'STANDARD' }, status: 'CONNECTED' });
      await h.engine.sweep({ reason: 'manual' });
      graph.set('1000000000002', { platform_type: 'NOT_APPLICABLE' });
      await h.engine.sweep({ reason: 'manual' });
      expect(stuckNotices().filter((n) => n.id.endsWith('1000000000002'))).toHaveLength(2);
    });

    it('muted categories are not shown', async () => {
      const graph = new FakeGraph().add(WABA, stuck('1000000000002', { is_pin_enabled: true }));
      const h = makeEngine(graph, clock);
      await settingsItem.update((s) => ({ ...s, autoRetry: false, notify: { ...s.notify, stuck: false } }));
      await h.engine.saveToken(TOKEN);
      await h.engine.sweep({ reason: 'manual' });
      expect(h.notices).toHaveLength(0);
    });

    it('190 during a sweep marks the token invalid, notifies once, and stops every later call until a new token is saved', async () => {
      const graph = new FakeGraph().add(WABA, provisioned('1000000000001'));
      const h = await onboard(graph, clock);
      graph.failNext.set('readWabas', metaError(190, { subcode: 463, message: 'Session has expired' }));
      await h.engine.sweep({ reason: 'manual' });
      expect((await tokenStatusItem.getValue()).state).toBe('invalid');
      const callsAfter = graph.calls.length;
      expect(await h.engine.sweep({ reason: 'alarm' })).toEqual({ status: 'skipped', reason: 'token_invalid' });
      expect(await h.engine.register('1000000000001', { mode: 'manual' })).toMatchObject({ status: 'refused' });
      expect(graph.calls.length).toBe(callsAfter);
      const invalid = h.notices.filter((n) => n.id === 'waba-health:token:invalid');
      expect(invalid).toHaveLength(1);
      // By id, with Meta's own words and code as data: the background words it in the person's language.
      expect(invalid[0]!.notice.message).toEqual({
        key: 'notifyTokenInvalidBody',
        subs: [{ key: 'uiWithMetaCode', subs: ['Session has expired', '190/463'] }],
      });
      const inPortuguese = (key: string, subs: string[]) =>
        ((ptBR as Record<string, { message: string }>)[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
      expect(renderText(invalid[0]!.notice.message, inPortuguese)).toBe(
        'Session has expired (erro da Meta 190/463). Salve um novo token nas configurações do WABA Health.',
      );

      await h.engine.saveToken('EAAGbrandNewTokenAbcdefghijklmnopqrstuvwxyz0123');
      expect((await h.engine.sweep({ reason: 'manual' })).status).toBe('done');
    });

    it('a rate limit stops calls until the regain time', async () => {
      const graph = new FakeGraph().add(WABA, provisioned('1000000000001'));
      const h = await onboard(graph, clock);
      graph.failNext.set('readWabas', metaError(80008, { retryAfterMs: 10 * MIN }));
      await h.engine.sweep({ reason: 'manual' });
      expect(await h.engine.sweep({ reason: 'alarm' })).toEqual({ status: 'skipped', reason: 'rate_limited' });
      expect(await h.engine.sweep({ reason: 'manual' })).toEqual({ status: 'skipped', reason: 'rate_limited' });
      // Nothing waits on the regain time but the periodic sweep: no wake-up is armed for it.
      expect(h.wakes.filter((w) => w !== undefined)).toEqual([]);
      clock.advance(10 * MIN + 1);
      expect((await h.engine.sweep({ reason: 'alarm' })).status).toBe('done');
    });
  });

  describe('registration', () => {
    it('registers a stuck number without a PIN automatically, storing the generated PIN before the call', async () => {
      const graph = new FakeGraph().add(WABA, stuck('1000000000002'));
      let pinAtCallTime: string | undefined;
      graph.registerImpl = async (id) => {
        pinAtCallTime = (await pinsItem.getValue())[id]?.pin;
        graph.set(id, { platform_type: 'CLOUD_API', throughput: { level: 'STANDARD' }, status: 'CONNECTED' });
      };
      const h = await onboard(graph, clock);
      const result = await h.engine.sweep({ reason: 'manual' });
      expect(result).toMatchObject({ status: 'done', registered: 1 });
      expect(graph.registerCalls).toEqual([{ phoneId: '1000000000002', pin: '424242' }]);
      expect(pinAtCallTime).toBe('424242');
      expect((await pinsItem.getValue())['1000000000002']).toMatchObject({ pin: '424242', source: 'generated' });
      expect(h.notices.some((n) => n.id.startsWith('waba-health:registered:1000000000002:'))).toBe(true);
      // Re-read after about a minute: healthy.
      expect(h.wakes.some((w) => w === clock.t + MIN)).toBe(true);
      clock.advance(MIN);
      await h.engine.wake();
      expect((await numbersItem.getValue())['1000000000002']?.health).toBe('healthy');
      expect(graph.registerCalls).toHaveLength(1);
    });

    it('skips a PIN-protected number automatically with "PIN needed", and a manual attempt asks for the PIN', async () => {
      const graph = new FakeGraph().add(WABA, stuck('1000000000004', { is_pin_enabled: true }));
      const h = await onboard(graph, clock);
      await h.engine.sweep({ reason: 'manual' });
      expect(graph.registerCalls).toHaveLength(0);
      expect((await registrationsItem.getValue())['1000000000004']?.skipped).toBe('pin_needed');
      expect(await h.engine.register('1000000000004', { mode: 'manual' })).toEqual({ status: 'pin_needed' });
      await expect(h.engine.register('1000000000004', { mode: 'manual', pin: '12345' })).rejects.toMatchObject({
        info: { problem: 'popupPinInvalid', kind: 'user_action' },
      });
      expect(await h.engine.register('1000000000004', { mode: 'manual', pin: '135790' })).toEqual({ status: 'registered' });
      expect(graph.registerCalls).toEqual([{ phoneId: '1000000000004', pin: '135790' }]);
    });

    it('display name under review: tried once (2388001), then waits until the name is approved, then registers', async () => {
      const id = '1000000000005';
      const graph = new FakeGraph().add(WABA, stuck(id, { name_status: 'PENDING_REVIEW' }));
      graph.registerImpl = async (phoneId) => {
        if (graph.phones.get(phoneId)?.name_status === 'PENDING_REVIEW') {
          throw metaError(100, { subcode: 2388001, userTitle: 'Cannot Create Certificate' });
        }
        graph.set(phoneId, { platform_type: 'CLOUD_API', throughput: { level: 'STANDARD' }, status: 'CONNECTED' });
      };
      const h = await onboard(graph, clock);
      await h.engine.sweep({ reason: 'manual' });
      expect(graph.registerCalls).toHaveLength(1);
      for (let i = 0; i < 4; i++) {
        clock.advance(15 * MIN);
        await h.engine.sweep({ reason: 'alarm' });
      }
      expect(graph.registerCalls).toHaveLength(1);
      graph.set(id, { name_status: 'APPROVED' });
      clock.advance(15 * MIN);
      await h.engine.sweep({ reason: 'alarm' }); // reads APPROVED, then registers
      expect(graph.registerCalls).toHaveLength(2);
      clock.advance(MIN);
      await h.engine.wake();
      expect((await numbersItem.getValue())[id]?.health).toBe('healthy');
    });

    it('never sends two register calls for one number under concurrent triggers (popup, page, alarm)', async () => {
      const graph = new FakeGraph().add(WABA, stuck('1000000000002', { is_pin_enabled: true }));
      let release!: () => void;
      graph.registerImpl = () => new Promise<void>((r) => (release = r));
      const h = await onboard(graph, clock);
      await settingsItem.update((s) => ({ ...s, autoRetry: false }));
      await h.engine.sweep({ reason: 'manual' });
      await pinsItem.setValue({ '1000000000002': { pin: '111111', source: 'user', at: clock.t } });
      const other = makeEngine(graph, clock).engine; // e.g. the page's request handled alongside
      const first = h.engine.register('1000000000002', { mode: 'manual' });
      const results = await Promise.all([
        other.register('1000000000002', { mode: 'manual' }),
        h.engine.register('1000000000002', { mode: 'auto' }),
        (async () => {
          // Meta answers once the first call is out (the others tried meanwhile).
          await vi.waitFor(() => expect(graph.registerCalls).toHaveLength(1));
          release();
          return first;
        })(),
      ]);
      expect(graph.registerCalls).toHaveLength(1);
      expect(results.filter((r) => r.status === 'registered')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'refused')).toHaveLength(2);
    });

    it('a worker restart in the middle of a registration resumes without a second call', async () => {
      const id = '1000000000002';
      const graph = new FakeGraph().add(WABA, stuck(id, { is_pin_enabled: true }));
      graph.registerImpl = () => new Promise<void>(() => {}); // the worker dies before Meta answers
      const h = await onboard(graph, clock);
      await h.engine.sweep({ reason: 'manual' }); // no PIN yet: automatic retry skips it
      await pinsItem.setValue({ [id]: { pin: '111111', source: 'user', at: clock.t } });
      void h.engine.register(id, { mode: 'manual' });
      await new Promise((r) => setTimeout(r, 20));
      expect(graph.registerCalls).toHaveLength(1);
      expect((await registrationsItem.getValue())[id]?.inFlight).toBeDefined();

      // New worker instance, same storage: every trigger sees the lock.
      graph.registerImpl = async () => {};
      const restarted = makeEngine(graph, clock).engine;
      await restarted.recover();
      expect(await restarted.register(id, { mode: 'manual' })).toMatchObject({ status: 'refused', refusal: { reason: 'in_flight' } });
      await restarted.sweep({ reason: 'alarm' });

      // Lock expires: the call becomes an interrupted attempt, and we wait as after a success.
      clock.advance(REGISTER_LEASE_MS + 1);
      await restarted.recover();
      const record = (await registrationsItem.getValue())[id]!;
      expect(record.inFlight).toBeUndefined();
      expect(record.attempts.map((a) => a.outcome)).toEqual(['interrupted']);
      await restarted.sweep({ reason: 'alarm' });
      expect(await restarted.register(id, { mode: 'manual' })).toMatchObject({ status: 'refused', refusal: { reason: 'cooldown' } });
      expect(graph.registerCalls).toHaveLength(1);
      clock.advance(SUCCESS_COOLDOWN_MS);
      expect((await restarted.register(id, { mode: 'manual' })).status).toBe('registered');
      expect(graph.registerCalls).toHaveLength(2);
    });

    it('133016 stops everything for that number for 72 h; a manual attempt over budget is refused with the time', async () => {
      const id = '1000000000002';
      const graph = new FakeGraph().add(WABA, stuck(id, { is_pin_enabled: true }));
      graph.registerImpl = async () => {
        throw metaError(133016);
      };
      const h = await onboard(graph, clock);
      await pinsItem.setValue({ [id]: { pin: '111111', source: 'user', at: clock.t } });
      await h.engine.sweep({ reason: 'manual' });
      expect(graph.registerCalls).toHaveLength(1);
      const refused = await h.engine.register(id, { mode: 'manual' });
      expect(refused).toEqual({ status: 'refused', refusal: { reason: 'blocked_133016', until: clock.t + WINDOW_MS } });
      clock.advance(HOUR);
      await h.engine.sweep({ reason: 'alarm' });
      expect(graph.registerCalls).toHaveLength(1);
    });

    it('133005 (wrong PIN) stops automatic retry for that number and says what to do', async () => {
      const id = '1000000000002';
      const graph = new FakeGraph().add(WABA, stuck(id, { is_pin_enabled: true }));
      graph.registerImpl = async () => {
        throw metaError(133005, { userMessage: 'Two step verification PIN Mismatch' });
      };
      const h = await onboard(graph, clock);
      await pinsItem.setValue({ [id]: { pin: '111111', source: 'user', at: clock.t } });
      await h.engine.sweep({ reason: 'manual' });
      for (let i = 0; i < 3; i++) {
        clock.advance(HOUR);
        await h.engine.sweep({ reason: 'alarm' });
      }
      expect(graph.registerCalls).toHaveLength(1);
      const reg = (await registrationsItem.getValue())[id]!;
      expect(reg.autoStopped?.code).toBe(133005);
      expect(reg.attempts[0]).toMatchObject({ mode: 'auto', outcome: 'error', code: 133005 });
      // A new PIN from the user lifts the stop.
      await h.engine.setPin(id, '222222');
      graph.registerImpl = async () => {};
      clock.advance(HOUR);
      await h.engine.sweep({ reason: 'alarm' });
      expect(graph.registerCalls.at(-1)).toEqual({ phoneId: id, pin: '222222' });
    });

    it('never registers a provisioned number, whatever its code_verification_status', async () => {
      const graph = new FakeGraph().add(WABA, provisioned('1000000000001', { code_verification_status: 'EXPIRED', is_pin_enabled: false }));
      const h = await onboard(graph, clock);
      await h.engine.sweep({ reason: 'manual' });
      expect(await h.engine.register('1000000000001', { mode: 'manual' })).toMatchObject({
        status: 'refused',
        refusal: { reason: 'not_needed' },
      });
      expect(graph.registerCalls).toHaveLength(0);
    });

    it('an unknown phone id is refused clearly', async () => {
      const graph = new FakeGraph();
      const h = await onboard(graph, clock);
      expect(await h.engine.register('999', { mode: 'manual' })).toMatchObject({
        status: 'refused',
        refusal: { reason: 'unknown_number' },
      });
      await expect(h.engine.setPin('999', '123456')).rejects.toMatchObject({ info: { problem: 'errUnknownNumber' } });
    });
  });
});

describe('health engine: usage, token expiry, notification clicks, alarms', () => {
  const clock = resetEachTest();

  it('spaces out scheduled sweeps while usage is above 75 %, but a manual check still runs', async () => {
    const graph = new FakeGraph().add(WABA, provisioned('1000000000001'));
    const h = await onboard(graph, clock);
    graph.usagePercent = 82;
    await h.engine.sweep({ reason: 'manual' });
    await new Promise((r) => setTimeout(r, 0)); // usage is recorded asynchronously
    expect((await engineItem.getValue()).usagePercent).toBe(82);
    clock.advance(15 * MIN);
    expect(await h.engine.sweep({ reason: 'alarm' })).toEqual({ status: 'skipped', reason: 'slowed_down' });
    expect((await h.engine.sweep({ reason: 'manual' })).status).toBe('done');
    clock.advance(31 * MIN);
    expect((await h.engine.sweep({ reason: 'alarm' })).status).toBe('done');
  });

  it('warns once when the token expires within 7 days', async () => {
    const graph = new FakeGraph();
    graph.debug = { ...graph.debug, type: 'USER', expires_at: Math.floor((clock.t + 3 * 24 * HOUR) / 1000) };
    const h = await onboard(graph, clock);
    expect(h.notices.map((n) => n.id)).toEqual(['waba-health:token:expiring']);
    expect((await tokenStatusItem.getValue()).expiresAt).toBe(Math.floor((clock.t + 3 * 24 * HOUR) / 1000) * 1000);
  });

  it('a notification click opens the number in WhatsApp Manager with the portfolio as business_id and the WABA as asset_id', async () => {
    const graph = new FakeGraph().add(WABA, stuck('1000000000002', { is_pin_enabled: true }));
    const h = await onboard(graph, clock, { sweep: true });
    const { parseNotificationId } = await import('@/lib/engine/notifications');
    const target = parseNotificationId(h.notices.find((n) => n.id.includes(':state:'))!.id)!;
    expect(await h.engine.notificationUrl(target)).toBe(
      `https://business.facebook.com/latest/whatsapp_manager/phone_numbers/?business_id=${BUSINESS}&asset_id=${WABA}`,
    );
  });

  it('re-creates the periodic sweep alarm with the chosen interval; the wake-up is armed at exactly the next due moment, or cleared', async () => {
    const { ensureSweepAlarm, scheduleWake, SWEEP_ALARM, WAKE_ALARM } = await import('@/lib/engine/alarms');
    await ensureSweepAlarm(fakeBrowser.alarms, 15);
    expect((await fakeBrowser.alarms.get(SWEEP_ALARM))?.periodInMinutes).toBe(15);
    await ensureSweepAlarm(fakeBrowser.alarms, 30, { force: true });
    expect((await fakeBrowser.alarms.get(SWEEP_ALARM))?.periodInMinutes).toBe(30);
    const now = Date.now();
    await scheduleWake(fakeBrowser.alarms, now + 10 * MIN, now);
    expect((await fakeBrowser.alarms.get(WAKE_ALARM))?.scheduledTime).toBe(now + 10 * MIN);
    // A later next-due moment replaces an earlier alarm, which would wake for nothing.
    await scheduleWake(fakeBrowser.alarms, now + 20 * MIN, now);
    expect((await fakeBrowser.alarms.get(WAKE_ALARM))?.scheduledTime).toBe(now + 20 * MIN);
    await scheduleWake(fakeBrowser.alarms, now + 2 * MIN, now);
    expect((await fakeBrowser.alarms.get(WAKE_ALARM))?.scheduledTime).toBe(now + 2 * MIN);
    // Never in the past.
    await scheduleWake(fakeBrowser.alarms, now - MIN, now);
    expect((await fakeBrowser.alarms.get(WAKE_ALARM))?.scheduledTime).toBeGreaterThan(now);
    await scheduleWake(fakeBrowser.alarms, undefined, now);
    expect(await fakeBrowser.alarms.get(WAKE_ALARM)).toBeUndefined();
  });
});
