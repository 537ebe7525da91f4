import * as z from 'zod/mini';
import { arrayOf, lenientFields } from '../storage/tolerant';

/**
 * Registration retry policy for one number: the 72-hour budget, waits and stops by Meta error code.
 * Pure functions over a stored record; the clock and randomness are arguments.
 *
 * Limits: Meta allows 10 register calls per number per moving 72 h (the 11th -> 133016, blocked 72 h).
 * We keep 8 of them for automatic retries and never exceed 10 in total.
 */
export const WINDOW_MS = 72 * 60 * 60 * 1000;
export const AUTO_LIMIT = 8;
export const TOTAL_LIMIT = 10;
export const CERTIFICATE_WAIT_MS = 12 * 60 * 60 * 1000;
export const RECENTLY_DELETED_WAIT_MS = 5 * 60 * 1000;
export const SUCCESS_COOLDOWN_MS = 30 * 60 * 1000;
export const RECHECK_AFTER_SUCCESS_MS = 60 * 1000;
export const TRANSIENT_BASE_MS = 2 * 60 * 1000;
export const TRANSIENT_CAP_MS = 2 * 60 * 60 * 1000;
const MAX_KEPT_ATTEMPTS = 30;

export const RegisterAttemptSchema = z.object({
  at: z.number(),
  mode: z.enum(['auto', 'manual']),
  /** `interrupted`: the worker died during the call; Meta may or may not have registered the number. */
  outcome: z.enum(['success', 'error', 'interrupted']),
  code: z.optional(z.number()),
  subcode: z.optional(z.number()),
  kind: z.optional(z.string()),
  message: z.optional(z.string()),
  /** The register lease of the call (lib/engine/lease.ts): its real outcome replaces an `interrupted` guess. */
  leaseId: z.optional(z.string()),
});
export type RegisterAttempt = z.infer<typeof RegisterAttemptSchema>;

export const RegistrationRecordSchema = z.object({
  /** Entry by entry (lib/storage/tolerant.ts): a malformed attempt drops only itself; a malformed optional field of one reads as absent. */
  attempts: arrayOf(lenientFields(RegisterAttemptSchema)),
  /** No attempt of any kind before this time (133015, success cooldown). */
  notBefore: z.optional(z.number()),
  /** No automatic attempt before this time (transient backoff). */
  autoNotBefore: z.optional(z.number()),
  /** 133016: Meta blocks registration for 72 h. */
  blockedUntil: z.optional(z.number()),
  /** Automatic retry stopped until a person acts (wrong PIN, re-verification, locked, permissions). */
  autoStopped: z.optional(z.object({ code: z.number(), at: z.number() })),
  /** 100/2388001: wait for the display name review to move (or 12 h). */
  certificateWait: z.optional(z.object({ at: z.number(), nameStatus: z.optional(z.string()), newNameStatus: z.optional(z.string()) })),
  transientFailures: z._default(z.number(), 0),
  lastSuccessAt: z.optional(z.number()),
  /** When to re-read health after a successful register (provisioning lag). */
  recheckAt: z.optional(z.number()),
});
export type RegistrationRecord = z.infer<typeof RegistrationRecordSchema>;

export const emptyRecord = (): RegistrationRecord => ({ attempts: [], transientFailures: 0 });

export type AttemptMode = RegisterAttempt['mode'];

export interface NameStatuses {
  name_status?: string | null;
  new_name_status?: string | null;
}

/** The Meta error fields the policy looks at (a serialised GraphError fits). */
export interface RegisterErrorLike {
  kind: string;
  code?: number;
  subcode?: number;
  message: string;
}

export type Refusal =
  | { reason: 'blocked_133016'; until: number }
  | { reason: 'budget'; until: number }
  | { reason: 'cooldown'; until: number }
  | { reason: 'auto_budget'; until: number }
  | { reason: 'auto_stopped'; code: number }
  | { reason: 'waiting_for_name'; until: number }
  | { reason: 'backoff'; until: number };

export interface Budget {
  autoUsed: number;
  totalUsed: number;
  /** When the oldest attempt in the window leaves it (the next slot frees up). */
  nextSlotAt?: number;
}

export function budget(record: RegistrationRecord, now: number): Budget {
  const inWindow = record.attempts.filter((a) => a.at > now - WINDOW_MS);
  const oldest = inWindow.reduce<number | undefined>((min, a) => (min === undefined || a.at < min ? a.at : min), undefined);
  return {
    autoUsed: inWindow.filter((a) => a.mode === 'auto').length,
    totalUsed: inWindow.length,
    nextSlotAt: oldest === undefined ? undefined : oldest + WINDOW_MS,
  };
}

