import { problemWords, storedErrorInfo } from '../error-info';
import { storedError } from '../errors-for-people';
import { isGraphError, type GraphError } from '../graph/errors';
import type { GraphUsage } from '../graph/usage';
import { waitHolds } from '../registration/policy';
import type { Settings, TokenStatus } from '../storage/schemas';
import type { EngineContext, Text } from './deps';
import type { GraphPort } from './graph-port';
import { notificationId, type NotificationTarget } from './notifications';

/**
 * The checks every Graph call goes through, in one place: is there a usable token (and which generation
 * of it), is Meta rate-limiting us, is usage high enough to space sweeps out; and what a failed call
 * means for all later calls (a dead token stops everything, a rate limit pauses until Meta's regain time).
 *
 * Token generations: every saved or removed token bumps `tokenStatus.generation`. A port carries the
 * generation it started with; a result or error of an older generation never changes the current
 * token's state, never notifies and never registers.
 */
export const USAGE_SLOW_DOWN_PERCENT = 75;
/** How long a usage reading above the threshold spaces sweeps out. */
export const SLOW_DOWN_MS = 60 * 60_000;
/** When Meta gives no regain time with a rate limit. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/** The longest rate-limit pause honoured (a longer stored one was written before the clock moved back). */
export const MAX_RATE_LIMIT_WAIT_MS = 24 * 60 * 60_000;

export interface ActivePort {
  port: GraphPort;
  /** The token the port sends (read together with its generation). */
  token: string;
  settings: Settings;
  status: TokenStatus;
  generation: number;
}

export type Inactive = { skipped: 'no_token' | 'token_invalid' };

export interface Gates {
  activePort(): Promise<ActivePort | Inactive>;
  /** Whether work started under `generation` still speaks for the current token. */
  isCurrent(generation: number): Promise<boolean>;
  /** Meta's regain time while a rate limit holds. */
  rateLimitedUntil(): Promise<number | undefined>;
  /** Whether scheduled work should wait because usage passed USAGE_SLOW_DOWN_PERCENT. */
  slowedDown(settings: Settings): Promise<boolean>;
  /** Applies what a failed call means for every later call (only for the current generation). */
  onGraphFailure(error: unknown, generation: number): Promise<void>;
  /** Waits until every usage reading seen so far is stored. */
  flushUsage(): Promise<void>;
  /** The last usage reading (percent of Meta's allowance; 0 when none was seen). */
  usagePercent(): Promise<number>;
  /** Shows a notification unless its category is muted. */
  announce(target: NotificationTarget, category: keyof Settings['notify'], title: Text, message: Text): Promise<void>;
}

export function createGates(ctx: EngineContext): Gates {
  const { stores } = ctx;
  let usageWrites: Promise<unknown> = Promise.resolve();

  function recordUsage(usage: GraphUsage, generation: number): void {
    // The client reports usage synchronously; writes are chained so none is lost and flushUsage can wait.
    // A reading of an older generation's call is not written (after "Forget all data" nothing comes back).
    usageWrites = usageWrites
      .then(async () => {
        if (!(await isCurrent(generation))) return;
        await stores.engine.update((e) => ({
          ...e,
          usagePercent: usage.maxPercent,
          slowDownUntil: usage.maxPercent > USAGE_SLOW_DOWN_PERCENT ? ctx.now() + SLOW_DOWN_MS : e.slowDownUntil,
        }));
      })
      .catch(() => undefined);
  }

  async function activePort(): Promise<ActivePort | Inactive> {
    const [{ token, status }, settings] = await Promise.all([stores.tokenPair.getValue(), stores.settings.getValue()]);
    if (!token) return { skipped: 'no_token' };
    if (status.state === 'invalid') return { skipped: 'token_invalid' };
    const generation = status.generation;
    const port = ctx.graph({ token, version: settings.graphVersion, onUsage: (usage) => recordUsage(usage, generation) });
    return { port, token, settings, status, generation };
  }

  async function isCurrent(generation: number): Promise<boolean> {
    const { token, status } = await stores.tokenPair.getValue();
    return token !== null && status.generation === generation;
  }

  async function rateLimitedUntil(): Promise<number | undefined> {
    const { rateLimitedUntil: until } = await stores.engine.getValue();
    return waitHolds(until, ctx.now(), MAX_RATE_LIMIT_WAIT_MS) ? until : undefined;
  }

  async function slowedDown(settings: Settings): Promise<boolean> {
    const e = await stores.engine.getValue();
    const spacing = settings.intervalMinutes * 60_000;
    const now = ctx.now();
    return (
      waitHolds(e.slowDownUntil, now, SLOW_DOWN_MS) &&
      e.sweep.lastFinishedAt !== undefined &&
      now - e.sweep.lastFinishedAt < 2 * spacing &&
      now >= e.sweep.lastFinishedAt
    );
  }

  async function markTokenInvalid(error: GraphError, generation: number): Promise<void> {
    let changed = false;
    const at = ctx.now();
    await stores.tokenStatus.update((s) => {
      // Compare-and-set: a 190 for an older token never touches the one saved since.
      if (s.generation !== generation || s.state === 'invalid') return s;
      changed = true;
      return { ...s, state: 'invalid', error: storedError(error, at), checkedAt: at };
    });
    if (changed) {
      await announce(
        { kind: 'token', reason: 'invalid' },
        'token',
        { key: 'notifyTokenInvalidTitle' },
        // Meta's own words and code (Meta localises them to the request's locale).
        { key: 'notifyTokenInvalidBody', subs: [problemWords(storedErrorInfo(error))] },
      );
    }
  }

  async function onGraphFailure(error: unknown, generation: number): Promise<void> {
    if (!isGraphError(error)) return;
    if (!(await isCurrent(generation))) return;
    if (error.kind === 'auth') await markTokenInvalid(error, generation);
    if (error.kind === 'rate_limit') {
      const now = ctx.now();
      const until = now + Math.min(error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS, MAX_RATE_LIMIT_WAIT_MS);
      await stores.engine.update((e) => ({
        ...e,
        rateLimitedUntil: waitHolds(e.rateLimitedUntil, now, MAX_RATE_LIMIT_WAIT_MS) ? Math.max(e.rateLimitedUntil, until) : until,
      }));
    }
  }

  async function announce(target: NotificationTarget, category: keyof Settings['notify'], title: Text, message: Text): Promise<void> {
    const settings = await stores.settings.getValue();
    if (!settings.notify[category]) return;
    try {
      await ctx.notify(notificationId(target, ctx.now()), { target, title, message });
    } catch {
      // A notification the browser refuses must not turn what happened (a registration Meta accepted) into a failure.
    }
  }

  return {
    activePort,
    isCurrent,
    rateLimitedUntil,
    slowedDown,
    onGraphFailure,
    flushUsage: async () => {
      await usageWrites;
    },
    usagePercent: async () => (await stores.engine.getValue()).usagePercent ?? 0,
    announce,
  };
}
