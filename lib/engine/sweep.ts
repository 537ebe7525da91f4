import { storedError } from '../errors-for-people';
import { isGraphError } from '../graph/errors';
import type { Settings, StoredError } from '../storage/schemas';
import type { AccountsOps } from './accounts';
import type { EngineContext, SweepResult } from './deps';
import { USAGE_SLOW_DOWN_PERCENT, type Gates } from './gates';
import type { GraphPort } from './graph-port';
import { fatalOf, storedProblems, type Reads, type SweepNotices } from './reads';
import type { Registration } from './register';

/**
 * Sweeps: read every tracked WABA with its numbers, store the results, then try automatic registration.
 * One sweep at a time (a lease in the engine state, renewed while the sweep runs), skipped while Meta
 * rate-limits us, and spaced out when usage is high unless a person asked.
 */
export const SWEEP_LEASE_MS = 5 * 60_000;
const SWEEP_RENEW_MS = 60_000;
/** Discovery is repeated at most this often by sweeps (or on demand, e.g. a new token). */
export const DISCOVERY_MAX_AGE_MS = 6 * 60 * 60_000;
/** WABAs read per HTTP call (Graph's batch limit: 50 sub-requests). */
export const WABAS_PER_CALL = 50;
/** Batch calls of one sweep in flight at once. */
export const SWEEP_CONCURRENCY = 4;
/** Usage (percent of Meta's allowance) at which a sweep stops reading. */
export const USAGE_STOP_PERCENT = 100;

export type SweepReason = 'alarm' | 'manual' | 'token' | 'wake';

export interface Sweeps {
  sweep(opts: { reason: SweepReason }): Promise<SweepResult>;
  /** Re-reads specific numbers (after a register, the number provisions with some lag). */
  recheck(phoneIds: string[]): Promise<void>;
}

export interface SweepHooks {
  refreshBadge(): Promise<void>;
  scheduleNextWake(): Promise<void>;
}