/** When the k-th oldest attempt of the given filter leaves the window: the earliest time a slot frees up. */
function slotFreesAt(record: RegistrationRecord, now: number, limit: number, mode?: AttemptMode): number {
  const inWindow = record.attempts
    .filter((a) => a.at > now - WINDOW_MS && (mode === undefined || a.mode === mode))
    .map((a) => a.at)
    .sort((a, b) => a - b);
  const excess = inWindow.length - limit; // >= 0 when refused
  return (inWindow[Math.max(0, excess)] ?? now) + WINDOW_MS;
}

const nameMoved = (wait: NonNullable<RegistrationRecord['certificateWait']>, now: NameStatuses): boolean =>
  (now.name_status ?? undefined) !== wait.nameStatus || (now.new_name_status ?? undefined) !== wait.newNameStatus;

/**
 * A wait that still holds: its end lies ahead, but no further ahead than the longest such wait can last.
 * A wait further ahead than that was written before the clock moved back, and counts as over.
 */
export function waitHolds(until: number | undefined, now: number, maxMs: number): until is number {
  return until !== undefined && until > now && until - now <= maxMs;
}

/** The longest each stored wait can last (see waitHolds). */
export const MAX_WAIT_MS = {
  blockedUntil: WINDOW_MS,
  notBefore: Math.max(SUCCESS_COOLDOWN_MS, RECENTLY_DELETED_WAIT_MS),
  autoNotBefore: TRANSIENT_CAP_MS,
  certificateWait: CERTIFICATE_WAIT_MS,
  recheckAt: RECHECK_AFTER_SUCCESS_MS,
} as const;

const certificateWaitEnd = (record: RegistrationRecord, now: number): number | undefined => {
  const end = record.certificateWait ? record.certificateWait.at + CERTIFICATE_WAIT_MS : undefined;
  return waitHolds(end, now, MAX_WAIT_MS.certificateWait) ? end : undefined;
};

/** May a register call for this number start now? `null` means yes. */
export function refusal(record: RegistrationRecord, opts: { mode: AttemptMode; now: number; names?: NameStatuses }): Refusal | null {
  const { mode, now } = opts;
  if (waitHolds(record.blockedUntil, now, MAX_WAIT_MS.blockedUntil)) return { reason: 'blocked_133016', until: record.blockedUntil };
  const used = budget(record, now);
  if (used.totalUsed >= TOTAL_LIMIT) return { reason: 'budget', until: slotFreesAt(record, now, TOTAL_LIMIT) };
  if (waitHolds(record.notBefore, now, MAX_WAIT_MS.notBefore)) return { reason: 'cooldown', until: record.notBefore };
  if (mode === 'manual') return null;

  if (used.autoUsed >= AUTO_LIMIT) return { reason: 'auto_budget', until: slotFreesAt(record, now, AUTO_LIMIT, 'auto') };
  if (record.autoStopped) return { reason: 'auto_stopped', code: record.autoStopped.code };
  const nameWaitEnd = certificateWaitEnd(record, now);
  if (record.certificateWait && nameWaitEnd !== undefined && !nameMoved(record.certificateWait, opts.names ?? {})) {
    return { reason: 'waiting_for_name', until: nameWaitEnd };
  }
  if (waitHolds(record.autoNotBefore, now, MAX_WAIT_MS.autoNotBefore)) return { reason: 'backoff', until: record.autoNotBefore };
  return null;
}

/**
 * The record without the waits that are over (or that a clock moved back made impossible): every stored
 * time expires or is cleared. `recheckAt` stays while due (the engine clears it after the re-read).
 */
export function withoutExpiredWaits(record: RegistrationRecord, now: number): RegistrationRecord {
  const next: RegistrationRecord = { ...record };
  if (!waitHolds(next.blockedUntil, now, MAX_WAIT_MS.blockedUntil)) delete next.blockedUntil;
  if (!waitHolds(next.notBefore, now, MAX_WAIT_MS.notBefore)) delete next.notBefore;
  if (!waitHolds(next.autoNotBefore, now, MAX_WAIT_MS.autoNotBefore)) delete next.autoNotBefore;
  if (next.certificateWait && certificateWaitEnd(next, now) === undefined) delete next.certificateWait;
  if (next.recheckAt !== undefined && next.recheckAt - now > MAX_WAIT_MS.recheckAt) next.recheckAt = now;
  return next;
}

