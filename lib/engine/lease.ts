/**
 * Leases: the one lock shape of the engine (one sweep at a time, one register call per number).
 *
 * A lease is stored (so a restarted worker sees it) and carries an expiry (so a worker that died never
 * holds it for ever). Three rules make it safe against time:
 * - the work that holds a lease renews it while it runs;
 * - a lease whose end lies further ahead than its duration was written before the clock moved back,
 *   and counts as expired;
 * - a lease held by work still running in THIS worker instance is never taken over, whatever the wall
 *   clock says (a laptop that slept mid-call wakes up past the expiry with the call still open).
 * Only the lease's owner releases it: releasing checks the lease id.
 *
 * The set of live leases is in memory on purpose: it describes work running in this worker, which dies
 * with it; a new worker instance has an empty set and judges stored leases by their expiry alone.
 */
export interface Lease {
  /** Unique per acquisition. */
  id: string;
  /** The worker instance that took it. */
  owner: string;
  at: number;
  until: number;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const defaultTimers: Timers = {
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>),
};

export interface LeaseDeps {
  instanceId: string;
  now: () => number;
  timers?: Timers;
  newId?: () => string;
}

export interface Leases {
  /** Whether a stored lease still excludes others (live here, or unexpired and sane). */
  holds(lease: Pick<Lease, 'id' | 'until'> | undefined, durationMs: number): boolean;
  /** Whether the lease belongs to work running in this worker instance. */
  isLive(id: string): boolean;
  /** A fresh lease for this instance, marked live until `end`. Store it in the same write that checked `holds`. */
  mint(durationMs: number): Lease;
  /**
   * Calls `renew(until)` every `everyMs` while the work runs (renew stores the new end if the stored lease
   * is still this one). Returns a stop function.
   */
  keepRenewed(lease: Lease, durationMs: number, everyMs: number, renew: (until: number) => Promise<unknown>): () => void;
  /** The work is over (whatever its outcome): the lease is no longer live here. */
  end(id: string): void;
}

let counter = 0;

export function createLeases(deps: LeaseDeps): Leases {
  const live = new Set<string>();
  const timers = deps.timers ?? defaultTimers;
  const newId = deps.newId ?? (() => `${deps.instanceId}:${deps.now()}:${++counter}`);

  return {
    holds(lease, durationMs) {
      if (!lease) return false;
      if (live.has(lease.id)) return true;
      const now = deps.now();
      return lease.until > now && lease.until - now <= durationMs;
    },
    isLive: (id) => live.has(id),
    mint(durationMs) {
      const at = deps.now();
      const lease = { id: newId(), owner: deps.instanceId, at, until: at + durationMs };
      live.add(lease.id);
      return lease;
    },
    keepRenewed(lease, durationMs, everyMs, renew) {
      const handle = timers.setInterval(() => {
        if (live.has(lease.id)) void renew(deps.now() + durationMs).catch(() => undefined);
      }, everyMs);
      return () => timers.clearInterval(handle);
    },
    end: (id) => void live.delete(id),
  };
}
