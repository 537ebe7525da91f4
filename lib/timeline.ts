import { messagingCanSend } from './health/classify';
import type { Change } from './storage/schemas';

/**
 * A number's change timeline: every change of what Meta reports about it, with its time. Meta's quality
 * webhook no longer reports quality moves, so the record a poller keeps is the only one there is.
 * Bounded: the last TIMELINE_MAX_AGE_MS and at most TIMELINE_MAX_ENTRIES per number, whichever is smaller.
 */
export const TIMELINE_MAX_ENTRIES = 200;
export const TIMELINE_MAX_AGE_MS = 90 * 24 * 60 * 60_000;

/** The fields recorded, each read from a snapshot (`webhooks` comes from the WABA's read). */
export const TIMELINE_FIELDS = [
  'status',
  'quality_rating',
  'messaging_limit',
  'name_status',
  'throughput',
  'platform_type',
  'can_send_message',
  'webhooks',
] as const;
export type TimelineField = (typeof TIMELINE_FIELDS)[number];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const level = (v: unknown): string | undefined => str((v as { level?: unknown } | null | undefined)?.level);

export type TimelineValues = Partial<Record<TimelineField, string>>;

/**
 * A snapshot's messaging limit: the portfolio's, else the deprecated per-number tier. Same rule as
 * messagingLimit() in lib/graph/schemas, without the Graph schemas the pages do not load.
 */
export const messagingLimitOf = (snap: Record<string, unknown>): string | undefined =>
  str(snap.whatsapp_business_manager_messaging_limit) ?? str(snap.messaging_limit_tier);

/** A snapshot's value of each recorded field (absent when Meta did not send it). */
export function timelineValues(snap: Record<string, unknown>): TimelineValues {
  const values: TimelineValues = {
    status: str(snap.status),
    quality_rating: str(snap.quality_rating),
    messaging_limit: messagingLimitOf(snap),
    name_status: str(snap.name_status),
    throughput: level(snap.throughput),
    platform_type: str(snap.platform_type),
    // As classification reads it: a BLOCKED that comes only from calling is no messaging block.
    can_send_message: str(messagingCanSend(snap.health_status as Parameters<typeof messagingCanSend>[0])),
  };
  for (const field of TIMELINE_FIELDS) if (values[field] === undefined) delete values[field];
  return values;
}

/** Entries within the bounds at `now` (an entry dated after `now`, by a clock moved back, is kept). */
export function boundTimeline(changes: readonly Change[], now: number): Change[] {
  return changes.filter((c) => now - c.at <= TIMELINE_MAX_AGE_MS).slice(-TIMELINE_MAX_ENTRIES);
}

/**
 * The timeline after a read, and the last known value of each field: what differs from the last value
 * known before it (a field Meta leaves out of one read is neither a change nor forgotten; the first read,
 * `known` undefined, has nothing to compare with), plus `extra` (its WABA's webhook coverage).
 */
export function recordChanges(
  timeline: readonly Change[],
  known: TimelineValues | undefined,
  after: Record<string, unknown>,
  now: number,
  extra: readonly Change[] = [],
): { changes: Change[]; known: TimelineValues } {
  const is = timelineValues(after);
  const added: Change[] = [];
  if (known) {
    for (const field of TIMELINE_FIELDS) {
      const to = is[field];
      if (to !== undefined && to !== known[field]) added.push({ at: now, field, from: known[field], to });
    }
  }
  added.push(...extra);
  return { changes: boundTimeline([...timeline, ...added], now), known: { ...known, ...is } };
}

/** A value over a time window, as steps: each point holds from its time to the next point (or the end). */
export interface Step {
  at: number;
  value: string | undefined;
}

/**
 * The steps of one value over [start, end] from its changes (oldest first, each `from` -> `to`) and its
 * value now: before the window's first change it held that change's `from`; with no change in the
 * window, its current value held throughout.
 */
export function stepsOver(
  changes: ReadonlyArray<{ at: number; from?: string; to?: string }>,
  current: string | undefined,
  start: number,
  end: number,
): Step[] {
  const inWindow = changes.filter((c) => c.at > start && c.at <= end);
  const first = inWindow[0];
  const steps: Step[] = [{ at: start, value: first ? first.from : current }];
  for (const c of inWindow) steps.push({ at: c.at, value: c.to });
  return steps;
}
