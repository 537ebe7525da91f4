import { describe, expect, it } from 'vitest';
import { beginTyped, settlePin, verdictOf } from '@/lib/engine/pin-store';
import type { PinEntry } from '@/lib/storage/schemas';

const T = 1_000;
const accepted: PinEntry = { pin: '111111', source: 'user', at: 1, acceptedAt: 2 };
const unconfirmed: PinEntry = { pin: '111111', source: 'user', at: 1 };

describe('pin-store: the stored PIN follows what Meta accepted', () => {
  it('reads Meta answers as verdicts', () => {
    expect(verdictOf({})).toBe('accepted');
    expect(verdictOf({ error: { code: 133005 } })).toBe('refused');
    expect(verdictOf({ error: { code: 133006 } })).toBe('refused');
    expect(verdictOf({ error: { code: 100 } })).toBe('undecided');
    expect(verdictOf('unknown')).toBe('undecided');
  });

  it('a typed PIN is kept aside with the entry it replaces, and the same PIN typed again changes nothing', () => {
    expect(beginTyped(undefined, '222222', T)).toEqual({ pin: '222222', source: 'user', at: T });
    expect(beginTyped(accepted, '222222', T)).toEqual({ pin: '222222', source: 'user', at: T, previous: accepted });
    expect(beginTyped(accepted, '111111', T)).toBe(accepted);
  });

  it.each([
    ['accepted', accepted, { pin: '222222', source: 'user', at: T, acceptedAt: T }],
    ['refused', accepted, accepted],
    ['undecided', accepted, accepted],
    ['refused', unconfirmed, unconfirmed],
    ['undecided', unconfirmed, { pin: '222222', source: 'user', at: T }],
  ] as const)('typed over a previous entry, verdict %s', (verdict, previous, expected) => {
    const during = beginTyped(previous, '222222', T);
    expect(settlePin(during, { pin: '222222', origin: 'typed' }, verdict, T)).toEqual(expected);
  });

  it('a typed PIN over nothing: refused leaves nothing, anything else keeps it', () => {
    const during = beginTyped(undefined, '222222', T);
    expect(settlePin(during, { pin: '222222', origin: 'typed' }, 'refused', T)).toBeUndefined();
    expect(settlePin(during, { pin: '222222', origin: 'typed' }, 'undecided', T)).toEqual({ pin: '222222', source: 'user', at: T });
  });

  it('generated PINs go when refused, stay otherwise; stored PINs stay whatever Meta said short of accepting', () => {
    const generated: PinEntry = { pin: '333333', source: 'generated', at: 1 };
    expect(settlePin(generated, { pin: '333333', origin: 'generated' }, 'refused', T)).toBeUndefined();
    expect(settlePin(generated, { pin: '333333', origin: 'generated' }, 'undecided', T)).toBe(generated);
    expect(settlePin(generated, { pin: '333333', origin: 'generated' }, 'accepted', T)).toEqual({ ...generated, acceptedAt: T });
    expect(settlePin(unconfirmed, { pin: '111111', origin: 'stored' }, 'refused', T)).toBe(unconfirmed);
  });

  it('an entry the person replaced meanwhile is left alone, unless Meta accepted the PIN of the call', () => {
    const meanwhile: PinEntry = { pin: '444444', source: 'user', at: 5 };
    expect(settlePin(meanwhile, { pin: '222222', origin: 'typed' }, 'refused', T)).toBe(meanwhile);
    expect(settlePin(meanwhile, { pin: '222222', origin: 'typed' }, 'accepted', T)).toEqual({
      pin: '222222',
      source: 'user',
      at: T,
      acceptedAt: T,
    });
  });
});
