import { HEALTH_SEVERITY, HEALTH_STATES, type Health } from './health/classify';
import type { Collection } from './storage/collection';
import type { NumberState, NumberSummary, SummarySnapshot } from './storage/schemas';

/**
 * Lists, counts, the badge and WhatsApp Manager's badges read a lean summary of each number (about a
 * fifth of its size): no history, no health entities, no raw Graph fields they do not show. Never the
 * token or PINs (they are not in NumberState either). Written with its number, in the same transaction
 * (lib/storage/items.ts), with the fields the `summaries` store indexes.
 */

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
    const { kind, message, code, subcode, httpStatus, local, userTitle, userMessage } = n.lastError;
    out.lastError = { kind, message };
    if (code !== undefined) out.lastError.code = code;
    if (subcode !== undefined) out.lastError.subcode = subcode;
    if (httpStatus !== undefined) out.lastError.httpStatus = httpStatus;
    if (typeof local === 'string') out.lastError.local = local;
    if (userTitle !== undefined) out.lastError.userTitle = userTitle;
    if (userMessage !== undefined) out.lastError.userMessage = userMessage;
  }
  return out;
}

/**
 * The order lists show numbers in, as one string an index sorts by: worst health first (a removed number
 * last), then numbers that can be registered, then by display number and id.
 */
export function summaryOrder(s: Pick<NumberSummary, 'id' | 'health' | 'decision' | 'removedAt' | 'snapshot'>): string {
  const severity = s.removedAt !== undefined ? -1 : (HEALTH_SEVERITY[s.health as Health] ?? HEALTH_SEVERITY.unknown);
  const display = s.snapshot?.display_phone_number ?? s.id;
  return `${String(9 - severity).padStart(2, '0')}|${s.decision === 'register' ? 0 : 1}|${display}|${s.id}`;
}

/** A summary as stored in the `summaries` store: plus `order` and `state` (health, or `removed`) for its indexes. */
export type SummaryRecord = NumberSummary & { order: string; state: string };

export function summaryRecord(n: NumberState): SummaryRecord {
  const summary = summariseNumber(n);
  return { ...summary, order: summaryOrder(summary), state: n.removedAt !== undefined ? 'removed' : n.health };
}

/**
 * Numbers in each state of the summaries' `state` index (a health, or `removed`), counted by the index:
 * no record is read. The toolbar badge and the popup's counts.
 */
export async function countByState(summaries: Pick<Collection<unknown>, 'count'>): Promise<Record<Health | 'removed', number>> {
  const states = [...HEALTH_STATES, 'removed'] as const;
  const counts = await Promise.all(states.map((s) => summaries.count('state', s)));
  return Object.fromEntries(states.map((s, i) => [s, counts[i]!])) as Record<Health | 'removed', number>;
}
