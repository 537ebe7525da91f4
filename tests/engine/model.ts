import { createEngine, type Engine } from '@/lib/engine/engine';
import type { GraphPort, GraphPortFactory } from '@/lib/engine/graph-port';
import { GraphError } from '@/lib/graph/errors';
import type { DebugTokenData, PhoneNumber } from '@/lib/graph/schemas';
import { stores as realStores, type Stores } from '@/lib/storage/items';
import { BUSINESS, type FakeClock, debugData, metaError, provisioned, stuck } from './fixtures';
import { ManualTimers } from './fixtures';

/**
 * A model of Meta for the engine's property and soak tests (issue 9), plus the harness around it:
 * worker instances that can be killed, slow storage, manual lease-renewal timers, a clock that can jump.
 *
 * TIME. The engine reads the wall clock (`FakeClock`), which the tests move forward AND back. Meta does not
 * live on our wall clock: the model keeps `real`, a monotonic "real time" that moves forward by exactly the
 * absolute size of every forward jump and does not move at all on a backward jump (the laptop's clock was
 * wrong, not time). Meta's 72-hour windows (its 10-calls rule and invariant b) and its provisioning lag are
 * measured on `real`.
 */
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const META_WINDOW_MS = 72 * HOUR;
export const META_LIMIT = 10;

/** A seeded PRNG (mulberry32): every random choice of the harness comes from the run's seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One macrotask turn (lets every queued microtask and setImmediate of the engine run). */
export const turn = () => new Promise<void>((r) => setImmediate(r));

/** What Meta answers to a register call that passed its own checks (token, 10-call limit, PIN). */
export type Answer =
  | { kind: 'success'; lagMin: number }
  | { kind: 'certificate' }
  | { kind: 'limit' }
  | { kind: 'transient' }
  /** Scripted token death: the token that made the call dies at Meta now (190, and every later call too). */
  | { kind: 'token' }
  /**
   * The call times out: held until the network "settles" (a driver action, or the end of the run), then the
   * engine gets a local timeout error. `reached`: Meta received it and processed it as `then`.
   */
  | { kind: 'timeout'; reached: boolean; then: 'success' | 'transient' };

export interface MetaNumber {
  id: string;
  wabaId: string;
  /** false once "Meta deletes the number from its WABA". */
  inWaba: boolean;
  /** Real time from which the number is provisioned (CONNECTED, CLOUD_API); undefined: not yet. */
  provisionedAt?: number;
  /** Meta's two-step PIN (undefined: none set). */
  pin?: string;
  nameStatus: 'APPROVED' | 'PENDING_REVIEW';
  /** The PIN the person would type for this number when Meta holds none (their intended PIN). */
  personPin: string;
  /** Real times of every register call the engine sent for this number (reached Meta or not). */
  sent: number[];
  /** Real times of register calls Meta received (its own 10-per-72h log). */
  log: number[];
  /** Register calls issued and not yet settled (or abandoned by a dead worker). */
  inFlight: number;
  /**
   * The engine received a success answer to a register call made with Meta's current PIN. Invariant c is
   * checked only then: a PIN Meta held from the start is unknown to the engine until the person types it,
   * and a PIN Meta set during a call whose answer never came back (timeout that reached Meta, dead worker)
   * cannot be told apart from the PIN of a later unanswered typed-PIN call.
   */
  pinConfirmed: boolean;
  /** Meta's PIN was set by a register call of the engine (not held from the start). */
  pinSetByEngine: boolean;
  /** PINs of this number's calls whose answer the engine never received (timeouts, dead workers). */
  unheardPins: Set<string>;
  /** Scripted answers for this number's register calls, in order (then success). */
  script: Answer[];
}

export interface InstanceCtl {
  id: string;
  killed: boolean;
  /** At the kill: does an abandoned call hang for ever (else it settles, and the dead worker's writes fail)? */
  hangOnKill: boolean;
  /** At the kill: did a call that was still in flight reach Meta? */
  reachedOnKill: boolean;
  /** Calls of this instance to run at the kill. */
  onKill: Set<() => void>;
}

export class Killed extends Error {
  constructor() {
    super('worker killed');
  }
}

interface Held {
  number: MetaNumber;
  ctl: InstanceCtl;
  release: () => void;
}

