import { classify, type Reason } from '../health/classify';
import { decideRegistration } from '../registration/decision';
import type { Change, NumberState, Settings, Snapshot, StoredError } from '../storage/schemas';
import { recordChanges, timelineValues } from '../timeline';
import { stateNotification } from './notifications';

/** Bounded history of state transitions per number. */
export const HISTORY_LIMIT = 20;

export interface NumberUpdate {
  next: NumberState;
  /** The number entered stuck/blocked and should be announced. */
  notify: boolean;
}

/** A successful read: new snapshot, classification, decision, history. */
export function applyRead(
  prev: NumberState | undefined,
  snapshot: Snapshot,
  ctx: {
    wabaId: string;
    now: number;
    settings: Pick<Settings, 'notify'>;
    /** Changes its WABA's read brought (webhook coverage), for its timeline. */
    changes?: readonly Change[];
  },
): NumberUpdate {
  const { health, reasons } = classify(snapshot as Parameters<typeof classify>[0]);
  // Meta's answer about ownership holds while the number stays stuck (a new stuck spell starts afresh); a
  // code accepted holds until a read confirms VERIFIED: from then on Meta's newest read speaks.
  const confirmed = String(snapshot.code_verification_status ?? '').toUpperCase() === 'VERIFIED';
  const ownershipVerified = health === 'stuck' && !(prev?.ownershipVerified === true && confirmed) ? prev?.ownershipVerified : undefined;
  const decision = decideRegistration(snapshot as Parameters<typeof decideRegistration>[0], ownershipVerified);
  const codeRequest = decision.action === 'verify_ownership' ? liveCodeRequest(prev?.codeRequest, ctx.now) : undefined;
  const history = [...(prev?.history ?? [])];
  // What was known before this read: `seen` (written with every snapshot), or the previous snapshot for a
  // number stored before `seen` existed.
  const known = prev?.seen ?? (prev?.snapshot ? timelineValues(prev.snapshot) : undefined);
  const timeline = recordChanges(prev?.changes ?? [], known, snapshot, ctx.now, ctx.changes);
  if (prev?.health !== health) history.push({ at: ctx.now, from: prev?.health, to: health });
  const base: NumberState = {
    id: snapshot.id,
    wabaId: ctx.wabaId,
    snapshot,
    lastReadAt: ctx.now,
    lastError: undefined,
    stale: false,
    health,
    reasons,
    decision: decision.action,
    history: history.slice(-HISTORY_LIMIT),
    changes: timeline.changes,
    seen: timeline.known,
    notifiedHealth: prev?.notifiedHealth,
    firstSeenAt: prev?.firstSeenAt || ctx.now,
    ownershipVerified,
    ownershipAt: ownershipVerified === undefined ? undefined : prev?.ownershipAt,
    codeRequest,
  };
  // Blocked only by an entity above it: that entity's one notification speaks for all its numbers, and
  // what the number itself was last announced for stays (a ban of its own later is still announced).
  if (blockedFromAbove(reasons)) return { next: { ...base, notifiedHealth: prev?.notifiedHealth }, notify: false };
  const { notify, notifiedHealth } = stateNotification(base, ctx.settings);
  return { next: { ...base, notifiedHealth }, notify };
}

/** Every reason it is blocked names an entity above it (its portfolio, WABA or app), none its own. */
export const blockedFromAbove = (reasons: readonly Reason[]): boolean =>
  reasons.some((r) => r.code === 'can_send_blocked' && r.entity) &&
  !reasons.some((r) => (r.code === 'can_send_blocked' && !r.entity) || r.code === 'status');

/** The number after Meta answered about its ownership at `at` (lib/engine/verify.ts): the decision follows; a removed number stays as it is. */
export function withOwnership(n: NumberState, verified: boolean, at: number): NumberState {
  if (n.removedAt !== undefined) return n;
  const decision = decideRegistration(n.snapshot as Parameters<typeof decideRegistration>[0], verified);
  return {
    ...n,
    ownershipVerified: verified,
    ownershipAt: at,
    decision: decision.action,
    codeRequest: decision.action === 'verify_ownership' ? n.codeRequest : undefined,
  };
}

/** A code sent is worth typing for this long (Meta's codes expire; a new one can be asked for after the cooldown). */
export const CODE_VALID_MS = 10 * 60_000;

/** What is left of a code request at `now`: a call still out, a code still worth typing (a clock moved back expires both). */
export function liveCodeRequest(r: NumberState['codeRequest'], now: number): NumberState['codeRequest'] {
  if (!r) return undefined;
  const sent = r.sentAt !== undefined && r.sentAt <= now && now - r.sentAt < CODE_VALID_MS;
  const out = r.inFlightUntil !== undefined && r.inFlightUntil > now && r.inFlightUntil - now <= CODE_VALID_MS;
  if (!sent && !out) return undefined;
  return { ...(sent ? { sentAt: r.sentAt, method: r.method } : {}), ...(out ? { inFlightUntil: r.inFlightUntil } : {}) };
}

/** A failed read: the last good snapshot stays, marked stale. Data is never erased by an error. */
export function applyReadError(prev: NumberState, error: StoredError): NumberState {
  return { ...prev, lastError: error, stale: prev.snapshot !== undefined };
}
