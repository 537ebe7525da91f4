import { isGraphError, type GraphError } from '../graph/errors';
import type { PhoneNumber } from '../graph/schemas';
import type { GraphUsage } from '../graph/usage';
import { storedError, toErrorInfo } from '../errors-for-people';
import { choosePin, isValidPin } from '../registration/pin';
import { emptyRecord, recordInterrupted, recordOutcome, refusal, type AttemptMode, type Refusal } from '../registration/policy';
import type { Stores } from '../storage/items';
import type { NumberRegistration, NumberState, Settings, StoredError, TokenStatus } from '../storage/schemas';
import { whatsappManagerUrl } from '../whatsapp-manager-url';
import { discoverWabas } from './discovery';
import type { GraphPort, GraphPortFactory } from './graph-port';
import { applyRead, applyReadError } from './number-update';
import { badgeFor, notificationId, type BadgeSpec, type NotificationTarget } from './notifications';
import { expiresSoon, tokenStatusFromDebug } from './token-status';

/** How long a register lock holds without news (the call itself times out after 20 s). */
export const REGISTER_LOCK_MS = 90_000;
/** How long a sweep lock holds without news. */
export const SWEEP_LOCK_MS = 5 * 60_000;
/** Discovery is repeated at most this often by sweeps (or on demand, e.g. a new token). */
export const DISCOVERY_MAX_AGE_MS = 6 * 60 * 60_000;
/** Above this usage percentage, scheduled sweeps are spaced out. */
export const USAGE_SLOW_DOWN_PERCENT = 75;
/** Automatic register attempts per sweep, so one sweep never bursts through many numbers at once. */
export const AUTO_REGISTER_PER_SWEEP = 10;

export interface Notice {
  target: NotificationTarget;
  title: string;
  message: string;
}

export interface EngineDeps {
  stores: Stores;
  graph: GraphPortFactory;
  now: () => number;
  random: () => number;
  generatePin: () => string;
  /** Shows a system notification (id built from the target). */
  notify: (id: string, notice: Notice) => Promise<void>;
  setBadge: (badge: BadgeSpec) => Promise<void>;
  /** Asks to be woken at `when` (a one-shot alarm); the engine then runs `wake()`. */
  scheduleWake: (when: number) => Promise<void>;
  /** Identifies this worker instance in locks. */
  instanceId: string;
}

export type RegisterResult =
  | { status: 'registered'; generatedPin?: string }
  | { status: 'failed'; error: StoredError }
  | { status: 'pin_needed' }
  | { status: 'refused'; refusal: Refusal | { reason: 'in_flight' | 'not_needed' | 'no_token' | 'unknown_number' } | { reason: 'rate_limited'; until: number } };

export type SweepResult =
  | { status: 'done'; calls: number; numbers: number; registered: number }
  | { status: 'skipped'; reason: 'no_token' | 'token_invalid' | 'running' | 'rate_limited' | 'slowed_down' };

/** Thrown for requests a person can fix (bad input, Meta refusing a token). */
export class EngineUserError extends Error {
  readonly error: StoredError;
  constructor(error: StoredError) {
    super(error.message);
    this.name = 'EngineUserError';
    this.error = error;
  }
}

