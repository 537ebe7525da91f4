import { storedError } from '../errors-for-people';
import { isGraphError } from '../graph/errors';
import type { StoredError } from '../storage/schemas';
import type { AccountsOps } from './accounts';
import type { EngineContext, SweepResult } from './deps';
import type { Gates } from './gates';
import type { GraphPort } from './graph-port';
import type { Reads } from './reads';
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

export function createSweeps(ctx: EngineContext, gates: Gates, reads: Reads, accounts: AccountsOps, registration: Registration, hooks: SweepHooks): Sweeps {
  const { stores, leases } = ctx;

  async function clearDueRechecks(phoneIds: Iterable<string>): Promise<void> {
    const ids = new Set(phoneIds);
    const now = ctx.now();
    await stores.registrations.update((regs) => {
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
    });
  }

  async function sweep(opts: { reason: SweepReason }): Promise<SweepResult> {
    const active = await gates.activePort();
    if ('skipped' in active) return { status: 'skipped', reason: active.skipped };
    if (await gates.rateLimitedUntil()) return { status: 'skipped', reason: 'rate_limited' };
    if ((opts.reason === 'alarm' || opts.reason === 'wake') && (await gates.slowedDown(active.settings))) return { status: 'skipped', reason: 'slowed_down' };
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
      stores.engine.update((e) => (e.sweep.running?.id === held.id ? { ...e, sweep: { ...e.sweep, running: { ...e.sweep.running, until } } } : e)),
    );

    let error: StoredError | undefined;
    let numbers = 0;
    let registered = 0;
    try {
      const known = await stores.accounts.getValue();
      if (!known.discoveredAt || ctx.now() - known.discoveredAt > DISCOVERY_MAX_AGE_MS || known.discoveredAt > ctx.now()) await accounts.discover({ port, generation });
      const wabaIds = Object.values((await stores.accounts.getValue()).wabas)
        .filter((w) => w.removedAt === undefined)
        .map((w) => w.id);
      await stores.engine.update((e) => ({ ...e, sweep: { ...e.sweep, progress: { done: 0, total: wabaIds.length } } }));
      if (wabaIds.length) {
        let results: Awaited<ReturnType<GraphPort['readWabas']>>;
        try {
          results = await port.readWabas(wabaIds);
        } catch (e) {
          if (!isGraphError(e)) throw e;
          // The whole call failed: every number keeps its last snapshot, marked stale with this error.
          results = new Map(wabaIds.map((id) => [id, e]));
        }
        numbers = await reads.applyWabaReads(results, settings, generation);
        const read = new Set<string>();
        for (const r of results.values()) if (!isGraphError(r)) for (const p of r.phoneNumbers) read.add(p.id);
        await clearDueRechecks(read);
        const failure = [...results.values()].find(isGraphError);
        if (failure && numbers === 0) throw failure;
      }
      await stores.engine.update((e) => ({ ...e, sweep: { ...e.sweep, progress: { done: wabaIds.length, total: wabaIds.length } } }));
      if (settings.autoRetry && !(await gates.rateLimitedUntil())) registered = await registration.autoRegister(generation);
    } catch (e) {
      error = storedError(e, ctx.now());
      await gates.onGraphFailure(e, generation);
    } finally {
      stopRenewing();
      leases.end(held.id);
      await gates.flushUsage();
      await stores.engine.update((e) => ({
        ...e,
        sweep: {
          ...e.sweep,
          running: e.sweep.running?.id === held.id ? undefined : e.sweep.running,
          lastFinishedAt: ctx.now(),
          lastCalls: port.httpCalls(),
          lastError: error,
          progress: undefined,
        },
      }));
      await hooks.refreshBadge();
      await hooks.scheduleNextWake();
    }
    return { status: 'done', calls: port.httpCalls(), numbers, registered };
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
