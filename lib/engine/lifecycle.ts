import { countByState } from '../number-summary';
import { refusal, waitHolds } from '../registration/policy';
import { DISCOVERY_PROGRESS_MS } from './accounts';
import { whatsappManagerUrl } from '../whatsapp-manager-url';
import type { EngineContext } from './deps';
import type { Gates } from './gates';
import { badgeFor, type NotificationTarget } from './notifications';
import type { Registration } from './register';
import { namesOf, notToRegister, ownershipRefused, REGISTER_LEASE_MS } from './register';
import { recordOwnership } from './verify';
import { SWEEP_LEASE_MS, type Sweeps } from './sweep';

/**
 * The worker's life: recovering after a restart, the one-shot wake alarm, the toolbar badge and where a
 * notification click goes.
 *
 * The wake alarm is armed at the earliest FUTURE moment something is due (a re-read after a register,
 * an automatic attempt whose wait ends, a register lease that may need recovering), or cleared when
 * nothing is. A wake does only what is due; it never runs a full sweep (the periodic alarm does).
 */
export interface Lifecycle {
  /** After a worker restart (or on any wake): dead leases become interrupted attempts, expired waits go. */
  recover(): Promise<void>;
  wake(): Promise<void>;
  scheduleNextWake(): Promise<void>;
  refreshBadge(): Promise<void>;
  notificationUrl(target: NotificationTarget): Promise<string | undefined>;
}

export interface LifecycleParts {
  registration: Registration;
  /** Late-bound: sweeps need the lifecycle's hooks and the lifecycle needs sweeps' recheck. */
  sweeps: () => Sweeps;
}

export function createLifecycle(ctx: EngineContext, gates: Gates, parts: LifecycleParts): Lifecycle {
  const { stores, leases } = ctx;

  async function refreshBadge(): Promise<void> {
    // Counted through the summaries' `state` index (a removed number's state is `removed`): nothing is read.
    await ctx.setBadge(badgeFor(await countByState(stores.summaries))).catch(() => undefined);
  }

  async function recover(): Promise<void> {
    await parts.registration.reclaimLeases();
    await markOwnershipRefusals();
    await stores.engine.update((e) => {
      let next = e;
      if (e.sweep.running && !leases.holds(e.sweep.running, SWEEP_LEASE_MS))
        next = { ...next, sweep: { ...next.sweep, running: undefined, progress: undefined } };
      // A discovery's progress is renewed per step (lib/engine/accounts.ts): one not renewed is over.
      if (e.discovery && !waitHolds(e.discovery.until, ctx.now(), DISCOVERY_PROGRESS_MS)) next = { ...next, discovery: undefined };
      return next;
    });
    await refreshBadge();
    await scheduleNextWake();
  }

  /**
   * A 133006 recorded with its attempt but not yet on its number (the worker stopped between the two
   * writes): the number offers Verify ownership, as it would have. Its register is refused either way.
   */
  async function markOwnershipRefusals(): Promise<void> {
    const regs = await stores.registrations.getValue();
    const numbers = await stores.numbers.getMany(Object.keys(regs));
    for (const [id, r] of Object.entries(regs)) {
      const n = numbers[id];
      if (n?.decision === 'register' && ownershipRefused(r, n)) await recordOwnership(stores, id, false, r.attempts.at(-1)!.at);
    }
  }

  /** Numbers whose automatic attempt may start now (the wait that held them is over). */
  async function dueForAutoRetry(): Promise<Set<string>> {
    const now = ctx.now();
    const regs = await stores.registrations.getValue();
    const numbers = await stores.numbers.getMany(Object.keys(regs));
    const due = new Set<string>();
    for (const [id, r] of Object.entries(regs)) {
      const n = numbers[id];
      if (!n || notToRegister(n) || r.attempts.length === 0) continue;
      if (!refusal(r, { mode: 'auto', now, names: namesOf(n) })) due.add(id);
    }
    return due;
  }

  async function wake(): Promise<void> {
    await recover();
    const active = await gates.activePort();
    if ('skipped' in active || (await gates.rateLimitedUntil())) return;
    const now = ctx.now();
    const regs = await stores.registrations.getValue();
    const rechecks = Object.entries(regs)
      .filter(([, r]) => r.recheckAt !== undefined && r.recheckAt <= now)
      .map(([id]) => id);
    await parts.sweeps().recheck(rechecks);
    if (active.settings.autoRetry && !(await gates.slowedDown(active.settings))) {
      const due = await dueForAutoRetry();
      if (due.size) await parts.registration.autoRegister(active.generation, due);
    }
    await refreshBadge();
    await scheduleNextWake();
  }

  async function scheduleNextWake(): Promise<void> {
    const now = ctx.now();
    const [{ token, status }, settings, regs] = await Promise.all([
      stores.tokenPair.getValue(),
      stores.settings.getValue(),
      stores.registrations.getValue(),
    ]);
    const numbers = await stores.numbers.getMany(Object.keys(regs));
    const candidates: number[] = [];
    for (const [id, r] of Object.entries(regs)) {
      // A lease of a worker that may die: its expiry is when recovery must look at it.
      if (r.inFlight && leases.holds(r.inFlight, REGISTER_LEASE_MS)) candidates.push(r.inFlight.until);
      if (!token || status.state === 'invalid') continue;
      if (r.recheckAt !== undefined) candidates.push(r.recheckAt);
      const n = numbers[id];
      if (!settings.autoRetry || !n || notToRegister(n)) continue;
      const refused = refusal(r, { mode: 'auto', now, names: namesOf(n) });
      if (refused && 'until' in refused) candidates.push(refused.until);
    }
    const next = candidates.filter((t) => t > now).sort((a, b) => a - b)[0];
    await ctx.scheduleWake(next);
  }

  async function notificationUrl(target: NotificationTarget): Promise<string | undefined> {
    if (target.kind === 'token') return undefined;
    if (target.kind === 'summary') return ctx.extensionUrl?.(`/popup.html?alarmedAt=${target.at}`);
    if (target.kind === 'entity' && target.entity === 'APP') return ctx.extensionUrl?.('/popup.html');
    if (target.kind === 'webhooks' || target.kind === 'entity') {
      const waba = await stores.accounts.getWaba(target.wabaId);
      return whatsappManagerUrl({ businessId: waba?.businessId, wabaId: target.wabaId });
    }
    const number = await stores.numbers.get(target.phoneId);
    if (!number) return whatsappManagerUrl({});
    const waba = await stores.accounts.getWaba(number.wabaId);
    return whatsappManagerUrl({ businessId: waba?.businessId, wabaId: number.wabaId });
  }

  return { recover, wake, scheduleNextWake, refreshBadge, notificationUrl };
}
