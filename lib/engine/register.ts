import { storedError } from '../errors-for-people';
import { GraphError, isGraphError } from '../graph/errors';
import type { PhoneNumber } from '../graph/schemas';
import { choosePin, isValidPin } from '../registration/pin';
import {
  emptyRecord,
  recordInterrupted,
  recordOutcome,
  refusal,
  withoutExpiredWaits,
  WINDOW_MS,
  type AttemptMode,
  type NameStatuses,
} from '../registration/policy';
import type { NumberRegistration, NumberState, PinEntry, StoredError } from '../storage/schemas';
import { problemError, type EngineContext, type RegisterRefusal, type RegisterResult } from './deps';
import type { Gates } from './gates';
import type { Lease } from './lease';
import { beginTyped, settlePin, verdictOf, type PinOrigin, type PinVerdict } from './pin-store';
import { numberName } from './notifications';
import type { Reads } from './reads';
import { recordOwnership } from './verify';

/**
 * The registration decision and call, for one number (POST /{phone-number-id}/register spends one of
 * Meta's 10 calls per 72 h and sets the two-step PIN; it cannot be undone).
 *
 * 1. Cheap checks without writing (unknown or removed number, token, rate limit, policy, a PIN only a
 *    person can give): refusals cost no Graph call.
 * 2. A fresh read of the number: if it is provisioned already (another browser, another tool, Meta
 *    support), nothing is sent.
 * 3. One atomic step (one registrations write, with the PIN write nested in it): token generation,
 *    decision, lease, budget and waits, PIN choice and PIN write. No other register, sweep or wake can
 *    interleave; a second trigger finds the lease and is refused.
 * 4. The token checked again (a token saved meanwhile undoes the claim: nothing is sent), then the call,
 *    with the lease renewed while it runs.
 * 5. One atomic step records the outcome (replacing a restarted worker's `interrupted` guess), settles the
 *    PIN (lib/engine/pin-store.ts) and releases the lease only if it is still this call's.
 */
export const REGISTER_LEASE_MS = 90_000;
const REGISTER_RENEW_MS = 30_000;
/** Automatic register attempts per sweep or wake, so one run never bursts through many numbers. */
export const AUTO_REGISTER_PER_RUN = 10;

export interface Registration {
  register(phoneId: string, opts: { mode: AttemptMode; pin?: string; generation?: number }): Promise<RegisterResult>;
  /** Automatic attempts for numbers that may be tried now (all, or the given ones); returns how many succeeded. */
  autoRegister(generation: number, only?: ReadonlySet<string>): Promise<number>;
  setPin(phoneId: string, pin: string): Promise<void>;
  /** Forgets a number that was removed from its account (its record and PIN too). */
  dismissNumber(phoneId: string): Promise<void>;
  /** A register lease of a worker that is gone becomes an interrupted attempt (never a second call). */
  reclaimLeases(): Promise<void>;
}

