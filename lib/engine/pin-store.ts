import type { PinEntry } from '../storage/schemas';

/**
 * How a number's stored PIN follows register calls. The promise: the stored PIN equals the PIN of the last
 * register call Meta accepted (a successful register sets the number's two-step PIN).
 *
 * - A generated PIN is stored before the call (if Meta accepts it, Meta holds it and so must we).
 * - A typed PIN is stored before the call too, with the entry it replaces kept in `previous` (a worker
 *   that dies mid-call must still know it). Meta's answer then decides:
 *   accepted -> the typed PIN, marked accepted; 133005/133006 -> the previous entry comes back;
 *   any other answer (or none: timeout, restart) -> the typed PIN stays, unless the previous one was
 *   accepted by Meta: an accepted PIN is replaced only by another accepted PIN.
 */
export type PinVerdict = 'accepted' | 'refused' | 'undecided';

/** Meta codes that say the PIN (or the number behind it) was refused. */
export const PIN_REFUSED_CODES: ReadonlySet<number> = new Set([133005, 133006]);

export function verdictOf(outcome: { error?: { code?: number } } | 'unknown'): PinVerdict {
  if (outcome === 'unknown') return 'undecided';
  if (!outcome.error) return 'accepted';
  return outcome.error.code !== undefined && PIN_REFUSED_CODES.has(outcome.error.code) ? 'refused' : 'undecided';
}

const core = (entry: PinEntry): Omit<PinEntry, 'previous'> => {
  const { previous: _previous, ...rest } = entry;
  return rest;
};

/** The entry while a call with a typed PIN is in flight. */
export function beginTyped(entry: PinEntry | undefined, pin: string, now: number): PinEntry {
  if (entry && entry.pin === pin) return entry;
  return { pin, source: 'user', at: now, ...(entry ? { previous: core(entry) } : {}) };
}

/** Where the PIN of a call came from. */
export type PinOrigin = 'typed' | 'generated' | 'stored';

/**
 * The entry after the call with `usedPin` ended. `undefined` means no entry. An entry that no longer holds
 * `usedPin` (the person saved another PIN meanwhile) is left alone unless Meta accepted `usedPin`.
 * A stored PIN Meta refused stays (the person sees it and replaces it); a generated one Meta refused goes.
 */
export function settlePin(
  entry: PinEntry | undefined,
  call: { pin: string; origin: PinOrigin },
  verdict: PinVerdict,
  now: number,
): PinEntry | undefined {
  const usedPin = call.pin;
  if (verdict === 'accepted') {
    const same = entry?.pin === usedPin;
    return {
      pin: usedPin,
      source: same ? entry.source : call.origin === 'generated' ? 'generated' : 'user',
      at: same ? entry.at : now,
      acceptedAt: now,
    };
  }
  if (!entry || entry.pin !== usedPin) return entry;
  if (call.origin === 'stored') return entry;
  if (call.origin === 'generated') return verdict === 'refused' ? undefined : entry;
  const previous = entry.previous;
  if (verdict === 'refused') return previous;
  if (previous?.acceptedAt !== undefined && previous.pin !== usedPin) return previous;
  return core(entry);
}
