import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change } from '@/lib/storage/schemas';
import { recordChanges as record, TIMELINE_MAX_AGE_MS, TIMELINE_MAX_ENTRIES, timelineValues } from '@/lib/timeline';

/** The timeline after a read whose previous snapshot was `before` (undefined: the first read). */
const recordChanges = (
  timeline: Change[],
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  now: number,
  extra?: Change[],
) => record(timeline, before ? timelineValues(before) : undefined, after, now, extra).changes;

const HOUR = 60 * 60_000;

describe('recordChanges', () => {
  it('records each tracked field that changed, with the time and both values', () => {
    const before = {
      id: '1',
      status: 'CONNECTED',
      quality_rating: 'GREEN',
      whatsapp_business_manager_messaging_limit: 'TIER_2K',
      throughput: { level: 'STANDARD' },
      health_status: { can_send_message: 'AVAILABLE' },
    };
    const after = {
      ...before,
      quality_rating: 'YELLOW',
      whatsapp_business_manager_messaging_limit: 'TIER_10K',
      throughput: { level: 'HIGH' },
      health_status: { can_send_message: 'LIMITED' },
      verified_name: 'not tracked',
    };
    expect(recordChanges([], before, after, 1000)).toEqual([
      { at: 1000, field: 'quality_rating', from: 'GREEN', to: 'YELLOW' },
      { at: 1000, field: 'messaging_limit', from: 'TIER_2K', to: 'TIER_10K' },
      { at: 1000, field: 'throughput', from: 'STANDARD', to: 'HIGH' },
      { at: 1000, field: 'can_send_message', from: 'AVAILABLE', to: 'LIMITED' },
    ]);
  });

  it('records nothing on the first read, nor for a field Meta stopped sending', () => {
    expect(recordChanges([], undefined, { id: '1', status: 'CONNECTED' }, 1)).toEqual([]);
    expect(recordChanges([], { id: '1', status: 'CONNECTED', name_status: 'APPROVED' }, { id: '1', status: 'CONNECTED' }, 1)).toEqual([]);
    // A field Meta starts sending is a change (from nothing).
    expect(recordChanges([], { id: '1' }, { id: '1', platform_type: 'CLOUD_API' }, 1)).toEqual([
      { at: 1, field: 'platform_type', from: undefined, to: 'CLOUD_API' },
    ]);
  });

  it('keeps the deprecated tier as the messaging limit when the portfolio field is absent', () => {
    expect(timelineValues({ messaging_limit_tier: 'TIER_1K' }).messaging_limit).toBe('TIER_1K');
    expect(timelineValues({ messaging_limit_tier: 'TIER_1K', whatsapp_business_manager_messaging_limit: 'TIER_2K' }).messaging_limit).toBe(
      'TIER_2K',
    );
  });

  it('adds the WABA-level changes it is given (webhook coverage)', () => {
    const extra: Change[] = [{ at: 5, field: 'webhooks', from: 'ok', to: 'none' }];
    expect(recordChanges([], { id: '1' }, { id: '1' }, 5, extra)).toEqual(extra);
  });

  it('stays within 90 days and 200 entries whatever the reads, and keeps the newest (property)', () => {
    const qualities = ['GREEN', 'YELLOW', 'RED', 'NA'];
    fc.assert(
      fc.property(
        // Steps between reads: forward (up to 3 days) or, rarely, the clock moved back (up to a day).
        fc.array(fc.tuple(fc.integer({ min: -24 * HOUR, max: 72 * HOUR }), fc.constantFrom(...qualities)), { maxLength: 400 }),
        (steps) => {
          let now = 1_700_000_000_000;
          let snap: Record<string, unknown> = { id: '1', quality_rating: 'GREEN' };
          let timeline: Change[] = [];
          for (const [dt, quality] of steps) {
            now += dt;
            const next = { id: '1', quality_rating: quality };
            const changed = quality !== snap.quality_rating;
            timeline = recordChanges(timeline, snap, next, now);
            snap = next;
            expect(timeline.length).toBeLessThanOrEqual(TIMELINE_MAX_ENTRIES);
            for (const c of timeline) expect(now - c.at).toBeLessThanOrEqual(TIMELINE_MAX_AGE_MS);
            if (changed) expect(timeline.at(-1)).toEqual({ at: now, field: 'quality_rating', from: expect.any(String), to: quality });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