export function createEngine(deps: EngineDeps) {
  const { stores } = deps;

  // ------------------------------------------------------------------ token and global gates

  async function activePort(): Promise<{ port: GraphPort; settings: Settings; status: TokenStatus } | { skipped: 'no_token' | 'token_invalid' }> {
    const [token, status, settings] = await Promise.all([stores.token.getValue(), stores.tokenStatus.getValue(), stores.settings.getValue()]);
    if (!token) return { skipped: 'no_token' };
    if (status.state === 'invalid') return { skipped: 'token_invalid' };
    return { port: deps.graph({ token, version: settings.graphVersion, onUsage: recordUsage }), settings, status };
  }

  function recordUsage(usage: GraphUsage): void {
    void stores.engine.update((e) => ({
      ...e,
      usagePercent: usage.maxPercent,
      slowDownUntil: usage.maxPercent > USAGE_SLOW_DOWN_PERCENT ? deps.now() + 60 * 60_000 : e.slowDownUntil,
    }));
  }

  /** 190 anywhere stops all calls; rate limits stop calls until Meta's regain time. */
  async function onGraphFailure(error: unknown): Promise<void> {
    if (!isGraphError(error)) return;
    if (error.kind === 'auth') await markTokenInvalid(error);
    if (error.kind === 'rate_limit') {
      const until = deps.now() + (error.retryAfterMs ?? 60_000);
      await stores.engine.update((e) => ({ ...e, rateLimitedUntil: Math.max(e.rateLimitedUntil ?? 0, until) }));
      await deps.scheduleWake(until);
    }
  }

  async function markTokenInvalid(error: GraphError): Promise<void> {
    let changed = false;
    await stores.tokenStatus.update((s) => {
      changed = s.state !== 'invalid';
      return { ...s, state: 'invalid', error: storedError(error, deps.now()), checkedAt: deps.now() };
    });
    if (changed) {
      await announce({ kind: 'token', reason: 'invalid' }, 'token', 'WhatsApp token no longer valid', `${toErrorInfo(storedError(error, deps.now())).message}. Save a new token in WABA Health settings.`);
    }
  }

  async function rateLimited(): Promise<number | undefined> {
    const { rateLimitedUntil } = await stores.engine.getValue();
    return rateLimitedUntil !== undefined && rateLimitedUntil > deps.now() ? rateLimitedUntil : undefined;
  }

  async function announce(target: NotificationTarget, category: keyof Settings['notify'], title: string, message: string): Promise<void> {
    const settings = await stores.settings.getValue();
    if (!settings.notify[category]) return;
    await deps.notify(notificationId(target, deps.now()), { target, title, message });
  }

  // ------------------------------------------------------------------ token onboarding

  /** Validates a token with debug_token; stores it only if Meta accepts it. Then discovery. */
  async function saveToken(token: string): Promise<TokenStatus> {
    const settings = await stores.settings.getValue();
    const port = deps.graph({ token, version: settings.graphVersion, onUsage: recordUsage });
    let debug;
    try {
      debug = await port.debugToken();
    } catch (e) {
      throw new EngineUserError(storedError(e, deps.now()));
    }
    if (debug.is_valid === false) {
      throw new EngineUserError({
        kind: 'auth',
        code: debug.error?.code ?? 190,
        subcode: debug.error?.subcode ?? undefined,
        message: debug.error?.message ?? 'Meta says this token is not valid.',
        at: deps.now(),
      });
    }
    const previous = await stores.tokenStatus.getValue();
    const status = tokenStatusFromDebug(debug, { now: deps.now(), generation: previous.generation + 1 });
    await stores.token.setValue(token);
    await stores.tokenStatus.setValue(status);
    await stores.engine.update((e) => ({ ...e, sweep: { ...e.sweep, running: undefined } }));
    if (expiresSoon(status, deps.now())) await announceExpiry(status);
    await discover({ port, debug });
    return status;
  }

  async function announceExpiry(status: TokenStatus): Promise<void> {
    const days = Math.max(0, Math.round(((status.expiresAt ?? 0) - deps.now()) / 86_400_000));
    await announce({ kind: 'token', reason: 'expiring' }, 'token', 'WhatsApp token expires soon', `Your Graph API token expires in ${days} day(s). Save a new one in WABA Health settings to keep watching your numbers.`);
  }

  async function removeToken(): Promise<void> {
    await stores.token.setValue(null);
    await stores.tokenStatus.update((s) => ({ state: 'none', scopes: [], missingScopes: [], generation: s.generation }));
  }

  // ------------------------------------------------------------------ discovery

  async function discover(given?: { port: GraphPort; debug?: Awaited<ReturnType<GraphPort['debugToken']>> }): Promise<void> {
    let port = given?.port;
    if (!port) {
      const active = await activePort();
      if ('skipped' in active) return;
      port = active.port;
    }
    const settings = await stores.settings.getValue();
    let debug = given?.debug;
    try {
      if (!debug) debug = await port.debugToken();
      const found = await discoverWabas(port, { debug, manualIds: settings.manualWabaIds, now: deps.now() });
      await stores.accounts.update((accounts) => {
        const wabas = { ...accounts.wabas };
        for (const [id, w] of found.wabas) {
          const prev = wabas[id];
          wabas[id] = {
            ...w,
            ...(prev ? { phoneIds: prev.phoneIds, lastReadAt: prev.lastReadAt, lastError: prev.lastError } : {}),
            name: w.name ?? prev?.name,
            businessId: prev?.businessId ?? w.businessId,
            businessName: prev?.businessName ?? w.businessName,
          };
        }
        return { wabas, discoveredAt: deps.now(), discoveryErrors: found.errors };
      });
    } catch (e) {
      await onGraphFailure(e);
      await stores.accounts.update((a) => ({ ...a, discoveryErrors: [{ ...storedError(e, deps.now()), source: 'discovery' }] }));
    }
  }

  async function addWaba(wabaId: string): Promise<void> {
    if (!/^\d{1,25}$/.test(wabaId)) {
      throw new EngineUserError({ kind: 'user_action', message: 'A WhatsApp Business Account ID has digits only (e.g. 102290129340398).', at: deps.now() });
    }
    const active = await activePort();
    if ('skipped' in active) throw new EngineUserError({ kind: 'auth', message: 'Save a valid access token first.', at: deps.now() });
    const reads = await active.port.readWabas([wabaId]).catch(async (e) => {
      await onGraphFailure(e);
      throw new EngineUserError(storedError(e, deps.now()));
    });
    const read = reads.get(wabaId);
    if (!read || isGraphError(read)) {
      throw new EngineUserError(read ? storedError(read, deps.now()) : { kind: 'user_action', message: 'Meta returned nothing for this id.', at: deps.now() });
    }
    await stores.settings.update((s) => ({ ...s, manualWabaIds: [...new Set([...s.manualWabaIds, wabaId])] }));
    await stores.accounts.update((a) => {
      const prev = a.wabas[wabaId];
      return {
        ...a,
        wabas: { ...a.wabas, [wabaId]: { id: wabaId, phoneIds: prev?.phoneIds ?? [], ...prev, sources: [...new Set([...(prev?.sources ?? []), 'manual'])] } },
      };
    });
    await applyWabaReads(new Map([[wabaId, read]]), await stores.settings.getValue());
  }

  // ------------------------------------------------------------------ sweeps

  async function acquireSweepLock(): Promise<string | undefined> {
    const id = `${deps.instanceId}:${deps.now()}`;
    let acquired = false;
    await stores.engine.update((e) => {
      const running = e.sweep.running;
      if (running && running.until > deps.now()) return e;
      acquired = true;
      return { ...e, sweep: { ...e.sweep, running: { id, startedAt: deps.now(), until: deps.now() + SWEEP_LOCK_MS }, lastStartedAt: deps.now() } };
    });
    return acquired ? id : undefined;
  }

  async function releaseSweepLock(id: string, result: { calls: number; error?: StoredError }): Promise<void> {
    await stores.engine.update((e) => ({
      ...e,
      sweep: {
        ...e.sweep,
        running: e.sweep.running?.id === id ? undefined : e.sweep.running,
        lastFinishedAt: deps.now(),
        lastCalls: result.calls,
        lastError: result.error,
        progress: undefined,
      },
    }));
  }

  /** Reads every tracked number's health, updates state, then runs automatic registration. */
  async function sweep(opts: { reason: 'alarm' | 'manual' | 'token' | 'wake' }): Promise<SweepResult> {
    const active = await activePort();
    if ('skipped' in active) return { status: 'skipped', reason: active.skipped };
    if (await rateLimited()) return { status: 'skipped', reason: 'rate_limited' };
    if (opts.reason === 'alarm') {
      const e = await stores.engine.getValue();
      const spacing = active.settings.intervalMinutes * 60_000;
      if (e.slowDownUntil && e.slowDownUntil > deps.now() && e.sweep.lastFinishedAt && deps.now() - e.sweep.lastFinishedAt < 2 * spacing) {
        return { status: 'skipped', reason: 'slowed_down' };
      }
    }
    const lock = await acquireSweepLock();
    if (!lock) return { status: 'skipped', reason: 'running' };
    const { port, settings } = active;
    let error: StoredError | undefined;
    let numbers = 0;
    let registered = 0;
    try {
      const accounts = await stores.accounts.getValue();
      if (!accounts.discoveredAt || deps.now() - accounts.discoveredAt > DISCOVERY_MAX_AGE_MS) await discover({ port });
      const wabaIds = Object.keys((await stores.accounts.getValue()).wabas);
      await stores.engine.update((e) => ({ ...e, sweep: { ...e.sweep, progress: { done: 0, total: wabaIds.length } } }));
      if (wabaIds.length) {
        let reads: Awaited<ReturnType<GraphPort['readWabas']>>;
        try {
          reads = await port.readWabas(wabaIds);
        } catch (e) {
          if (!isGraphError(e)) throw e;
          // The whole call failed: every number keeps its last snapshot, marked stale with this error.
          reads = new Map(wabaIds.map((id) => [id, e]));
        }
        numbers = await applyWabaReads(reads, settings);
        const failure = [...reads.values()].find(isGraphError);
        if (failure && numbers === 0) throw failure;
      }
      await stores.engine.update((e) => ({ ...e, sweep: { ...e.sweep, progress: { done: wabaIds.length, total: wabaIds.length } } }));
      if (settings.autoRetry && !(await rateLimited())) registered = await autoRegister();
    } catch (e) {
      error = storedError(e, deps.now());
      await onGraphFailure(e);
    } finally {
      await releaseSweepLock(lock, { calls: port.httpCalls(), error });
      await refreshBadge();
      await scheduleNextWake();
    }
    return { status: 'done', calls: port.httpCalls(), numbers, registered };
  }

  /**
   * Stores successful reads (classification, decision, history) and read failures (last snapshot kept,
   * marked stale) in one write, then announces numbers that entered stuck/blocked.
   */
  async function applyNumberReads(
    reads: ReadonlyArray<{ wabaId: string; phone: PhoneNumber }>,
    failureOf: (number: NumberState) => StoredError | undefined,
    settings: Settings,
  ): Promise<void> {
    const now = deps.now();
    const notices: NumberState[] = [];
    await stores.numbers.update((current) => {
      const next = { ...current };
      for (const { wabaId, phone } of reads) {
        const update = applyRead(next[phone.id], phone as PhoneNumber & { id: string }, { wabaId, now, settings });
        next[phone.id] = update.next;
        if (update.notify) notices.push(update.next);
      }
      for (const n of Object.values(next)) {
        const failure = failureOf(n);
        if (failure) next[n.id] = applyReadError(n, failure);
      }
      return next;
    });
    for (const number of notices) await announceState(number);
  }

  /** The first error that stops calls altogether (a dead token or a rate limit), if any. */
  const fatalOf = (errors: Iterable<unknown>): GraphError | undefined =>
    [...errors].find((e): e is GraphError => isGraphError(e) && (e.kind === 'auth' || e.kind === 'rate_limit'));

  /** Applies per-WABA read results to numbers and accounts; returns how many numbers were read. */
  async function applyWabaReads(reads: Awaited<ReturnType<GraphPort['readWabas']>>, settings: Settings): Promise<number> {
    const now = deps.now();
    const phones: Array<{ wabaId: string; phone: PhoneNumber }> = [];
    const wabaErrors = new Map<string, StoredError>();
    for (const [wabaId, read] of reads) {
      if (isGraphError(read)) wabaErrors.set(wabaId, storedError(read, now));
      else for (const phone of read.phoneNumbers) phones.push({ wabaId, phone });
    }
    await applyNumberReads(phones, (n) => wabaErrors.get(n.wabaId), settings);
    await stores.accounts.update((accounts) => {
      const wabas = { ...accounts.wabas };
      for (const [wabaId, read] of reads) {
        const prev = wabas[wabaId] ?? { id: wabaId, sources: [], phoneIds: [] };
        if (isGraphError(read)) {
          wabas[wabaId] = { ...prev, lastError: wabaErrors.get(wabaId) };
        } else {
          const owner = read.waba.owner_business_info;
          wabas[wabaId] = {
            ...prev,
            name: read.waba.name ?? prev.name,
            businessId: owner?.id ?? prev.businessId,
            businessName: owner?.name ?? prev.businessName,
            phoneIds: read.phoneNumbers.map((p) => p.id),
            lastReadAt: now,
            lastError: undefined,
          };
        }
      }
      return { ...accounts, wabas };
    });
    const fatal = fatalOf(reads.values());
    if (fatal) await onGraphFailure(fatal);
    return phones.length;
  }

  async function announceState(number: NumberState): Promise<void> {
    const name = String(number.snapshot?.verified_name ?? number.snapshot?.display_phone_number ?? number.id);
    const display = String(number.snapshot?.display_phone_number ?? '');
    const what = number.health === 'blocked' ? 'is blocked' : 'is stuck: registration is incomplete';
    const category = number.health === 'blocked' ? 'blocked' : 'stuck';
    await announce({ kind: 'state', health: number.health, phoneId: number.id }, category, `${name} ${what}`, `${display} ${number.health === 'stuck' ? 'WABA Health will try to complete the registration.' : 'Open WhatsApp Manager to see why.'}`.trim());
  }

  /** Re-reads specific numbers (after a register, the number provisions with some lag). */
  async function recheck(phoneIds: string[]): Promise<void> {
    if (!phoneIds.length) return;
    const active = await activePort();
    if ('skipped' in active || (await rateLimited())) return;
    const numbers = await stores.numbers.getValue();
    try {
      const reads = await active.port.readPhoneNumbers(phoneIds);
      const phones: Array<{ wabaId: string; phone: PhoneNumber }> = [];
      const errors = new Map<string, StoredError>();
      for (const [id, read] of reads) {
        const wabaId = numbers[id]?.wabaId;
        if (!wabaId) continue;
        if (isGraphError(read)) errors.set(id, storedError(read, deps.now()));
        else phones.push({ wabaId, phone: read });
      }
      await applyNumberReads(phones, (n) => errors.get(n.id), active.settings);
      const fatal = fatalOf(reads.values());
      if (fatal) await onGraphFailure(fatal);
      // The one-minute re-read is done; later sweeps keep reading the number until it is provisioned.
      await stores.registrations.update((regs) => {
        const next = { ...regs };
        for (const id of phoneIds) {
          const r = next[id];
          if (r?.recheckAt !== undefined) next[id] = { ...r, recheckAt: undefined };
        }
        return next;
      });
    } catch (e) {
      await onGraphFailure(e);
    }
    await refreshBadge();
  }

  // ------------------------------------------------------------------ registration

  async function acquireRegisterLock(phoneId: string, mode: AttemptMode): Promise<boolean> {
    let acquired = false;
    await stores.registrations.update((regs) => {
      const record = regs[phoneId] ?? { ...emptyRecord() };
      if (record.inFlight && record.inFlight.until > deps.now()) return regs;
      acquired = true;
      return { ...regs, [phoneId]: { ...record, inFlight: { at: deps.now(), until: deps.now() + REGISTER_LOCK_MS, mode, owner: deps.instanceId } } };
    });
    return acquired;
  }

  /**
   * Registers one number: checks the decision, the budget and waits, chooses the PIN (storing a generated
   * one BEFORE the call), holds a lock in storage during the call, records the attempt.
   */
  async function register(phoneId: string, opts: { mode: AttemptMode; pin?: string }): Promise<RegisterResult> {
    const { mode } = opts;
    if (opts.pin !== undefined && !isValidPin(opts.pin)) {
      throw new EngineUserError({ kind: 'user_action', message: 'The two-step verification PIN is exactly 6 digits.', at: deps.now() });
    }
    const number = (await stores.numbers.getValue())[phoneId];
    if (!number) return { status: 'refused', refusal: { reason: 'unknown_number' } };
    if (number.decision !== 'register') return { status: 'refused', refusal: { reason: 'not_needed' } };
    const active = await activePort();
    if ('skipped' in active) return { status: 'refused', refusal: { reason: 'no_token' } };
    const limitedUntil = await rateLimited();
    if (limitedUntil) return { status: 'refused', refusal: { reason: 'rate_limited', until: limitedUntil } };

    const snapshot = number.snapshot ?? { id: phoneId };
    const names = { name_status: str(snapshot.name_status), new_name_status: str(snapshot.new_name_status) };
    const record: NumberRegistration = (await stores.registrations.getValue())[phoneId] ?? emptyRecord();
    if (record.inFlight && record.inFlight.until > deps.now()) return { status: 'refused', refusal: { reason: 'in_flight' } };
    const refused = refusal(record, { mode, now: deps.now(), names });
    if (refused) return { status: 'refused', refusal: refused };

    // The PIN: given now (manual) > stored for the number > generated when Meta says none is set > ask.
    let pin: string;
    let generatedPin: string | undefined;
    if (opts.pin) {
      pin = opts.pin;
      await stores.pins.update((p) => ({ ...p, [phoneId]: { pin, source: 'user', at: deps.now() } }));
    } else {
      const choice = choosePin((await stores.pins.getValue())[phoneId], snapshot.is_pin_enabled);
      if (choice.kind === 'needed') {
        await stores.registrations.update((regs) => ({ ...regs, [phoneId]: { ...(regs[phoneId] ?? emptyRecord()), skipped: 'pin_needed' } }));
        return { status: 'pin_needed' };
      }
      if (choice.kind === 'generate') {
        generatedPin = deps.generatePin();
        pin = generatedPin;
        // Stored BEFORE the call: if the call succeeds, Meta holds this PIN and so must we.
        await stores.pins.update((p) => ({ ...p, [phoneId]: { pin, source: 'generated', at: deps.now() } }));
      } else {
        pin = choice.pin;
      }
    }

    if (!(await acquireRegisterLock(phoneId, mode))) return { status: 'refused', refusal: { reason: 'in_flight' } };
    let error: GraphError | undefined;
    try {
      await active.port.register(phoneId, pin);
    } catch (e) {
      if (!isGraphError(e)) {
        await stores.registrations.update((regs) => ({ ...regs, [phoneId]: { ...(regs[phoneId] ?? emptyRecord()), inFlight: undefined } }));
        throw e;
      }
      error = e;
    }
    const stored = error ? storedError(error, deps.now()) : undefined;
    await stores.registrations.update((regs) => {
      const current: NumberRegistration = regs[phoneId] ?? emptyRecord();
      const next = recordOutcome(current, { mode, now: deps.now(), random: deps.random, names, error: stored && { ...stored, kind: stored.kind } });
      return { ...regs, [phoneId]: { ...next, inFlight: undefined, skipped: undefined } };
    });
    if (error) {
      await onGraphFailure(error);
      await scheduleNextWake();
      return { status: 'failed', error: stored! };
    }
    const name = String(snapshot.verified_name ?? snapshot.display_phone_number ?? phoneId);
    await announce({ kind: 'registered', phoneId }, 'registered', `${name} registered`, 'Meta accepted the registration. WABA Health checks the number again in a minute while Meta provisions it.');
    await scheduleNextWake();
    return generatedPin ? { status: 'registered', generatedPin } : { status: 'registered' };
  }

  async function autoRegister(): Promise<number> {
    const numbers = Object.values(await stores.numbers.getValue()).filter((n) => n.decision === 'register');
    let done = 0;
    let tried = 0;
    for (const n of numbers) {
      if (tried >= AUTO_REGISTER_PER_SWEEP) break;
      if ((await stores.tokenStatus.getValue()).state === 'invalid' || (await rateLimited())) break;
      const result = await register(n.id, { mode: 'auto' });
      if (result.status === 'registered' || result.status === 'failed') tried++;
      if (result.status === 'registered') done++;
    }
    return done;
  }

  async function setPin(phoneId: string, pin: string): Promise<void> {
    if (!isValidPin(pin)) throw new EngineUserError({ kind: 'user_action', message: 'The two-step verification PIN is exactly 6 digits.', at: deps.now() });
    if (!(await stores.numbers.getValue())[phoneId]) {
      throw new EngineUserError({ kind: 'user_action', message: `No tracked number has the id ${phoneId}.`, at: deps.now() });
    }
    await stores.pins.update((p) => ({ ...p, [phoneId]: { pin, source: 'user', at: deps.now() } }));
    // A new PIN is a person acting: automatic retry may resume for this number.
    await stores.registrations.update((regs) => {
      const r = regs[phoneId];
      return r ? { ...regs, [phoneId]: { ...r, autoStopped: undefined, skipped: undefined } } : regs;
    });
  }

  // ------------------------------------------------------------------ lifecycle

  /** After a worker restart: expired register locks become interrupted attempts (never a second call). */
  async function recover(): Promise<void> {
    const now = deps.now();
    await stores.registrations.update((regs) => {
      let changed = false;
      const next = { ...regs };
      for (const [id, r] of Object.entries(regs)) {
        if (r.inFlight && r.inFlight.until <= now) {
          next[id] = { ...recordInterrupted(r, { at: r.inFlight.at, mode: r.inFlight.mode, now }), inFlight: undefined, skipped: r.skipped };
          changed = true;
        }
      }
      return changed ? next : regs;
    });
    await refreshBadge();
    await scheduleNextWake();
  }

  /** A one-shot wake-up: recover locks, re-read numbers due, then sweep if something waits on time. */
  async function wake(): Promise<void> {
    await recover();
    const regs = await stores.registrations.getValue();
    const due = Object.entries(regs).filter(([, r]) => r.recheckAt !== undefined && r.recheckAt <= deps.now()).map(([id]) => id);
    await recheck(due);
    await sweep({ reason: 'wake' });
  }

  async function scheduleNextWake(): Promise<void> {
    const now = deps.now();
    const regs = await stores.registrations.getValue();
    const engine = await stores.engine.getValue();
    const candidates: number[] = [];
    for (const r of Object.values(regs)) {
      if (r.recheckAt) candidates.push(r.recheckAt);
      if (r.inFlight) candidates.push(r.inFlight.until);
      if (r.autoNotBefore) candidates.push(r.autoNotBefore);
      if (r.notBefore) candidates.push(r.notBefore);
      if (r.blockedUntil) candidates.push(r.blockedUntil);
      if (r.certificateWait) candidates.push(r.certificateWait.at + 12 * 60 * 60_000);
    }
    if (engine.rateLimitedUntil) candidates.push(engine.rateLimitedUntil);
    const next = candidates.filter((t) => t > now).sort((a, b) => a - b)[0];
    const soon = candidates.some((t) => t <= now) ? now + 1_000 : undefined;
    const when = soon ?? next;
    if (when !== undefined) await deps.scheduleWake(when);
  }

  async function refreshBadge(): Promise<void> {
    const numbers = await stores.numbers.getValue();
    await deps.setBadge(badgeFor(Object.values(numbers).map((n) => n.health)));
  }

  /** Where a notification click goes: the number's page in WhatsApp Manager (or settings for the token). */
  async function notificationUrl(target: NotificationTarget): Promise<string | undefined> {
    if (target.kind === 'token') return undefined;
    const number = (await stores.numbers.getValue())[target.phoneId];
    if (!number) return whatsappManagerUrl({});
    const waba = (await stores.accounts.getValue()).wabas[number.wabaId];
    return whatsappManagerUrl({ businessId: waba?.businessId, wabaId: number.wabaId });
  }

  return { saveToken, removeToken, discover, addWaba, sweep, recheck, register, setPin, recover, wake, refreshBadge, notificationUrl, scheduleNextWake };
}

export type Engine = ReturnType<typeof createEngine>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
