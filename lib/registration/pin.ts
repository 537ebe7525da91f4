import type { PinEntry } from '../storage/schemas';

/**
 * The two-step verification PIN that POST /register needs.
 * - a PIN the user stored for the number is used;
 * - else, if Meta says no PIN is set (`is_pin_enabled === false`), we generate 6 random digits,
 *   store them BEFORE calling register, and show them to the user (register sets it as the PIN);
 * - else (PIN set, or unknown) the user must give it: automatic retry skips with "PIN needed".
 */
export const PIN_PATTERN = /^\d{6}$/;

export const isValidPin = (pin: string): boolean => PIN_PATTERN.test(pin);

export type PinChoice = { kind: 'use'; pin: string; source: PinEntry['source'] } | { kind: 'generate' } | { kind: 'needed' };

export function choosePin(stored: PinEntry | undefined, isPinEnabled: unknown): PinChoice {
  if (stored && isValidPin(stored.pin)) return { kind: 'use', pin: stored.pin, source: stored.source };
  if (isPinEnabled === false) return { kind: 'generate' };
  return { kind: 'needed' };
}

/** Six uniformly random digits from a CSPRNG (rejection sampling avoids modulo bias). */
export function generatePin(
  getRandomValues: (array: Uint32Array<ArrayBuffer>) => Uint32Array<ArrayBuffer> = (a) => crypto.getRandomValues(a),
): string {
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  const buf = new Uint32Array(1);
  for (;;) {
    const [value = limit] = getRandomValues(buf);
    if (value < limit) return String(value % 1_000_000).padStart(6, '0');
  }
}