export class MetaModel {
  real = 0;
  numbers = new Map<string, MetaNumber>();
  wabas = new Set<string>();
  /** The one token Meta accepts (null: the token died and no new one was made). */
  validToken: string | null;
  /** The token the engine has stored (observed through the instance stores' writes). */
  engineToken: string | null = null;
  /**
   * Per number: the token the engine had stored when the register lease (the claim) of the call about to
   * be sent was written. Invariant e compares the call's token with it: the claim is the engine's decision
   * point; the few microtasks between the claim's write and the call itself are not counted.
   */
  claimToken = new Map<string, string | null>();
  /** Invariant violations, in the order they happened. */
  violations: string[] = [];
  /** Every Graph call: op, real time, wall time, instance. */
  log: Array<{ op: string; real: number; wall: number; instance: string; phoneId?: string }> = [];
  registerCalls: Array<{ phoneId: string; pin: string; token: string; real: number; wall: number; instance: string }> = [];
  /** Meta's answer once a number's script is used up. */
  fallback: Answer = { kind: 'success', lagMin: 0 };
  /** Calls held by a timeout answer until `settleNetwork()`. */
  held: Held[] = [];

  constructor(
    public clock: FakeClock,
    public rng: () => number,
    token: string,
  ) {
    this.validToken = token;
  }

  addNumber(wabaId: string, n: Partial<MetaNumber> & { id: string }): MetaNumber {
    this.wabas.add(wabaId);
    const num: MetaNumber = {
      wabaId,
      inWaba: true,
      nameStatus: 'APPROVED',
      personPin: '135790',
      sent: [],
      log: [],
      inFlight: 0,
      pinConfirmed: false,
      pinSetByEngine: false,
      unheardPins: new Set(),
      script: [],
      ...n,
    };
    this.numbers.set(num.id, num);
    return num;
  }

  /**
   * Invariant c applies: Meta holds a PIN the engine can know. Either the engine heard Meta accept a call with
   * it, or the engine's own call set it and every call whose answer never came back used that same PIN (with
   * an unanswered call of ANOTHER PIN, no engine can tell which of the two Meta holds).
   */
  pinKnowable(n: MetaNumber): boolean {
    if (n.pin === undefined) return false;
    return n.pinConfirmed || (n.pinSetByEngine && [...n.unheardPins].every((p) => p === n.pin));
  }

  isProvisioned(n: MetaNumber): boolean {
    return n.provisionedAt !== undefined && this.real >= n.provisionedAt;
  }

  snapshot(n: MetaNumber): PhoneNumber {
    const extra = { is_pin_enabled: n.pin !== undefined, name_status: n.nameStatus };
    return this.isProvisioned(n) ? provisioned(n.id, extra) : stuck(n.id, extra);
  }

  /** Moves the wall clock; `real` follows forward jumps only (see TIME above). */
  jump(ms: number): void {
    this.clock.t += ms;
    if (ms > 0) this.real += ms;
  }

  violate(what: string): void {
    this.violations.push(`[real +${Math.round(this.real / MIN)} min, wall ${new Date(this.clock.t).toISOString()}] ${what}`);
  }

  /** The right PIN a person types on the page: Meta's PIN, or their own when Meta holds none. */
  rightPin(id: string): string {
    const n = this.numbers.get(id)!;
    return n.pin ?? n.personPin;
  }

  wrongPin(id: string): string {
    const right = this.rightPin(id);
    return String((Number(right) + 111_111) % 1_000_000).padStart(6, '0');
  }

  /** Every held (timed-out) call of a live worker now fails late. */
  settleNetwork(): void {
    const held = this.held.filter((h) => !h.ctl.killed);
    this.held = this.held.filter((h) => h.ctl.killed);
    for (const h of held) h.release();
  }

