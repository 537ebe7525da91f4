import { coalesced } from './display-state';
import type { NumberState, NumberSummary, SummarySnapshot } from './storage/schemas';

/**
 * The popup's list paints from a lean copy of `numbers` (about a fifth of its size): reading the full
 * item (Graph snapshots with health entities, history) from storage.local dominated its first paint.
 * Never the token or PINs (they are not in NumberState either); nothing the list does not show.
 */

/** storage.local key the summaries are derived from. */
export const NUMBER_SUMMARY_SOURCE_KEY = 'numbers';

const STRING_FIELDS = [
  'display_phone_number',
  'verified_name',
  'status',
  'quality_rating',
  'whatsapp_business_manager_messaging_limit',
  'messaging_limit_tier',
  'name_status',
  'new_name_status',
  'platform_type',
] as const satisfies ReadonlyArray<keyof SummarySnapshot>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function summariseSnapshot(snap: Record<string, unknown> & { id: string }): SummarySnapshot {
  const out: SummarySnapshot = { id: snap.id };
  for (const field of STRING_FIELDS) {
    const value = str(snap[field]);
    if (value !== undefined) out[field] = value;
  }
  const throughput = obj(snap.throughput);
  if (throughput) out.throughput = str(throughput.level) !== undefined ? { level: str(throughput.level) } : {};
  if (typeof snap.is_pin_enabled === 'boolean') out.is_pin_enabled = snap.is_pin_enabled;
  const health = obj(snap.health_status);
  if (health) out.health_status = str(health.can_send_message) !== undefined ? { can_send_message: str(health.can_send_message) } : {};
  return out;
}

/** When a number that is stuck or blocked now entered that state (its last transition into it). */
export function alarmedSince(n: Pick<NumberState, 'health' | 'history'>): number | undefined {
  if (n.health !== 'stuck' && n.health !== 'blocked') return undefined;
  return n.history.findLast((h) => h.to === n.health)?.at;
}

/** One number's summary: what the list, its cards, badges, filter, grouping and counts read. */
export function summariseNumber(n: NumberState): NumberSummary {
  const out: NumberSummary = {
    id: n.id,
    wabaId: n.wabaId,
    stale: n.stale,
    health: n.health,
    reasons: n.reasons,
    decision: n.decision,
  };
  if (n.snapshot) out.snapshot = summariseSnapshot(n.snapshot);
  if (n.lastReadAt !== undefined) out.lastReadAt = n.lastReadAt;
  if (n.removedAt !== undefined) out.removedAt = n.removedAt;
  const alarmedAt = alarmedSince(n);
  if (alarmedAt !== undefined) out.alarmedAt = alarmedAt;
  if (n.lastError) {
    const { kind, message, code, subcode, userTitle, userMessage } = n.lastError;
    out.lastError = { kind, message };
    if (code !== undefined) out.lastError.code = code;
    if (subcode !== undefined) out.lastError.subcode = subcode;
    if (userTitle !== undefined) out.lastError.userTitle = userTitle;
    if (userMessage !== undefined) out.lastError.userMessage = userMessage;
  }
  return out;
}

/** Summaries of every number, keyed like `numbers`. Pure. */
export function summarise(numbers: Record<string, NumberState>): Record<string, NumberSummary> {
  const out: Record<string, NumberSummary> = {};
  for (const [key, n] of Object.entries(numbers)) out[key] = summariseNumber(n);
  return out;
}

export interface NumberSummaryPublisherDeps {
  read(): Promise<Record<string, NumberState>>;
  write(summaries: Record<string, NumberSummary>): Promise<void>;
  /** Subscribes to storage.local changes (changed key names). */
  onLocalChanged(listener: (keys: string[]) => void): void;
}

/**
 * Keeps `numberSummaries` derived from `numbers` (the background is its single writer): writes once at
 * start (e.g. after an update, before which it did not exist) and after every change of `numbers`.
 * Serialised and coalesced like the display state: a burst of writes yields at most one write in flight
 * and one queued, and the last one always reflects the latest `numbers`.
 */
export function startNumberSummaryPublisher(deps: NumberSummaryPublisherDeps): { publish(): Promise<void> } {
  const publish = coalesced(async () => {
    await deps.write(summarise(await deps.read()));
  });
  deps.onLocalChanged((keys) => {
    if (keys.includes(NUMBER_SUMMARY_SOURCE_KEY)) void publish();
  });
  void publish();
  return { publish };
}