export interface RegistrationHooks {
  scheduleNextWake(): Promise<void>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The display-name statuses the retry policy compares (a certificate wait ends when they move). */
export const namesOf = (n: { snapshot?: object } | undefined): NameStatuses => {
  const snapshot = n?.snapshot as { name_status?: unknown; new_name_status?: unknown } | undefined;
  return { name_status: str(snapshot?.name_status), new_name_status: str(snapshot?.new_name_status) };
};

/** Why a stored number is not one to register (undefined: it is): unknown, removed, ownership to verify first, or not stuck. */
export function notToRegister(
  n: Pick<NumberState, 'removedAt' | 'decision'> | undefined,
): 'unknown_number' | 'removed' | 'needs_verification' | 'not_needed' | undefined {
  if (!n) return 'unknown_number';
  if (n.removedAt !== undefined) return 'removed';
  if (n.decision === 'verify_ownership') return 'needs_verification';
  return n.decision === 'register' ? undefined : 'not_needed';
}

/** Register's last answer was 133006 and no verification came after it: Meta wants the ownership verified first. */
export function ownershipRefused(
  reg: Pick<NumberRegistration, 'attempts'> | undefined,
  n: Pick<NumberState, 'ownershipVerified' | 'ownershipAt'>,
): boolean {
  const last = reg?.attempts.at(-1);
  if (last?.outcome !== 'error' || last.code !== 133006) return false;
  return !(n.ownershipVerified === true && (n.ownershipAt ?? Number.NEGATIVE_INFINITY) > last.at);
}

type Claim =
  | { kind: 'refused'; refusal: RegisterRefusal }
  | { kind: 'pin_needed' }
  | { kind: 'claimed'; lease: Lease; pin: string; origin: PinOrigin; names: NameStatuses };

export function createRegistration(ctx: EngineContext, gates: Gates, reads: Reads, hooks: RegistrationHooks): Registration {
  const { stores, leases } = ctx;

  /** A dead worker's expired lease, folded into the record as an interrupted attempt (PIN settled too). */
  async function foldDeadLease(phoneId: string, record: NumberRegistration): Promise<NumberRegistration> {
    const lease = record.inFlight;
    if (!lease || leases.holds(lease, REGISTER_LEASE_MS)) return record;
    if (lease.pinOrigin) {
      await stores.pins.update(
        (pins) =>
          withPin(pins, phoneId, (entry) =>
            entry ? settlePin(entry, { pin: entry.pin, origin: lease.pinOrigin! }, 'undecided', ctx.now()) : entry,
          ),
        { ids: [phoneId] },
      );
    }
    const next = recordInterrupted(record, { at: lease.at, mode: lease.mode, now: ctx.now(), leaseId: lease.id });
    return { ...next, inFlight: undefined, skipped: record.skipped };
  }

  /**
   * A typed PIN written (with the entry it replaced kept aside) by a claim whose lease never got stored:
   * the worker died between the two writes, so no call went out and the replaced entry comes back.
   * Called only inside a registrations write (no claim can be half-way then).
   */
  async function undoOrphanTypedPins(regs: Record<string, NumberRegistration>, only?: string): Promise<void> {
    await stores.pins.update(
      (pins) => {
        let next = pins;
        for (const [id, entry] of Object.entries(pins)) {
          if ((only !== undefined && id !== only) || !entry.previous || regs[id]?.inFlight) continue;
          next = withPin(next, id, () => entry.previous);
        }
        return next;
      },
      only !== undefined ? { ids: [only] } : undefined,
    );
  }

  /** Step 3: everything that decides a call, as one write. */
  async function claim(
    phoneId: string,
    mode: AttemptMode,
    typedPin: string | undefined,
    active: { token: string; generation: number },
  ): Promise<Claim> {
    let result: Claim = { kind: 'refused', refusal: { reason: 'not_needed' } };
    await stores.registrations.update(
      async (regs) => {
        const now = ctx.now();
        const [{ token, status }, number] = await Promise.all([stores.tokenPair.getValue(), stores.numbers.get(phoneId)]);
        if (token !== active.token || status.generation !== active.generation || status.state === 'invalid') {
          result = { kind: 'refused', refusal: { reason: 'no_token' } };
          return regs;
        }
        const notNow = notToRegister(number);
        if (!number || notNow) {
          result = { kind: 'refused', refusal: { reason: notNow ?? 'unknown_number' } };
          return regs;
        }

        const stored = regs[phoneId] ?? { ...emptyRecord() };
        if (leases.holds(stored.inFlight, REGISTER_LEASE_MS)) {
          result = { kind: 'refused', refusal: { reason: 'in_flight' } };
          return regs;
        }
        await undoOrphanTypedPins(regs, phoneId);
        const record = withoutExpiredWaits(await foldDeadLease(phoneId, stored), now);
        const names = namesOf(number);
        // Read with the outcome it follows (one record): a 133006 stands even when the write that marks the
        // number did not happen (the worker stopped in between).
        const refused = ownershipRefused(record, number)
          ? ({ reason: 'needs_verification' } as const)
          : refusal(record, { mode, now, names });
        if (refused) {
          result = { kind: 'refused', refusal: refused };
          return { ...regs, [phoneId]: record };
        }

        let pin: string;
        let origin: PinOrigin;
        const storedPin = await stores.pins.get(phoneId);
        if (typedPin !== undefined && storedPin?.pin === typedPin) {
          // The stored PIN typed again: it is the stored PIN Meta judges, not a new one.
          pin = typedPin;
          origin = 'stored';
        } else if (typedPin !== undefined) {
          pin = typedPin;
          origin = 'typed';
          await stores.pins.update((pins) => withPin(pins, phoneId, (entry) => beginTyped(entry, typedPin, now)), { ids: [phoneId] });
        } else {
          const choice = choosePin(storedPin, number.snapshot?.is_pin_enabled);
          if (choice.kind === 'needed') {
            result = { kind: 'pin_needed' };
            return { ...regs, [phoneId]: { ...record, skipped: 'pin_needed' } };
          }
          if (choice.kind === 'generate') {
            pin = ctx.generatePin();
            origin = 'generated';
            const generated: PinEntry = { pin, source: 'generated', at: now };
            // Stored BEFORE the call: if Meta accepts it, Meta holds this PIN and so must we.
            await stores.pins.update((pins) => ({ ...pins, [phoneId]: generated }), { ids: [phoneId] });
          } else {
            pin = choice.pin;
            origin = 'stored';
          }
        }
        const lease = leases.mint(REGISTER_LEASE_MS);
        result = { kind: 'claimed', lease, pin, origin, names };
        return { ...regs, [phoneId]: { ...record, skipped: undefined, inFlight: { ...lease, mode, pinOrigin: origin } } };
      },
      { ids: [phoneId] },
    );
    return result;
  }

  /**
   * Step 5: the outcome, the PIN and the lease release, as one write. A number the person dismissed
   * meanwhile keeps its attempt (Meta counted it) and a PIN Meta may hold; after "Forget all data" nothing
   * is written back.
   */
  async function settle(
    phoneId: string,
    mode: AttemptMode,
    c: Extract<Claim, { kind: 'claimed' }>,
    error: StoredError | undefined,
    verdict: PinVerdict,
  ): Promise<void> {
    await stores.registrations.update(
      async (regs) => {
        const now = ctx.now();
        const tracked = (await stores.numbers.get(phoneId)) !== undefined;
        if (!tracked && !regs[phoneId]) return regs;
        // A number dismissed while the call was out keeps a PIN Meta accepted (Meta holds it now, and shows
        // it again if the number comes back); one Meta refused goes with the number.
        if (tracked || verdict !== 'refused')
          await stores.pins.update(
            (pins) => withPin(pins, phoneId, (entry) => settlePin(entry, { pin: c.pin, origin: c.origin }, verdict, now)),
            { ids: [phoneId] },
          );
        else await stores.pins.update((pins) => withPin(pins, phoneId, () => undefined), { ids: [phoneId] });
        const current: NumberRegistration = regs[phoneId] ?? emptyRecord();
        const next = recordOutcome(current, { mode, now, random: ctx.random, names: c.names, error, leaseId: c.lease.id });
        const ours = current.inFlight?.id === c.lease.id;
        return { ...regs, [phoneId]: { ...next, inFlight: ours ? undefined : current.inFlight, skipped: undefined } };
      },
      { ids: [phoneId] },
    );
  }

  /** A claim whose call was never sent: its lease goes without an attempt, its PIN write is undone. */
  async function abandon(phoneId: string, c: Extract<Claim, { kind: 'claimed' }>): Promise<void> {
    try {
      await stores.registrations.update(
        async (regs) => {
          const r = regs[phoneId];
          if (r?.inFlight?.id !== c.lease.id) return regs;
          // "refused" settles a PIN as if Meta never took it: a typed one gives way to the entry it replaced,
          // a generated one goes, a stored one stays.
          await stores.pins.update(
            (pins) => withPin(pins, phoneId, (entry) => settlePin(entry, { pin: c.pin, origin: c.origin }, 'refused', ctx.now())),
            { ids: [phoneId] },
          );
          return { ...regs, [phoneId]: { ...r, inFlight: undefined } };
        },
        { ids: [phoneId] },
      );
    } finally {
      leases.end(c.lease.id);
    }
  }

  async function register(phoneId: string, opts: { mode: AttemptMode; pin?: string; generation?: number }): Promise<RegisterResult> {
    const { mode } = opts;
    if (opts.pin !== undefined && !isValidPin(opts.pin)) throw problemError('popupPinInvalid');

    // 1. Checks that need no write and no call.
    const known = await stores.numbers.get(phoneId);
    const notNow = notToRegister(known);
    if (!known || notNow) return { status: 'refused', refusal: { reason: notNow ?? 'unknown_number' } };
    const active = await gates.activePort();
    if ('skipped' in active) return { status: 'refused', refusal: { reason: 'no_token' } };
    const { port, generation, settings } = active;
    if (opts.generation !== undefined && opts.generation !== generation) return { status: 'refused', refusal: { reason: 'no_token' } };
    const limitedUntil = await gates.rateLimitedUntil();
    if (limitedUntil) return { status: 'refused', refusal: { reason: 'rate_limited', until: limitedUntil } };
    const record = await stores.registrations.get(phoneId);
    if (leases.holds(record?.inFlight, REGISTER_LEASE_MS)) return { status: 'refused', refusal: { reason: 'in_flight' } };
    const early = record && !record.inFlight ? refusal(record, { mode, now: ctx.now(), names: namesOf(known) }) : null;
    if (early) return { status: 'refused', refusal: early };
    // No PIN given, none stored, and Meta says one is set: only a person can go on (no read spent on it).
    if (opts.pin === undefined && choosePin(await stores.pins.get(phoneId), known.snapshot?.is_pin_enabled).kind === 'needed') {
      await stores.registrations.update(
        (regs) =>
          regs[phoneId]?.skipped === 'pin_needed'
            ? regs
            : { ...regs, [phoneId]: { ...(regs[phoneId] ?? emptyRecord()), skipped: 'pin_needed' } },
        { ids: [phoneId] },
      );
      return { status: 'pin_needed' };
    }

    // 2. Fresh read right before the call.
    let fresh: PhoneNumber | GraphError | undefined;
    try {
      fresh = (await port.readPhoneNumbers([phoneId])).get(phoneId);
    } catch (e) {
      fresh = isGraphError(e) ? e : undefined;
    }
    if (fresh) await reads.applyPhoneReads(new Map([[phoneId, fresh]]), settings, generation);
    if (!fresh || isGraphError(fresh)) {
      const fatal = isGraphError(fresh) && (fresh.kind === 'auth' || fresh.kind === 'rate_limit');
      if (fatal) await gates.onGraphFailure(fresh, generation);
      // A person asked: the stored state stands when Meta could not be reached (a transient failure).
      // Meta answering with a real error (the number does not exist, no access) stops it; automatic
      // retry always waits for a good read.
      const unreachable = isGraphError(fresh) && fresh.kind === 'transient';
      if (mode === 'auto' || !unreachable) return { status: 'refused', refusal: { reason: 'check_failed' } };
    }

    // 3. The decision, atomically.
    const c = await claim(phoneId, mode, opts.pin, active);
    if (c.kind === 'pin_needed') return { status: 'pin_needed' };
    if (c.kind === 'refused') {
      if (c.refusal.reason === 'not_needed' && fresh && !isGraphError(fresh)) return { status: 'already_registered' };
      return { status: 'refused', refusal: c.refusal };
    }

    // A token saved (or removed) while the claim waited on storage: the claim is undone, nothing is sent.
    // Nothing awaits between this check and the call, so the call goes out with the token stored now.
    const pair = await stores.tokenPair.getValue();
    if (pair.token !== active.token || pair.status.generation !== generation) {
      await abandon(phoneId, c);
      return { status: 'refused', refusal: { reason: 'no_token' } };
    }

    // 4. The call.
    const stopRenewing = leases.keepRenewed(c.lease, REGISTER_LEASE_MS, REGISTER_RENEW_MS, (until) =>
      stores.registrations.update(
        (regs) => {
          const r = regs[phoneId];
          return r?.inFlight?.id === c.lease.id ? { ...regs, [phoneId]: { ...r, inFlight: { ...r.inFlight, until } } } : regs;
        },
        { ids: [phoneId] },
      ),
    );
    let error: GraphError | undefined;
    try {
      await port.register(phoneId, c.pin);
    } catch (e) {
      error = isGraphError(e) ? e : new GraphError({ message: 'The register call failed in an unexpected way.', local: 'network' });
    } finally {
      stopRenewing();
    }

    // 5. The outcome.
    const stored = error ? storedError(error, ctx.now()) : undefined;
    try {
      await settle(phoneId, mode, c, stored, stored ? verdictOf({ error: stored }) : 'accepted');
    } finally {
      leases.end(c.lease.id);
    }
    const current = await gates.isCurrent(generation);
    if (error) {
      // Meta wants the ownership verified first: the number offers that instead of registration.
      if (error.code === 133006) await recordOwnership(stores, phoneId, false, ctx.now());
      await gates.onGraphFailure(error, generation);
      await hooks.scheduleNextWake();
      return { status: 'failed', error: stored! };
    }
    if (current) {
      const snapshot = (await stores.numbers.get(phoneId))?.snapshot ?? known.snapshot;
      const name = numberName({ id: phoneId, snapshot });
      await gates.announce(
        { kind: 'registered', phoneId },
        'registered',
        { key: 'notifyRegisteredTitle', subs: [name] },
        { key: 'notifyRegisteredBody' },
      );
    }
    await hooks.scheduleNextWake();
    return c.origin === 'generated' ? { status: 'registered', generatedPin: c.pin } : { status: 'registered' };
  }

  async function autoRegister(generation: number, only?: ReadonlySet<string>): Promise<number> {
    const now = ctx.now();
    // Candidates from the summaries' `decision` index: the numbers to register, not every number.
    const [numbers, regs] = await Promise.all([stores.summaries.where('decision', 'register'), stores.registrations.getValue()]);
    const candidates = Object.values(numbers).filter(
      (n) =>
        !notToRegister(n) && (!only || only.has(n.id)) && !refusal(regs[n.id] ?? emptyRecord(), { mode: 'auto', now, names: namesOf(n) }),
    );
    let done = 0;
    let tried = 0;
    for (const n of candidates) {
      if (tried >= AUTO_REGISTER_PER_RUN) break;
      if (!(await gates.isCurrent(generation)) || (await gates.rateLimitedUntil())) break;
      if ((await stores.tokenStatus.getValue()).state === 'invalid') break;
      const result = await register(n.id, { mode: 'auto', generation });
      if (result.status === 'registered' || result.status === 'failed') tried++;
      if (result.status === 'registered') done++;
    }
    return done;
  }

  async function setPin(phoneId: string, pin: string): Promise<void> {
    if (!isValidPin(pin)) throw problemError('popupPinInvalid');
    if (!(await stores.numbers.get(phoneId))) throw problemError('errUnknownNumber');
    await stores.pins.update((p) => ({ ...p, [phoneId]: { pin, source: 'user', at: ctx.now() } }), { ids: [phoneId] });
    // A new PIN is a person acting: automatic retry may resume for this number.
    await stores.registrations.update(
      (regs) => {
        const r = regs[phoneId];
        return r ? { ...regs, [phoneId]: { ...r, autoStopped: undefined, skipped: undefined } } : regs;
      },
      { ids: [phoneId] },
    );
  }

  async function dismissNumber(phoneId: string): Promise<void> {
    let dismissed = false;
    await stores.numbers.update(
      (numbers) => {
        const n = numbers[phoneId];
        if (!n || n.removedAt === undefined) return numbers;
        dismissed = true;
        const { [phoneId]: _gone, ...rest } = numbers;
        return rest;
      },
      { ids: [phoneId] },
    );
    if (!dismissed) throw problemError('errDismissNotRemoved');
    await stores.registrations.update(
      (regs) => {
        const r = regs[phoneId];
        if (!r || leases.holds(r.inFlight, REGISTER_LEASE_MS)) return regs;
        // Meta's 10 calls per 72 h follow the number, not our list: the attempts of the window stay
        // (a number dismissed and listed again does not get a fresh budget); everything else goes.
        const now = ctx.now();
        const kept = withoutExpiredWaits(
          { attempts: r.attempts.filter((a) => a.at > now - WINDOW_MS), transientFailures: 0, blockedUntil: r.blockedUntil },
          now,
        );
        const { [phoneId]: _gone, ...rest } = regs;
        return kept.attempts.length || kept.blockedUntil !== undefined ? { ...rest, [phoneId]: kept } : rest;
      },
      { ids: [phoneId] },
    );
    // A register call in flight keeps its PIN: Meta may accept it (settle then decides which PIN stays).
    if (!leases.holds((await stores.registrations.get(phoneId))?.inFlight, REGISTER_LEASE_MS))
      await stores.pins.update((pins) => withPin(pins, phoneId, () => undefined), { ids: [phoneId] });
  }

  async function reclaimLeases(): Promise<void> {
    await stores.registrations.update(async (regs) => {
      const now = ctx.now();
      await undoOrphanTypedPins(regs);
      let changed = false;
      const next = { ...regs };
      for (const [id, r] of Object.entries(regs)) {
        const folded = withoutExpiredWaits(await foldDeadLease(id, r), now);
        if (JSON.stringify(folded) !== JSON.stringify(r)) {
          next[id] = folded;
          changed = true;
        }
      }
      return changed ? next : regs;
    });
  }

  return { register, autoRegister, setPin, dismissNumber, reclaimLeases };
}

/** The PIN map with one entry replaced (or removed when `fn` returns undefined). */
function withPin(
  pins: Record<string, PinEntry>,
  phoneId: string,
  fn: (entry: PinEntry | undefined) => PinEntry | undefined,
): Record<string, PinEntry> {
  const current = pins[phoneId];
  const next = fn(current);
  if (next === current) return pins;
  if (next === undefined) {
    const { [phoneId]: _gone, ...rest } = pins;
    return rest;
  }
  return { ...pins, [phoneId]: next };
}