  debug(): DebugTokenData {
    return { ...debugData, granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: [...this.wabas] }] };
  }

  /** Binds a GraphPort to the model for one worker instance. */
  factory(ctl: InstanceCtl): GraphPortFactory {
    return (options): GraphPort => {
      let calls = 0;
      const model = this;
      /** Per port: the last thing a readPhoneNumbers of this port reported for each number (invariant d). */
      const freshRead = new Map<string, { provisioned: boolean; removed: boolean }>();
      const latency = async () => {
        const k = Math.floor(model.rng() * 3);
        for (let i = 0; i < k; i++) await (model.rng() < 0.3 ? turn() : Promise.resolve());
      };
      /** After the call reached its answer: a dead worker's call hangs for ever or settles (its writes fail). */
      const dead = (): Promise<never> | undefined => (ctl.killed && ctl.hangOnKill ? new Promise<never>(() => {}) : undefined);
      const begin = async (op: string, phoneId?: string) => {
        calls++;
        this.log.push({ op, real: this.real, wall: this.clock.t, instance: ctl.id, phoneId });
        await latency();
        const d = dead();
        if (d) await d;
        if (options.token !== this.validToken) throw metaError(190, { subcode: 463 });
      };
      return {
        debugToken: async () => (await begin('debugToken'), this.debug()),
        listBusinesses: async () => (await begin('listBusinesses'), [{ id: BUSINESS, name: 'Acme' }]),
        listOwnedWabas: async () => (await begin('listOwnedWabas'), [...this.wabas].map((id) => ({ id, name: `WABA ${id}` }))),
        listClientWabas: async () => (await begin('listClientWabas'), []),
        readWabas: async (ids) => {
          await begin('readWabas');
          return new Map(
            ids.map(
              (
                id,
              ): [
                string,
                (
                  | GraphError
                  | {
                      waba: { id: string; name: string; owner_business_info: { id: string; name: string } };
                      phoneNumbers: PhoneNumber[];
                      complete: boolean;
                    }
                ),
              ] => [
                id,
                this.wabas.has(id)
                  ? {
                      waba: { id, name: `WABA ${id}`, owner_business_info: { id: BUSINESS, name: 'Acme' } },
                      phoneNumbers: [...this.numbers.values()].filter((n) => n.wabaId === id && n.inWaba).map((n) => this.snapshot(n)),
                      complete: true,
                    }
                  : metaError(100, { subcode: 33 }),
              ],
            ),
          );
        },
        readPhoneNumbers: async (ids) => {
          await begin(`readPhoneNumbers(${ids.join(',')})`);
          const out = new Map<string, PhoneNumber | GraphError>();
          for (const id of ids) {
            const n = this.numbers.get(id);
            // A number deleted from its WABA no longer exists for this token: Graph answers 100/33.
            const removed = !n?.inWaba;
            freshRead.set(id, { provisioned: !!n && this.isProvisioned(n), removed });
            out.set(id, removed ? metaError(100, { subcode: 33 }) : this.snapshot(n));
          }
          return out;
        },
        // The model's numbers are verified: the engine never has a reason to ask for a code.
        requestCode: async (phoneId) => this.violate(`request_code for ${phoneId}: the numbers are verified`),
        verifyCode: async (phoneId) => this.violate(`verify_code for ${phoneId}: the numbers are verified`),
        register: async (phoneId, pin) => {
          calls++;
          const n = this.numbers.get(phoneId);
          const tag = `register(${phoneId}, pin ${pin}) by ${ctl.id}`;
          this.log.push({ op: `register(pin ${pin})`, real: this.real, wall: this.clock.t, instance: ctl.id, phoneId });
          this.registerCalls.push({ phoneId, pin, token: options.token, real: this.real, wall: this.clock.t, instance: ctl.id });
          if (!n) {
            this.violate(`register for a number Meta never had: ${tag}`);
            throw metaError(100, { subcode: 33 });
          }
          // --- invariants checked at the moment the call is sent ---
          // a. one register call in flight per number
          if (n.inFlight > 0) this.violate(`a: ${n.inFlight + 1} register calls in flight for ${phoneId}: ${tag}`);
          // b. at most 10 calls per number in any 72 h window of REAL time (every call sent counts, reached or not)
          const inWindow = n.sent.filter((t) => t > this.real - META_WINDOW_MS).length;
          if (inWindow >= META_LIMIT) this.violate(`b: call #${inWindow + 1} for ${phoneId} within 72 h of real time: ${tag}`);
          // d. a fresh read of this number by the same port, and it reported the number neither provisioned nor removed
          const fresh = freshRead.get(phoneId);
          if (!fresh) this.violate(`d: no fresh read before ${tag}`);
          else if (fresh.provisioned) this.violate(`d: the fresh read reported ${phoneId} provisioned: ${tag}`);
          else if (fresh.removed) this.violate(`d: the fresh read reported ${phoneId} removed from its WABA: ${tag}`);
          // e. never with a token older than the one the engine had stored when it claimed the call
          const claimed = this.claimToken.get(phoneId);
          if (claimed !== undefined && options.token !== claimed) {
            this.violate(
              `e: register with an old token (token #${options.token.slice(14, 17)}; the engine had stored #${String(claimed).slice(14, 17)} when the claim was written): ${tag}`,
            );
          }
          if (ctl.killed) this.violate(`register sent by a killed worker: ${tag}`);

          n.inFlight++;
          n.sent.push(this.real);
          let settled = false;
          const done = () => {
            if (!settled) n.inFlight--;
            settled = true;
          };
          // A worker that dies with this call open: Meta received it or not, decided at the kill.
          let outcome: { error?: GraphError } | undefined;
          let answered = false;
          let releaseHeld: (() => void) | undefined;
          const onKill = () => {
            done();
            n.unheardPins.add(pin);
            if (!ctl.hangOnKill) releaseHeld?.();
            if (!answered && ctl.reachedOnKill) {
              answered = true;
              outcome = this.process(n, pin, options.token, false);
            }
          };
          ctl.onKill.add(onKill);
          try {
            const script = n.script[0];
            if (script?.kind === 'timeout') {
              n.script.shift();
              answered = true; // decided by the script, whatever happens to the worker
              n.unheardPins.add(pin);
              if (script.reached) {
                this.process(
                  n,
                  pin,
                  options.token,
                  false,
                  script.then === 'success' ? { kind: 'success', lagMin: 0 } : { kind: 'transient' },
                );
              }
              await new Promise<void>((release) => {
                releaseHeld = release;
                this.held.push({ number: n, ctl, release });
              });
              if (ctl.killed && ctl.hangOnKill) await new Promise<never>(() => {});
              throw new GraphError({ message: 'The request timed out.', local: 'timeout' });
            }
            await latency();
            if (ctl.killed) {
              if (ctl.hangOnKill) await new Promise<never>(() => {});
              if (outcome?.error) throw outcome.error;
              if (!outcome) throw new GraphError({ message: 'network', local: 'network' });
              return;
            }
            answered = true;
            const result = this.process(n, pin, options.token, true);
            if (result.error) throw result.error;
          } finally {
            ctl.onKill.delete(onKill);
            done();
          }
        },
        httpCalls: () => calls,
      };
    };
  }

  /**
   * Meta handling one register call that reached it. `heard`: the engine will receive this answer.
   * Order of Meta's checks: token, 10 calls in 72 h (the call still counts), number exists, PIN, then the script.
   */
  process(n: MetaNumber, pin: string, token: string, heard: boolean, forced?: Answer): { error?: GraphError } {
    if (token !== this.validToken) return { error: metaError(190, { subcode: 463 }) };
    const inWindow = n.log.filter((t) => t > this.real - META_WINDOW_MS).length;
    n.log.push(this.real);
    if (inWindow >= META_LIMIT) return { error: metaError(133016) };
    if (!n.inWaba) return { error: metaError(100, { subcode: 33 }) };
    if (n.pin !== undefined && n.pin !== pin) return { error: metaError(133005, { userMessage: 'Two step verification PIN Mismatch' }) };
    // Display name still under review: Meta cannot create the certificate (100/2388001), whatever the script.
    if (!forced && n.nameStatus === 'PENDING_REVIEW')
      return { error: metaError(100, { subcode: 2388001, userTitle: 'Cannot Create Certificate' }) };
    const answer = forced ?? n.script.shift() ?? this.fallback;
    switch (answer.kind) {
      case 'success': {
        if (n.pin === undefined) {
          n.pin = pin;
          n.pinSetByEngine = true;
        }
        if (heard) n.pinConfirmed = true;
        if (n.provisionedAt === undefined) n.provisionedAt = this.real + answer.lagMin * MIN;
        return {};
      }
      case 'certificate':
        return { error: metaError(100, { subcode: 2388001, userTitle: 'Cannot Create Certificate' }) };
      case 'limit':
        return { error: metaError(133016) };
      case 'transient':
        return { error: metaError(131000, { httpStatus: 500 }) };
      case 'token':
        this.validToken = null;
        return { error: metaError(190, { subcode: 460 }) };
      case 'timeout':
        // A scripted timeout consumed here (a call processed at a kill): Meta processed it as its `then`.
        return this.process(n, pin, token, heard, answer.then === 'success' ? { kind: 'success', lagMin: 0 } : { kind: 'transient' });
    }
  }
}