/** Codes after which automatic retry stops for the number until a person acts. */
export function stopsAutoRetry(code: number | undefined): boolean {
  if (code === undefined) return false;
  return code === 133005 || code === 133006 || code === 131031 || code === 10 || (code >= 200 && code <= 299);
}

export const isCertificateError = (e: RegisterErrorLike): boolean => e.code === 100 && e.subcode === 2388001;

/** Exponential backoff with jitter for the n-th consecutive transient failure (n >= 1). */
export function transientDelay(n: number, random: () => number): number {
  const exp = Math.min(TRANSIENT_CAP_MS, TRANSIENT_BASE_MS * 2 ** Math.max(0, n - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

function keepRecent(attempts: RegisterAttempt[], now: number): RegisterAttempt[] {
  const recent = attempts.filter((a) => a.at > now - WINDOW_MS);
  // Keep the whole 72 h window (the budget needs it) plus a short history for the UI.
  const older = attempts.filter((a) => a.at <= now - WINDOW_MS).slice(-Math.max(0, MAX_KEPT_ATTEMPTS - recent.length));
  return [...older, ...recent];
}

/** The record after a register call ended. */
export function recordOutcome(
  record: RegistrationRecord,
  opts: { mode: AttemptMode; now: number; random: () => number; names?: NameStatuses; error?: RegisterErrorLike; leaseId?: string },
): RegistrationRecord {
  const { mode, now, error, leaseId } = opts;
  const lease = leaseId !== undefined ? { leaseId } : {};
  const attempt: RegisterAttempt = error
    ? { at: now, mode, outcome: 'error', code: error.code, subcode: error.subcode, kind: error.kind, message: error.message, ...lease }
    : { at: now, mode, outcome: 'success', ...lease };
  // The call's real outcome replaces the `interrupted` guess a restarted worker may have recorded for it.
  const earlier = leaseId === undefined ? record.attempts : record.attempts.filter((a) => a.leaseId !== leaseId);
  const next: RegistrationRecord = { ...record, attempts: keepRecent([...earlier, attempt], now) };

  if (!error) {
    return {
      ...next,
      notBefore: now + SUCCESS_COOLDOWN_MS,
      autoNotBefore: undefined,
      autoStopped: undefined,
      certificateWait: undefined,
      transientFailures: 0,
      lastSuccessAt: now,
      recheckAt: now + RECHECK_AFTER_SUCCESS_MS,
    };
  }
  if (mode === 'manual') {
    // A person acted: earlier automatic stops no longer hold unless this error sets them again.
    next.autoStopped = undefined;
  }
  if (error.code === 133016) return { ...next, blockedUntil: now + WINDOW_MS };
  if (error.code === 133015) return { ...next, notBefore: now + RECENTLY_DELETED_WAIT_MS };
  if (isCertificateError(error)) {
    return {
      ...next,
      transientFailures: 0,
      certificateWait: {
        at: now,
        nameStatus: opts.names?.name_status ?? undefined,
        newNameStatus: opts.names?.new_name_status ?? undefined,
      },
    };
  }
  if (stopsAutoRetry(error.code)) return { ...next, autoStopped: { code: error.code ?? 0, at: now } };
  if (error.kind === 'transient') {
    const failures = record.transientFailures + 1;
    return { ...next, transientFailures: failures, autoNotBefore: now + transientDelay(failures, opts.random) };
  }
  return next;
}

/**
 * A register call whose outcome we never learned (the worker stopped mid-call and its lock expired).
 * It counts against the budget, and we wait as after a success: the number may be provisioning, and a
 * fresh read decides what comes next. No second call goes out on a guess.
 */
export function recordInterrupted(
  record: RegistrationRecord,
  opts: { at: number; mode: AttemptMode; now: number; leaseId?: string },
): RegistrationRecord {
  const attempt: RegisterAttempt = {
    at: opts.at,
    mode: opts.mode,
    outcome: 'interrupted',
    ...(opts.leaseId !== undefined ? { leaseId: opts.leaseId } : {}),
  };
  return {
    ...record,
    attempts: keepRecent([...record.attempts, attempt], opts.now),
    notBefore: Math.max(record.notBefore ?? 0, opts.at + SUCCESS_COOLDOWN_MS),
    recheckAt: opts.now,
  };
}
