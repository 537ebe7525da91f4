import { beforeEach, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GraphError } from '@/lib/graph/errors';
import type { DebugTokenData, PhoneNumber } from '@/lib/graph/schemas';
import { createEngine, type EngineDeps, type Notice } from '@/lib/engine/engine';
import { clientPortFactory } from '@/lib/engine/graph-port-client';
import type { Timers } from '@/lib/engine/lease';
import type { GraphPort, GraphPortFactory } from '@/lib/engine/graph-port';
import type { BadgeSpec } from '@/lib/engine/notifications';
import { settingsItem, stores } from '@/lib/storage/items';
import { healthyPhone, stuckPhone } from '../support/phones';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

export const TOKEN = 'EAAGtestTokenAbcdefghijklmnopqrstuvwxyz0123456789';
export const WABA = '102290129340398';
export const BUSINESS = '506914307656634';

/** A provisioned number and a stuck one (tests/support/phones.ts, shared with the pages' tests). */
export const provisioned = healthyPhone;
export const stuck = stuckPhone;

/** The stuck number most of the registration tests are about. */
export const STUCK_ID = '1000000000002';

export const debugData: DebugTokenData = {
  is_valid: true,
  type: 'SYSTEM_USER',
  application: 'WABA Health test',
  expires_at: 0,
  scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'],
  granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: [WABA] }],
};

export const metaError = (code: number, extra: Partial<ConstructorParameters<typeof GraphError>[0]> = {}) =>
  new GraphError({ code, message: `(#${code}) test error`, httpStatus: code === 190 ? 401 : 400, ...extra });

/** A scripted Graph: phones per WABA, a register implementation, and a log of every call. */
export class FakeGraph {
  phones = new Map<string, PhoneNumber>();
  wabaOf = new Map<string, string>();
  calls: string[] = [];
  registerCalls: Array<{ phoneId: string; pin: string }> = [];
  /** Ownership verification calls (request_code, verify_code), in order. */
  verifyCalls: Array<
    { op: 'requestCode'; phoneId: string; method: string; language: string } | { op: 'verifyCode'; phoneId: string; code: string }
  > = [];
  failNext: Map<string, GraphError> = new Map();
  registerImpl: (phoneId: string, pin: string) => Promise<void> = async (phoneId) => {
    const p = this.phones.get(phoneId);
    if (p) this.phones.set(phoneId, { ...p, platform_type: 'CLOUD_API', throughput: { level: 'STANDARD' }, status: 'CONNECTED' });
  };

  add(wabaId: string, ...phones: PhoneNumber[]) {
    for (const p of phones) {
      this.phones.set(p.id, p);
      this.wabaOf.set(p.id, wabaId);
    }
    return this;
  }

  set(id: string, patch: Partial<PhoneNumber>) {
    this.phones.set(id, { ...this.phones.get(id)!, ...patch });
  }

  private check(op: string) {
    this.calls.push(op);
    const err = this.failNext.get(op) ?? this.failNext.get('*');
    if (err) {
      this.failNext.delete(op);
      this.failNext.delete('*');
      throw err;
    }
  }

  /** When set, every readWabas reports this usage percentage through onUsage (as the client does from headers). */
  usagePercent: number | undefined;
  /** WABAs the business portfolio owns (listOwnedWabas). */
  ownedWabas: string[] = [WABA];
  debug: DebugTokenData = debugData;

  factory(): GraphPortFactory {
    return (options): GraphPort => {
      let calls = 0;
      const count = (op: string) => {
        calls++;
        this.check(op);
      };
      return {
        debugToken: async () => (count('debugToken'), this.debug),
        listBusinesses: async () => (count('listBusinesses'), [{ id: BUSINESS, name: 'Acme' }]),
        listOwnedWabas: async () => (count('listOwnedWabas'), this.ownedWabas.map((id) => ({ id, name: 'Acme WABA' }))),
        listClientWabas: async () => (count('listClientWabas'), []),
        readWabas: async (ids) => {
          count('readWabas');
          if (this.usagePercent !== undefined) {
            options.onUsage?.({ business: [], maxPercent: this.usagePercent, regainAccessMs: 0, observedAt: 0 });
          }
          return new Map(
            ids.map((id) => [
              id,
              {
                waba: { id, name: 'Acme WABA', owner_business_info: { id: BUSINESS, name: 'Acme' } },
                phoneNumbers: [...this.phones.values()].filter((p) => this.wabaOf.get(p.id) === id),
                complete: true,
              },
            ]),
          );
        },
        readPhoneNumbers: async (ids) => {
          count('readPhoneNumbers');
          return new Map(ids.map((id) => [id, this.phones.get(id) ?? metaError(100)]));
        },
        register: async (phoneId, pin) => {
          count('register');
          this.registerCalls.push({ phoneId, pin });
          await this.registerImpl(phoneId, pin);
        },
        requestCode: async (phoneId, method, language) => {
          count('requestCode');
          this.verifyCalls.push({ op: 'requestCode', phoneId, method, language });
        },
        // An accepted code verifies the number at Meta (failNext.set('verifyCode', ...) refuses it).
        verifyCode: async (phoneId, code) => {
          count('verifyCode');
          this.verifyCalls.push({ op: 'verifyCode', phoneId, code });
          const p = this.phones.get(phoneId);
          if (p) this.phones.set(phoneId, { ...p, code_verification_status: 'VERIFIED' });
        },
        httpCalls: () => calls,
      };
    };
  }
}