/**
 * The engine's stores for one worker instance, over the real ones (so the storage mutexes still apply):
 * - slow: every operation yields a random number of microtasks or macrotask turns first, so operations of
 *   concurrent flows interleave;
 * - killable: once the instance is killed every operation REJECTS (inside an update too, so the mutex is
 *   released: a dead worker releases its locks, it never holds them for ever);
 * - observed: a completed write of the token tells the model which token the engine holds.
 */
export function instanceStores(ctl: InstanceCtl, rng: () => number, model: MetaModel, opts: { slow: boolean }): Stores {
  const pause = async () => {
    if (!opts.slow) return;
    const r = rng();
    if (r < 0.15) await turn();
    else for (let i = 0; i < Math.floor(r * 4); i++) await Promise.resolve();
  };
  const alive = () => {
    if (ctl.killed) throw new Killed();
  };
  const seenLeases = new Set<string>();
  const observeToken = (name: string, value: unknown) => {
    if (name === 'token') model.engineToken = value as string | null;
    if (name === 'tokenPair') model.engineToken = (value as { token: string | null }).token;
  };
  // Generic over whatever items `stores` has (the engine's author may add some): each method that exists is wrapped.
  type AnyItem = {
    setValue?: (v: unknown) => Promise<void>;
    update?: (fn: (c: unknown) => unknown, ...rest: unknown[]) => Promise<unknown>;
  } & Partial<Record<(typeof READS)[number], (...args: unknown[]) => Promise<unknown>>>;
  const READS = ['getValue', 'get', 'getMany', 'where', 'count'] as const;
  const wrap = (name: string, item: AnyItem): AnyItem => {
    const out: AnyItem = Object.create(item);
    for (const read of READS) {
      const method = item[read];
      if (!method) continue;
      out[read] = async (...args: unknown[]) => {
        await pause();
        alive();
        const v = await method.apply(item, args);
        alive();
        return v;
      };
    }
    if (item.setValue) {
      out.setValue = async (value) => {
        await pause();
        alive();
        await item.setValue!.call(item, value);
        observeToken(name, value);
      };
    }
    if (item.update) {
      out.update = async (fn, ...rest) => {
        await pause();
        alive();
        const result = await item.update!.call(
          item,
          async (current: unknown) => {
            alive();
            await pause();
            const next = await fn(current);
            alive();
            return next;
          },
          ...rest,
        );
        observeToken(name, result);
        if (name === 'registrations') {
          // A register lease of this worker just written: remember which token the engine held then (invariant e).
          for (const [id, r] of Object.entries(result as Record<string, { inFlight?: { id: string; owner: string } }>)) {
            if (r.inFlight?.owner === ctl.id && !seenLeases.has(r.inFlight.id)) {
              seenLeases.add(r.inFlight.id);
              model.claimToken.set(id, model.engineToken);
            }
          }
        }
        return result;
      };
    }
    return out;
  };
  return Object.fromEntries(Object.entries(realStores).map(([name, item]) => [name, wrap(name, item as AnyItem)])) as unknown as Stores;
}