export function createSweeps(
  ctx: EngineContext,
  gates: Gates,
  reads: Reads,
  accounts: AccountsOps,
  registration: Registration,
  hooks: SweepHooks,
): Sweeps {
  const { stores, leases } = ctx;

  async function clearDueRechecks(phoneIds: Iterable<string>): Promise<void> {
    const ids = new Set(phoneIds);
    const now = ctx.now();
    await stores.registrations.update(
      (regs) => {
        let changed = false;
        const next = { ...regs };
        for (const id of ids) {
          const r = next[id];
          if (r?.recheckAt !== undefined && r.recheckAt <= now) {
            next[id] = { ...r, recheckAt: undefined };
            changed = true;
          }
        }
        return changed ? next : regs;
      },
      { ids },
    );
  }

  async function sweep(opts: { reason: SweepReason }): Promise<SweepResult> {
    const active = await gates.activePort();
    if ('skipped' in active) return { status: 'skipped', reason: active.skipped };
    if (await gates.rateLimitedUntil()) return { status: 'skipped', reason: 'rate_limited' };
    if ((opts.reason === 'alarm' || opts.reason === 'wake') && (await gates.slowedDown(active.settings)))
      return { status: 'skipped', reason: 'slowed_down' };
    const { port, settings, generation } = active;

    let lease: ReturnType<typeof leases.mint> | undefined;
    await stores.engine.update((e) => {
      if (leases.holds(e.sweep.running, SWEEP_LEASE_MS)) return e;
      lease = leases.mint(SWEEP_LEASE_MS);
      return { ...e, sweep: { ...e.sweep, running: { id: lease.id, startedAt: lease.at, until: lease.until }, lastStartedAt: lease.at } };
    });
    if (!lease) return { status: 'skipped', reason: 'running' };
    const held = lease;
    const stopRenewing = leases.keepRenewed(held, SWEEP_LEASE_MS, SWEEP_RENEW_MS, (until) =>
      stores.engine.update((e) =>
        e.sweep.running?.id === held.id ? { ...e, sweep: { ...e.sweep, running: { ...e.sweep.running, until } } } : e,
      ),
    );

    let error: StoredError | undefined;
    let numbers = 0;
    let registered = 0;
    try {
      const known = await stores.accounts.getValue();
      if (!known.discoveredAt || ctx.now() - known.discoveredAt > DISCOVERY_MAX_AGE_MS || known.discoveredAt > ctx.now())
        await accounts.discover({ port, generation });
      const tracked = await stores.accounts.getValue();
      const wabaIds = Object.values(tracked.wabas)
        .filter((w) => w.removedAt === undefined)
        .map((w) => w.id);
      await setProgress(held.id, 0, wabaIds.length);
      // Every batch is stored as it arrives; what entered stuck or blocked is announced once, at the end
      // (a problem above the numbers as soon as it is stored, once for the sweep).
      const notices: SweepNotices = { at: ctx.now(), numbers: [], problems: { known: storedProblems(tracked), announced: new Set() } };
      const read = await readInBatches(held.id, port, wabaIds, settings, generation, notices);
      await reads.announce(notices, generation);
      numbers = read.numbers;
      if (read.failure && numbers === 0) throw read.failure;
      if (settings.autoRetry && !(await gates.rateLimitedUntil())) registered = await registration.autoRegister(generation);
    } catch (e) {
      error = storedError(e, ctx.now());
      await gates.onGraphFailure(e, generation);
    } finally {
      stopRenewing();
      leases.end(held.id);
      await gates.flushUsage();
      // A sweep of an older generation only releases its own lease (after "Forget all data" it writes nothing).
      const current = await gates.isCurrent(generation);
      await stores.engine.update((e) => {
        const ours = e.sweep.running?.id === held.id;
        if (!current) return ours ? { ...e, sweep: { ...e.sweep, running: undefined, progress: undefined } } : e;
        return {
          ...e,
          sweep: {
            ...e.sweep,
            running: ours ? undefined : e.sweep.running,
            lastFinishedAt: ctx.now(),
            lastCalls: port.httpCalls(),
            lastError: error,
            progress: ours ? undefined : e.sweep.progress,
          },
        };
      });
      await hooks.refreshBadge();
      await hooks.scheduleNextWake();
    }
    return { status: 'done', calls: port.httpCalls(), numbers, registered };
  }

  /** Progress of the sweep holding `leaseId` (nothing is written once its lease is gone, e.g. after a clear). */
  async function setProgress(leaseId: string, done: number, total: number): Promise<void> {
    await stores.engine.update((e) => (e.sweep.running?.id === leaseId ? { ...e, sweep: { ...e.sweep, progress: { done, total } } } : e));
  }

  /**
   * Reads WABAs WABAS_PER_CALL at a time (one batch call each), at most SWEEP_CONCURRENCY calls in flight,
   * storing each batch's results as they arrive (a worker that dies mid-sweep keeps what it read). Past
   * USAGE_SLOW_DOWN_PERCENT only one call stays in flight; a dead token, a rate limit or usage at the
   * limit stops the sweep.
   */
  async function readInBatches(
    leaseId: string,
    port: GraphPort,
    wabaIds: string[],
    settings: Settings,
    generation: number,
    notices: SweepNotices,
  ): Promise<{ numbers: number; failure?: unknown }> {
    const batches: string[][] = [];
    for (let i = 0; i < wabaIds.length; i += WABAS_PER_CALL) batches.push(wabaIds.slice(i, i + WABAS_PER_CALL));
    let next = 0;
    let done = 0;
    let numbers = 0;
    let failure: unknown;
    let stopped = false;
    let slow = false;
    const inFlight = new Set<Promise<unknown>>();
    const lane = async (index: number): Promise<void> => {
      while (!stopped && next < batches.length) {
        if (slow) {
          // Past the slow-down threshold one lane goes on alone, once the others' calls are over.
          if (index > 0) return;
          await Promise.allSettled([...inFlight]);
          if (stopped || next >= batches.length) return;
        }
        const ids = batches[next++]!;
        let results: Awaited<ReturnType<GraphPort['readWabas']>>;
        const call = port.readWabas(ids);
        inFlight.add(call);
        try {
          results = await call;
        } catch (e) {
          if (!isGraphError(e)) throw e;
          // The whole call failed: these numbers keep their last snapshot, marked stale with this error.
          results = new Map(ids.map((id) => [id, e]));
        } finally {
          inFlight.delete(call);
        }
        // Not `numbers += await ...`: that reads `numbers` before the await, losing other lanes' counts.
        const stored = await reads.applyWabaReads(results, settings, generation, notices);
        numbers += stored;
        const readIds = new Set<string>();
        for (const r of results.values()) if (!isGraphError(r)) for (const p of r.phoneNumbers) readIds.add(p.id);
        await clearDueRechecks(readIds);
        failure ??= [...results.values()].find(isGraphError);
        done += ids.length;
        await setProgress(leaseId, done, wabaIds.length);
        await gates.flushUsage();
        const usage = await gates.usagePercent();
        if (fatalOf(results.values()) || usage >= USAGE_STOP_PERCENT || !(await gates.isCurrent(generation))) stopped = true;
        else if (usage > USAGE_SLOW_DOWN_PERCENT) slow = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, batches.length) }, (_, i) => lane(i)));
    return { numbers, failure };
  }

  async function recheck(phoneIds: string[]): Promise<void> {
    if (!phoneIds.length) return;
    const active = await gates.activePort();
    if ('skipped' in active || (await gates.rateLimitedUntil())) return;
    try {
      const results = await active.port.readPhoneNumbers(phoneIds);
      await reads.applyPhoneReads(results, active.settings, active.generation);
      // The one-minute re-read is done; later sweeps keep reading the number until it is provisioned.
      await clearDueRechecks(phoneIds);
    } catch (e) {
      await gates.onGraphFailure(e, active.generation);
    }
    await gates.flushUsage();
    await hooks.refreshBadge();
  }

  return { sweep, recheck };
}
