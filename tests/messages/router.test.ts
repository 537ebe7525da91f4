import { describe, expect, it, vi } from 'vitest';
import { createMessageRouter, type Handlers } from '@/lib/messages/router';
import { toRegisterReply } from '@/lib/background/handlers';

const env = {
  runtimeId: 'ext-id',
  extensionOrigin: 'chrome-extension://ext-id',
  describeError: () => ({ problem: 'errUnexpected' as const }),
};
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const wam = { id: 'ext-id', url: 'https://business.facebook.com/wa/manage/phone-numbers/', tab: { id: 3 } };

function handlers(): Handlers {
  const ok = async () => ({ ok: true as const });
  return {
    ping: async () => ({ pong: true }),
    checkNow: vi.fn(async () => ({ status: 'done' as const, calls: 1, numbers: 2, registered: 0 })),
    completeRegistration: vi.fn(async () => ({ status: 'registered' as const })),
    setPin: vi.fn(ok),
    requestCode: vi.fn(ok),
    verifyCode: vi.fn(ok),
    saveToken: vi.fn(ok),
    removeToken: vi.fn(ok),
    updateSettings: vi.fn(ok),
    addWaba: vi.fn(ok),
    getDisplayState: vi.fn(async () => ({ tokenState: 'valid' as const, numbers: [] })),
    dismissNumber: vi.fn(ok),
    forgetAll: vi.fn(ok),
    getMigrationStatus: vi.fn(async () => ({ state: 'done' as const, attempt: 1, at: 0, from: 2, to: 2 })),
    retryMigration: vi.fn(async () => ({ state: 'done' as const, attempt: 2, at: 0, from: 2, to: 2 })),
  };
}

describe('message router', () => {
  it('answers a valid request from an extension page', async () => {
    const route = createMessageRouter(handlers(), env);
    expect(await route({ type: 'ping' }, popup)).toEqual({ ok: true, data: { pong: true } });
  });

  it.each([
    ['another extension', { id: 'evil', url: 'chrome-extension://evil/x.html' }],
    ['a web page / other site content script', { id: 'ext-id', url: 'https://evil.example/', tab: { id: 1 } }],
    ['a lookalike host', { id: 'ext-id', url: 'https://business.facebook.com.evil.example/', tab: { id: 1 } }],
    ['no url', { id: 'ext-id' }],
  ])('refuses %s', async (_name, sender) => {
    const h = handlers();
    const route = createMessageRouter(h, env);
    expect(await route({ type: 'checkNow' }, sender)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(h.checkNow).not.toHaveBeenCalled();
  });

  it('lets the WhatsApp Manager content script read display data and request registration only', async () => {
    const h = handlers();
    const route = createMessageRouter(h, env);
    expect((await route({ type: 'getDisplayState' }, wam)).ok).toBe(true);
    expect((await route({ type: 'completeRegistration', phoneId: '123' }, wam)).ok).toBe(true);
    for (const req of [
      { type: 'saveToken', token: 'x'.repeat(40) },
      { type: 'setPin', phoneId: '1', pin: '123456' },
      { type: 'checkNow' },
      { type: 'removeToken' },
    ]) {
      expect(await route(req, wam)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    expect(h.saveToken).not.toHaveBeenCalled();
    expect(h.setPin).not.toHaveBeenCalled();
  });

  it('validates every request with zod (unknown type, bad ids, extra settings keys)', async () => {
    const h = handlers();
    const route = createMessageRouter(h, env);
    expect(await route({ type: 'nope' }, popup)).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(await route({ type: 'completeRegistration', phoneId: '12; DROP' }, popup)).toMatchObject({
      ok: false,
      error: { problem: 'errUnknownNumber', kind: 'bad_request' },
    });
    expect(await route({ type: 'updateSettings', patch: { intervalMinutes: 1 } }, popup)).toEqual({
      ok: false,
      error: { problem: 'errBadRequest', kind: 'bad_request' },
    });
    expect(await route({ type: 'updateSettings', patch: { graphVersion: 'v23.0' } }, popup)).toEqual({
      ok: false,
      error: { problem: 'optionsGraphVersionInvalid', values: ['v25.0', 'v24.0'], kind: 'bad_request' },
    });
    expect(await route({ type: 'updateSettings', patch: { token: 'x' } }, popup)).toMatchObject({ ok: false });
    expect(await route('ping', popup)).toMatchObject({ ok: false });
    expect(h.completeRegistration).not.toHaveBeenCalled();
    expect(h.updateSettings).not.toHaveBeenCalled();
  });

  it('turns a thrown error into an ErrorInfo reply', async () => {
    const h = handlers();
    h.checkNow = async () => {
      throw new Error('boom');
    };
    expect(await createMessageRouter(h, env)({ type: 'checkNow' }, popup)).toEqual({ ok: false, error: { problem: 'errUnexpected' } });
  });
});

describe('register replies', () => {
  it('never hands a generated PIN to a content script', () => {
    const result = { status: 'registered' as const, generatedPin: '424242' };
    expect(toRegisterReply(result, true)).toEqual({ status: 'registered', pinSaved: true });
    expect(JSON.stringify(toRegisterReply(result, true))).not.toContain('424242');
    expect(toRegisterReply(result, false)).toEqual(result);
  });

  it("carries Meta's code and words, and the next step by id, on failure", () => {
    const reply = toRegisterReply({ status: 'failed', error: { kind: 'user_action', code: 133005, message: 'PIN mismatch' } }, false);
    expect(reply).toEqual({
      status: 'failed',
      error: { kind: 'user_action', code: 133005, metaMessage: 'PIN mismatch', nextStep: 'wrongPin' },
    });
  });

  it('gives the reason and the time a refused manual attempt becomes possible, by value (no sentence)', () => {
    const now = Date.UTC(2026, 10, 1, 12);
    const reply = toRegisterReply({ status: 'refused', refusal: { reason: 'budget', until: now + 5 * 3_600_000 } }, false);
    expect(reply).toEqual({ status: 'refused', reason: 'budget', until: now + 5 * 3_600_000 });
    expect(toRegisterReply({ status: 'already_registered' }, false)).toEqual({ status: 'refused', reason: 'already_registered' });
  });
});