export interface Instance {
  ctl: InstanceCtl;
  engine: Engine;
  timers: ManualTimers;
  /** Every arming of the wake alarm: [wall time of arming, when]. */
  wakes: Array<{ at: number; when: number | undefined }>;
}

let instanceCounter = 0;

/** A new worker instance over the shared storage (the caller runs `recover()` as the background does). */
export function spawnInstance(
  model: MetaModel,
  rng: () => number,
  opts: { slow: boolean; scheduleWake?: (when: number | undefined) => Promise<void> },
): Instance {
  const ctl: InstanceCtl = { id: `worker-${++instanceCounter}`, killed: false, hangOnKill: false, reachedOnKill: false, onKill: new Set() };
  const timers = new ManualTimers();
  const wakes: Instance['wakes'] = [];
  let pinSeq = Math.floor(rng() * 900_000);
  const engine = createEngine({
    stores: instanceStores(ctl, rng, model, opts),
    graph: model.factory(ctl),
    now: model.clock.now,
    random: rng,
    generatePin: () => {
      pinSeq = (pinSeq + 7_919) % 900_000;
      return String(100_000 + pinSeq);
    },
    notify: async () => {
      if (ctl.killed) throw new Killed();
    },
    setBadge: async () => {
      if (ctl.killed) throw new Killed();
    },
    scheduleWake: async (when) => {
      if (ctl.killed) throw new Killed();
      wakes.push({ at: model.clock.t, when });
      await opts.scheduleWake?.(when);
    },
    instanceId: ctl.id,
    timers,
  });
  return { ctl, engine, timers, wakes };
}

/** Kills a worker: its storage operations reject from now on; its open calls reached Meta or not, and hang or settle. */
export function kill(inst: Instance, how: { reached: boolean; hang: boolean }): void {
  inst.ctl.killed = true;
  inst.ctl.reachedOnKill = how.reached;
  inst.ctl.hangOnKill = how.hang;
  for (const fn of [...inst.ctl.onKill]) fn();
  inst.ctl.onKill.clear();
}

/** Waits until every promise settled, or fails after `turns` macrotask turns (a hang or a deadlock). */
export async function settleWithin(promises: Array<Promise<unknown>>, turns = 20_000, onTurn?: () => void): Promise<void> {
  let done = false;
  const all = Promise.allSettled(promises).then(() => (done = true));
  for (let i = 0; i < turns && !done; i++) {
    onTurn?.();
    await turn();
  }
  if (!done) throw new Error(`liveness: ${promises.length} engine operations of live workers did not settle after ${turns} turns`);
  await all;
}

export { ManualTimers };
