// Simulator clock: real time plus a test-controlled offset, so time-based behaviour (display-name
// approval, provisioning, 72 h register windows, rolling-hour usage) can be fast-forwarded.

export class SimClock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`advanceTime: ms must be a finite number >= 0 (got ${ms})`);
    this.offset += ms;
  }
  reset(): void {
    this.offset = 0;
  }
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** "2023-08-22T19:05:53+0000" — Graph's timestamp format. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
