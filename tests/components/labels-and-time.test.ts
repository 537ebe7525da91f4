import { describe, expect, it } from 'vitest';
import {
  canSendLabel,
  messagingLimitLabel,
  nameStatusLabel,
  platformLabel,
  qualityLabel,
  statusLabel,
  throughputLabel,
  tokenTypeLabel,
} from '@/lib/format/labels';
import { isOutdated, timeAgo, timeUntil } from '@/lib/format/time';

const MIN = 60_000;

describe('labels for Meta enums', () => {
  it.each([
    ['TIER_2K', '2K customers / 24 h'],
    ['TIER_250', '250 customers / 24 h'],
    ['TIER_100K', '100K customers / 24 h'],
    ['TIER_1K', '1K customers / 24 h'],
    ['TIER_UNLIMITED', 'Unlimited customers'],
    ['UNTIERED', 'No tier yet'],
    ['TIER_SOMETHING_ELSE', 'Tier something else'],
  ])('messaging limit %s -> %s', (value, label) => {
    expect(messagingLimitLabel(value)).toBe(label);
  });

  it('labels known values in words', () => {
    expect(statusLabel('CONNECTED')).toBe('Connected');
    expect(statusLabel('RATE_LIMITED')).toBe('Rate limited');
    expect(qualityLabel('GREEN')).toBe('High quality');
    expect(qualityLabel('RED')).toBe('Low quality');
    expect(nameStatusLabel('PENDING_REVIEW')).toBe('Name in review');
    expect(platformLabel('NOT_APPLICABLE')).toBe('Not provisioned');
    expect(throughputLabel('HIGH')).toBe('High throughput');
    expect(tokenTypeLabel('SYSTEM_USER')).toBe('System user');
    expect(canSendLabel('LIMITED')).toBe('Sending limited');
  });

  it('humanises values Meta adds later instead of showing the raw key', () => {
    for (const label of [statusLabel, qualityLabel, nameStatusLabel, platformLabel, throughputLabel, tokenTypeLabel, canSendLabel]) {
      expect(label('SOME_NEW_VALUE')).toBe('Some new value');
    }
    expect(statusLabel(undefined)).toBe('Not reported');
    expect(statusLabel('')).toBe('Not reported');
  });
});

describe('relative times', () => {
  const now = 1_700_000_000_000;
  it('reads minutes, hours and days ago', () => {
    expect(timeAgo(now - 20_000, now)).toBe('just now');
    expect(timeAgo(now - 3 * MIN - 10_000, now)).toBe('3 min ago');
    expect(timeAgo(now - 125 * MIN, now)).toBe('2 h ago');
    expect(timeAgo(now - 3 * 24 * 60 * MIN, now)).toBe('3 d ago');
  });
  it('reads a future time', () => {
    expect(timeUntil(now + 90_000, now)).toBe('in 2 min');
    expect(timeUntil(now + 5 * 60 * MIN, now)).toBe('in 5 h');
    expect(timeUntil(now - 1, now)).toBe('now');
  });
  it('marks readings older than three intervals as outdated, never-read ones not', () => {
    expect(isOutdated(now - 46 * MIN, now, 15)).toBe(true);
    expect(isOutdated(now - 44 * MIN, now, 15)).toBe(false);
    expect(isOutdated(undefined, now, 15)).toBe(false);
  });
});
