import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { parseDisplayState, parseErrorInfo, parseRegisterReply, parseReply, safeManagerUrl } from '@/lib/page/guards';
import { ErrorInfoSchema, ReplySchema } from '@/lib/messages/protocol';
import { NEXT_STEP_IDS } from '@/lib/next-step';
import { InfoError } from '@/lib/info-error';
import { createBackgroundClient } from '@/lib/page/messaging';

const good = {
  id: '1001',
  wabaId: '2001',
  displayPhoneNumber: '+1 555-010-0001',
  health: 'stuck',
  reasons: [{ code: 'status', value: 'PENDING' }, { nope: 1 }],
  decision: 'register',
  lastReadAt: 1,
  stale: false,
  managerUrl: 'https://business.facebook.com/latest/whatsapp_manager/phone_numbers/?asset_id=2001',
};

describe('content-script guards', () => {
  it('accepts a display state and drops malformed numbers and reasons', () => {
    const state = parseDisplayState({ tokenState: 'valid', numbers: [good, { id: 'not-digits', wabaId: '1', health: 'x' }, null] });
    expect(state?.numbers).toHaveLength(1);
    expect(state?.numbers[0]).toMatchObject({
      id: '1001',
      health: 'stuck',
      decision: 'register',
      reasons: [{ code: 'status', value: 'PENDING' }],
    });
    expect(parseDisplayState({ tokenState: 'hacked', numbers: [] })).toBeNull();
    expect(parseDisplayState({ tokenState: 'valid' })).toBeNull();
    expect(parseDisplayState('x')).toBeNull();
  });

  it('never lets a non-WhatsApp-Manager link through', () => {
    expect(safeManagerUrl(good.managerUrl)).toBe(good.managerUrl);
    expect(safeManagerUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeManagerUrl('https://business.facebook.com.evil.example/')).toBeUndefined();
    expect(safeManagerUrl('http://business.facebook.com/')).toBeUndefined();
    expect(
      parseDisplayState({ tokenState: 'valid', numbers: [{ ...good, managerUrl: 'javascript:alert(1)' }] })?.numbers[0]?.managerUrl,
    ).toBe('');
  });

  it('parses register replies and never keeps a PIN from one', () => {
    expect(parseRegisterReply({ status: 'registered', generatedPin: '123456', pinSaved: true })).toEqual({
      status: 'registered',
      pinSaved: true,
    });
    expect(parseRegisterReply({ status: 'pin_needed' })).toEqual({ status: 'pin_needed' });
    expect(
      parseRegisterReply({ status: 'failed', error: { metaMessage: 'x (Meta error 133005)', code: 133005, nextStep: 'wrongPin' } }),
    ).toMatchObject({
      error: { metaMessage: 'x (Meta error 133005)', code: 133005, nextStep: 'wrongPin' },
    });
    // Ids stay ids: a next step the content script does not know, or a key that is not one, is dropped.
    expect(parseRegisterReply({ status: 'failed', error: { problem: 'not a key!', nextStep: 'runAway', metaMessage: 'x' } })).toMatchObject(
      { error: { problem: undefined, nextStep: undefined, metaMessage: 'x' } },
    );
    expect(parseRegisterReply({ status: 'failed', error: {} })).toBeNull();
    // A refusal is a reason and a time, no sentence: anything else is dropped.
    expect(parseRegisterReply({ status: 'refused', reason: 'budget', message: 'wait', until: 5 })).toEqual({
      status: 'refused',
      reason: 'budget',
      until: 5,
    });
    expect(parseRegisterReply({ status: 'other' })).toBeNull();
  });

  it('unwraps the background envelope', () => {
    expect(parseReply({ ok: true, data: 1 })).toEqual({ ok: true, data: 1 });
    expect(parseReply({ ok: false, error: { problem: 'errNotAllowed', kind: 'forbidden' } })).toMatchObject({
      ok: false,
      error: { problem: 'errNotAllowed', kind: 'forbidden' },
    });
    expect(parseReply({ ok: false, error: { message: 'an English sentence' } })).toBeNull();
    expect(parseReply(undefined)).toBeNull();
  });
});

describe('background client', () => {
  it('sends only its three request types, with the phone id and optional PIN', async () => {
    const send = vi.fn().mockResolvedValue({ ok: true, data: { status: 'pin_needed' } });
    const client = createBackgroundClient(send);
    await client.completeRegistration('1001');
    await client.completeRegistration('1001', '123456');
    expect(send.mock.calls).toEqual([
      [{ type: 'completeRegistration', phoneId: '1001' }],
      [{ type: 'completeRegistration', phoneId: '1001', pin: '123456' }],
    ]);
  });

  it('turns refusals and missing answers into InfoError', async () => {
    const refused = createBackgroundClient(async () => ({ ok: false, error: { problem: 'errNotAllowed', kind: 'forbidden' } }));
    await expect(refused.getDisplayState()).rejects.toMatchObject({ info: { kind: 'forbidden' } });
    const dead = createBackgroundClient(async () => {
      throw new Error('Extension context invalidated.');
    });
    await expect(dead.getDisplayState()).rejects.toBeInstanceOf(InfoError);
    const garbage = createBackgroundClient(async () => ({ ok: true, data: { numbers: 'x' } }));
    await expect(garbage.getDisplayState()).rejects.toBeInstanceOf(InfoError);
  });
});

describe('content-script guards against the protocol’s schemas (fast-check)', () => {
  // Values as the background could send them, and as a hostile or broken sender could.
  const anyValue = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  );
  const errorLike = fc.record(
    {
      problem: fc.oneof(fc.constantFrom('errUnknownNumber', 'errStorageNotReady', 'bad key!', ''), anyValue),
      values: fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), { maxLength: 8 }), anyValue),
      metaMessage: anyValue,
      nextStep: fc.oneof(fc.constantFrom(...NEXT_STEP_IDS, 'hack'), anyValue),
      code: anyValue,
      subcode: anyValue,
      fbtraceId: anyValue,
      kind: anyValue,
    },
    { requiredKeys: [] },
  );

  it('whatever it is given, an error the guard lets through is one the schema accepts', () => {
    fc.assert(
      fc.property(errorLike, (raw) => {
        const parsed = parseErrorInfo(raw);
        if (parsed) expect(ErrorInfoSchema.safeParse(parsed).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('an error the schema accepts (with a catalogue key) keeps its ids and values through the guard', () => {
    const valid = fc.record(
      {
        problem: fc.constantFrom('errUnknownNumber', 'errStorageNotReady', 'errBadRequest'),
        values: fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
        nextStep: fc.constantFrom(...NEXT_STEP_IDS),
        code: fc.integer(),
        kind: fc.string({ minLength: 1, maxLength: 20 }),
      },
      { requiredKeys: ['problem'] },
    );
    fc.assert(
      fc.property(valid, (raw) => {
        expect(ErrorInfoSchema.safeParse(raw).success).toBe(true);
        expect(parseErrorInfo(raw)).toMatchObject(raw);
      }),
      { numRuns: 300 },
    );
  });

  it('a reply envelope the guard lets through is one the schema accepts', () => {
    fc.assert(
      fc.property(
        fc.record({ ok: fc.oneof(fc.boolean(), anyValue), data: anyValue, error: fc.oneof(errorLike, anyValue) }, { requiredKeys: [] }),
        (raw) => {
          const parsed = parseReply(raw);
          if (parsed) expect(ReplySchema.safeParse(parsed).success).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
