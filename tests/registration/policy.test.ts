import { describe, expect, it } from 'vitest';
import {
  AUTO_LIMIT,
  CERTIFICATE_WAIT_MS,
  RECENTLY_DELETED_WAIT_MS,
  SUCCESS_COOLDOWN_MS,
  TOTAL_LIMIT,
  WINDOW_MS,
  budget,
  emptyRecord,
  recordOutcome,
  refusal,
  transientDelay,
  type AttemptMode,
  type RegisterErrorLike,
  type RegistrationRecord,
} from '@/lib/registration/policy';

const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 1);
const half = () => 0.5;
const err = (code: number, kind = 'user_action', subcode?: number): RegisterErrorLike => ({
  kind,
  code,
  subcode,
  message: `error ${code}`,
});
const transient: RegisterErrorLike = { kind: 'transient', code: 2, message: 'Service temporarily unavailable' };

/** A fake clock walking forward; each attempt records an error that does not set waits (code 131009). */
function attempts(record: RegistrationRecord, mode: AttemptMode, n: number, start: number, step: number) {
  let r = record;
  for (let i = 0; i < n; i++) r = recordOutcome(r, { mode, now: start + i * step, random: half, error: err(131009) });
  return r;
}

describe('72-hour budget on a fake clock', () => {
  it('allows 8 automatic attempts, then refuses the 9th until the oldest leaves the window', () => {
    const r = attempts(emptyRecord(), 'auto', AUTO_LIMIT, T0, HOUR);
    const now = T0 + AUTO_LIMIT * HOUR;
    expect(budget(r, now)).toMatchObject({ autoUsed: 8, totalUsed: 8 });
    expect(refusal(r, { mode: 'auto', now })).toEqual({ reason: 'auto_budget', until: T0 + WINDOW_MS });
    expect(refusal(r, { mode: 'auto', now: T0 + WINDOW_MS - 1 })?.reason).toBe('auto_budget');
    expect(refusal(r, { mode: 'auto', now: T0 + WINDOW_MS + 1 })).toBeNull();
  });

  it('leaves 2 manual attempts after 8 automatic ones, then refuses manual with the next allowed time', () => {
    let r = attempts(emptyRecord(), 'auto', AUTO_LIMIT, T0, HOUR);
    const now = T0 + 10 * HOUR;
    expect(refusal(r, { mode: 'manual', now })).toBeNull();
    r = attempts(r, 'manual', 2, now, HOUR);
    const later = now + 3 * HOUR;
    expect(budget(r, later).totalUsed).toBe(TOTAL_LIMIT);
    expect(refusal(r, { mode: 'manual', now: later })).toEqual({ reason: 'budget', until: T0 + WINDOW_MS });
    expect(refusal(r, { mode: 'auto', now: later })?.reason).toBe('budget');
  });

  it('never lets manual attempts push the total past 10', () => {
    const r = attempts(emptyRecord(), 'manual', TOTAL_LIMIT, T0, 10 * 60 * 1000);
    expect(refusal(r, { mode: 'manual', now: T0 + 2 * HOUR })?.reason).toBe('budget');
  });

  it('counts a moving window: attempts older than 72 h no longer count', () => {
    const r = attempts(emptyRecord(), 'auto', 5, T0, HOUR);
    expect(budget(r, T0 + WINDOW_MS + 2.5 * HOUR).autoUsed).toBe(2);
  });
});