/** A Graph whose WABA holds the stuck number STUCK_ID (its snapshot changed by `patch`). */
export const graphWithStuck = (patch: Partial<PhoneNumber> = {}) => new FakeGraph().add(WABA, stuck(STUCK_ID, patch));

export class FakeClock {
  constructor(public t = Date.UTC(2026, 10, 1, 12)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

export interface Harness {
  engine: ReturnType<typeof createEngine>;
  notices: Array<{ id: string; notice: Notice }>;
  badges: BadgeSpec[];
  /** Every arming of the wake alarm (`undefined`: cleared). */
  wakes: Array<number | undefined>;
}

export function makeEngine(graph: FakeGraph, clock: FakeClock, overrides: Partial<EngineDeps> = {}): Harness {
  const notices: Harness['notices'] = [];
  const badges: BadgeSpec[] = [];
  const wakes: Harness['wakes'] = [];
  const engine = createEngine({
    stores,
    graph: graph.factory(),
    now: clock.now,
    random: () => 0.5,
    generatePin: () => '424242',
    notify: async (id, notice) => void notices.push({ id, notice }),
    setBadge: async (b) => void badges.push(b),
    scheduleWake: async (w) => void wakes.push(w),
    instanceId: `worker-${Math.random()}`,
    ...overrides,
  });
  return { engine, notices, badges, wakes };
}

/**
 * Registers, in the calling `describe`, a reset before each test: an empty fake browser and the returned
 * clock back at its start time.
 */
export function resetEachTest(): FakeClock {
  const clock = new FakeClock();
  const start = clock.t;
  beforeEach(() => {
    fakeBrowser.reset();
    clock.t = start;
  });
  return clock;
}

/**
 * An engine with the token saved: automatic retries turned off first when `autoRetry` is false, and one
 * manual sweep after when `sweep` is true.
 */
export async function onboard(
  graph: FakeGraph,
  clock: FakeClock,
  opts: { autoRetry?: boolean; sweep?: boolean; deps?: Partial<EngineDeps> } = {},
): Promise<Harness> {
  const h = makeEngine(graph, clock, opts.deps);
  if (opts.autoRetry === false) await settingsItem.update((s) => ({ ...s, autoRetry: false }));
  await h.engine.saveToken(TOKEN);
  if (opts.sweep) await h.engine.sweep({ reason: 'manual' });
  return h;
}

/** `onboard` with automatic retries off, then one manual sweep: the numbers are known and nothing registers by itself. */
export const onboardAndSweep = (graph: FakeGraph, clock: FakeClock, deps?: Partial<EngineDeps>) =>
  onboard(graph, clock, { autoRetry: false, sweep: true, deps });

/** A promise the test resolves by hand. */
export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Makes every register call to Meta wait for the returned gate (then succeed without changing the number). */
export function holdRegisterCalls(graph: FakeGraph) {
  const gate = deferred();
  graph.registerImpl = async () => {
    await gate.promise;
  };
  return gate;
}

/** Starts a manual register of `id` and waits until its call reached Meta, which answers on `gate.resolve()`. */
export async function openRegisterCall(h: Harness, graph: FakeGraph, id: string) {
  const gate = holdRegisterCalls(graph);
  const call = h.engine.register(id, { mode: 'manual' });
  for (let i = 0; i < 10; i++) await flush();
  expect(graph.registerCalls).toHaveLength(1);
  return { gate, call };
}

/** Lets pending promise chains and timers of 0 ms run. */
/** Lets pending work run: enough turns of the event loop for a chain of (in-memory) IndexedDB requests. */
export const flush = async () => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setTimeout(r, 0));
};

/** Lease-renewal timers fired by hand (`fire`), so renewal follows the fake clock. */
export class ManualTimers implements Timers {
  private next = 0;
  private handlers = new Map<number, () => void>();
  setInterval(fn: () => void) {
    const id = ++this.next;
    this.handlers.set(id, fn);
    return id;
  }
  clearInterval(handle: unknown) {
    this.handlers.delete(handle as number);
  }
  fire() {
    for (const fn of [...this.handlers.values()]) fn();
  }
  get active() {
    return this.handlers.size;
  }
}

/** The real engine with the real Graph client over HTTPS to a running simulator (its clock, no-op UI). */
export function simulatorEngine(sim: { fetch: typeof fetch; now(): number }, overrides: Partial<EngineDeps> = {}) {
  return createEngine({
    stores,
    graph: clientPortFactory({ fetch: sim.fetch }),
    now: () => sim.now(),
    random: () => 0.5,
    generatePin: () => '424242',
    notify: async () => {},
    setBadge: async () => {},
    scheduleWake: async () => {},
    instanceId: 'test',
    ...overrides,
  });
}
