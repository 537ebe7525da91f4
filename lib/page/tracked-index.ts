import { MAX_PHONE_DIGITS, MIN_PHONE_DIGITS, phoneDigits } from './phone-text';

/** Tracked numbers keyed by the digits of their display_phone_number. */
export interface TrackedIndex {
  byDigits: ReadonlyMap<string, string>;
  /** Tracked digit strings as numbers, per length (fast window lookup in scanTree; 15 digits fit a double). */
  byLength: ReadonlyMap<number, ReadonlySet<number>>;
  /** Shortest and longest digit strings tracked (0 when empty): segments shorter than min are skipped. */
  minDigits: number;
  maxDigits: number;
}

export const EMPTY_INDEX: TrackedIndex = { byDigits: new Map(), byLength: new Map(), minDigits: 0, maxDigits: 0 };

/**
 * Builds the lookup from display data. Numbers without a display_phone_number, or with fewer than
 * MIN_PHONE_DIGITS / more than MAX_PHONE_DIGITS digits, are not matchable on a page. When two ids share
 * the same digits (a number moved between accounts), the first one listed wins.
 */
export function buildTrackedIndex(numbers: ReadonlyArray<{ id: string; displayPhoneNumber?: string }>): TrackedIndex {
  const byDigits = new Map<string, string>();
  const byLength = new Map<number, Set<number>>();
  let min = Infinity;
  let max = 0;
  for (const n of numbers) {
    if (!n.displayPhoneNumber) continue;
    const digits = phoneDigits(n.displayPhoneNumber);
    if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS || byDigits.has(digits)) continue;
    byDigits.set(digits, n.id);
    let set = byLength.get(digits.length);
    if (!set) {
      set = new Set();
      byLength.set(digits.length, set);
    }
    set.add(Number(digits));
    min = Math.min(min, digits.length);
    max = Math.max(max, digits.length);
  }
  return byDigits.size ? { byDigits, byLength, minDigits: min, maxDigits: max } : EMPTY_INDEX;
}

/** True when `next` tracks digits that `prev` did not (numbers already on the page need a full rescan). */
export function hasNewDigits(prev: TrackedIndex, next: TrackedIndex): boolean {
  for (const [digits, id] of next.byDigits) if (prev.byDigits.get(digits) !== id) return true;
  return false;
}