describe('retry policy by Meta error family', () => {
  it('100/2388001: no automatic retry until the name status moves or 12 h pass; manual still allowed', () => {
    const names = { name_status: 'PENDING_REVIEW' };
    const r = recordOutcome(emptyRecord(), { mode: 'auto', now: T0, random: half, names, error: err(100, 'user_action', 2388001) });
    expect(refusal(r, { mode: 'auto', now: T0 + HOUR, names })).toEqual({ reason: 'waiting_for_name', until: T0 + CERTIFICATE_WAIT_MS });
    expect(refusal(r, { mode: 'auto', now: T0 + HOUR, names: { name_status: 'APPROVED' } })).toBeNull();
    expect(refusal(r, { mode: 'auto', now: T0 + HOUR, names: { ...names, new_name_status: 'APPROVED' } })).toBeNull();
    expect(refusal(r, { mode: 'auto', now: T0 + CERTIFICATE_WAIT_MS, names })).toBeNull();
    expect(refusal(r, { mode: 'manual', now: T0 + HOUR, names })).toBeNull();
  });

  it.each([133005, 133006, 131031, 10, 200, 294, 299])('%i stops automatic retry until a person acts', (code) => {
    const r = recordOutcome(emptyRecord(), {
      mode: 'auto',
      now: T0,
      random: half,
      error: err(code, code < 300 ? 'permission' : 'user_action'),
    });
    expect(refusal(r, { mode: 'auto', now: T0 + 5 * 24 * HOUR })).toEqual({ reason: 'auto_stopped', code });
    expect(refusal(r, { mode: 'manual', now: T0 + 1000 })).toBeNull();
    const afterManualSuccess = recordOutcome(r, { mode: 'manual', now: T0 + 2000, random: half });
    expect(afterManualSuccess.autoStopped).toBeUndefined();
  });

  it('100 without the certificate subcode does not stop or wait', () => {
    const r = recordOutcome(emptyRecord(), { mode: 'auto', now: T0, random: half, error: err(100) });
    expect(refusal(r, { mode: 'auto', now: T0 + 1 })).toBeNull();
  });

  it('133016: nothing at all for 72 h, manual included', () => {
    const r = recordOutcome(emptyRecord(), { mode: 'auto', now: T0, random: half, error: err(133016) });
    expect(refusal(r, { mode: 'manual', now: T0 + 71 * HOUR })).toEqual({ reason: 'blocked_133016', until: T0 + WINDOW_MS });
    expect(refusal(r, { mode: 'auto', now: T0 + WINDOW_MS })).toBeNull();
  });

  it('133015: not before 5 minutes', () => {
    const r = recordOutcome(emptyRecord(), { mode: 'manual', now: T0, random: half, error: err(133015) });
    expect(refusal(r, { mode: 'manual', now: T0 + RECENTLY_DELETED_WAIT_MS - 1 })).toEqual({
      reason: 'cooldown',
      until: T0 + RECENTLY_DELETED_WAIT_MS,
    });
    expect(refusal(r, { mode: 'auto', now: T0 + RECENTLY_DELETED_WAIT_MS })).toBeNull();
  });

  it('transient: exponential backoff with jitter, reset by a success', () => {
    let r = emptyRecord();
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 4; i++) {
      r = recordOutcome(r, { mode: 'auto', now, random: () => 1, error: transient });
      waits.push(r.autoNotBefore! - now);
      expect(refusal(r, { mode: 'auto', now: now + 1 })?.reason).toBe('backoff');
      now = r.autoNotBefore!;
    }
    expect(waits).toEqual([2, 4, 8, 16].map((m) => m * 60 * 1000));
    r = recordOutcome(r, { mode: 'auto', now, random: half });
    expect(r.transientFailures).toBe(0);
  });

  it('jitter stays within [half, full] of the exponential step and is capped', () => {
    expect(transientDelay(1, () => 0)).toBe(60_000);
    expect(transientDelay(1, () => 1)).toBe(120_000);
    expect(transientDelay(30, () => 1)).toBe(2 * HOUR);
  });

  it('after a success: no new register for 30 min, and a health re-read after about a minute', () => {
    const r = recordOutcome(emptyRecord(), { mode: 'manual', now: T0, random: half });
    expect(r.recheckAt).toBe(T0 + 60_000);
    expect(refusal(r, { mode: 'manual', now: T0 + SUCCESS_COOLDOWN_MS - 1 })?.reason).toBe('cooldown');
    expect(refusal(r, { mode: 'auto', now: T0 + SUCCESS_COOLDOWN_MS })).toBeNull();
  });

  it('records every attempt with time, mode, result and Meta code', () => {
    const r = recordOutcome(emptyRecord(), { mode: 'auto', now: T0, random: half, error: err(133005) });
    expect(r.attempts).toEqual([
      { at: T0, mode: 'auto', outcome: 'error', code: 133005, subcode: undefined, kind: 'user_action', message: 'error 133005' },
    ]);
  });
});

describe('interrupted calls', () => {
  it('counts an interrupted call and waits as after a success, so no second call goes out on a guess', async () => {
    const { recordInterrupted } = await import('@/lib/registration/policy');
    const r = recordInterrupted(emptyRecord(), { at: T0, mode: 'manual', now: T0 + 3 * 60 * 1000 });
    expect(budget(r, T0 + 1).totalUsed).toBe(1);
    expect(refusal(r, { mode: 'manual', now: T0 + 10 * 60 * 1000 })).toEqual({ reason: 'cooldown', until: T0 + SUCCESS_COOLDOWN_MS });
    expect(r.recheckAt).toBe(T0 + 3 * 60 * 1000);
  });
});
