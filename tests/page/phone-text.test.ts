import { describe, expect, it } from 'vitest';
import { findPhoneCandidates, phoneDigits } from '@/lib/page/phone-text';
import { buildTrackedIndex, hasNewDigits } from '@/lib/page/tracked-index';

const digitsIn = (text: string, soft?: Set<number>) => findPhoneCandidates(text, 7, 15, soft).map((c) => c.digits);

describe('phoneDigits', () => {
  it('keeps digits only, whatever the formatting', () => {
    expect(phoneDigits('+1 (555) 010-0001')).toBe('15550100001');
    expect(phoneDigits('+55 11 91234-5678')).toBe('5511912345678');
  });
});

describe('findPhoneCandidates', () => {
  it.each([
    ['+1 555-010-0001'],
    ['+1 (555) 010-0001'],
    ['1 555 010 0001'],
    ['+15550100001'],
    ['15550100001'],
    ['1.555.010.0001'],
    ['+1 555 - 010 - 0001'],
    ['+1\u00a0555\u2011010\u20110001'], // no-break space and non-breaking hyphens
    ['\u202a+1 555-010-0001\u202c'], // bidi embedding, as Meta renders numbers in RTL locales
    ['+1 555\n        -010-0001'], // source formatting between two inline elements
  ])('finds %j', (text) => {
    expect(digitsIn(`Call ${text} today`)).toEqual(['15550100001']);
  });

  it('finds the offsets of the digits', () => {
    const [c] = findPhoneCandidates('Tel: +1 555-010-0001.', 7, 15);
    expect(c).toMatchObject({ start: 6, end: 20 });
  });

  it('never matches part of a longer digit run (ids, a date glued to a number)', () => {
    expect(digitsIn('case 4815162342108')).toEqual(['4815162342108']);
    expect(digitsIn('9915550100001')).toEqual(['9915550100001']);
    // 19 digits in one run: refused as a whole, the number inside it is not matched.
    expect(digitsIn('2024-01-15 1 555 010 0001')).toEqual([]);
  });

  it('does not join groups across punctuation that phone numbers do not use', () => {
    expect(digitsIn('$1,234.56 · 12,345 conversations')).toEqual([]);
    expect(digitsIn('07/31/2026 and 2026-07-31')).toEqual(['20260731']);
    expect(digitsIn('+1 555-010-0001, +1 555-010-0002')).toEqual(['15550100001', '15550100002']);
    expect(digitsIn('+1 555-010-0001 / 2024-01-15')).toEqual(['15550100001', '20240115']);
  });

  it('breaks a run at a long separator stretch', () => {
    expect(digitsIn('+1 555 - - - 010-0001')).not.toContain('15550100001');
    expect(digitsIn('+1 555 - 010-0001')).toEqual(['15550100001']);
  });

  it('refuses digits glued to letters in the same text (identifiers), accepts them across inline elements', () => {
    expect(digitsIn('ID15550100001')).toEqual([]);
    expect(digitsIn('15550100001abc')).toEqual([]);
    expect(digitsIn('act_15550100001')).toEqual([]);
    expect(digitsIn('Phone15550100001', new Set([5]))).toEqual(['15550100001']);
    expect(digitsIn('15550100001Connected', new Set([11]))).toEqual(['15550100001']);
    expect(digitsIn('Phone:+15550100001')).toEqual(['15550100001']);
    expect(digitsIn('Tel+1 555 010 0001')).toEqual(['15550100001']);
  });

  it('ignores runs with too few or too many digits', () => {
    expect(digitsIn('12345 and 123456789012345678')).toEqual([]);
  });
});

describe('buildTrackedIndex', () => {
  it('indexes numbers by digits and skips unusable ones', () => {
    const index = buildTrackedIndex([
      { id: '1', displayPhoneNumber: '+1 555-010-0001' },
      { id: '2', displayPhoneNumber: '15550100001' }, // same digits: first wins
      { id: '3' },
      { id: '4', displayPhoneNumber: '12345' },
      { id: '5', displayPhoneNumber: '+55 11 91234-5678' },
    ]);
    expect([...index.byDigits]).toEqual([
      ['15550100001', '1'],
      ['5511912345678', '5'],
    ]);
    expect(index.minDigits).toBe(11);
    expect(index.maxDigits).toBe(13);
  });

  it('reports when new digits became trackable', () => {
    const a = buildTrackedIndex([{ id: '1', displayPhoneNumber: '+1 555-010-0001' }]);
    const b = buildTrackedIndex([
      { id: '1', displayPhoneNumber: '+1 555-010-0001' },
      { id: '2', displayPhoneNumber: '+1 555-010-0002' },
    ]);
    expect(hasNewDigits(a, b)).toBe(true);
    expect(hasNewDigits(b, a)).toBe(false);
    expect(hasNewDigits(b, b)).toBe(false);
  });
});
