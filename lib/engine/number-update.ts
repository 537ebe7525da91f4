import { classify } from '../health/classify';
import { decideRegistration } from '../registration/decision';
import type { NumberState, Settings, Snapshot, StoredError } from '../storage/schemas';
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
  ctx: { wabaId: string; now: number; settings: Pick<Settings, 'notify'> },
): NumberUpdate {
  const { health, reasons } = classify(snapshot as Parameters<typeof classify>[0]);
  const decision = decideRegistration(snapshot as Parameters<typeof decideRegistration>[0]);
  const history = [...(prev?.history ?? [])];
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
    notifiedHealth: prev?.notifiedHealth,
    firstSeenAt: prev?.firstSeenAt || ctx.now,
  };
  const { notify, notifiedHealth } = stateNotification(base, ctx.settings);
  return { next: { ...base, notifiedHealth }, notify };
}

/** A failed read: the last good snapshot stays, marked stale. Data is never erased by an error. */
export function applyReadError(prev: NumberState, error: StoredError): NumberState {
  return { ...prev, lastError: error, stale: prev.snapshot !== undefined };
}
