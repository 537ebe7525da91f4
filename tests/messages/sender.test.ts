import { describe, expect, it, vi } from 'vitest';
import { createHandlers, type HandlerDeps } from '@/lib/background/handlers';
import { PROTOCOL, type RequestType } from '@/lib/messages/protocol';
import { createMessageRouter, type Handlers } from '@/lib/messages/router';
import { PIN_FRAME_PATH, ROLE_REQUESTS, roleMayRequest, senderRole } from '@/lib/messages/sender';

const env = {
  runtimeId: 'ext-id',
  extensionOrigin: 'chrome-extension://ext-id',
  describeError: () => ({ problem: 'errUnexpected' as const }),
};
const frame = { id: 'ext-id', url: 'chrome-extension://ext-id/pin-prompt.html?phoneId=1001', tab: { id: 3 } };
const wam = { id: 'ext-id', url: 'https://business.facebook.com/wa/manage/phone-numbers/', tab: { id: 3 } };
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

/** One spy per request type in the protocol (whatever else gets added to it). */
function handlers() {
  const types = Object.keys(PROTOCOL) as RequestType[];
  return Object.fromEntries(
    types.map((type) => [type, vi.fn(async () => (type === 'completeRegistration' ? { status: 'registered' } : { ok: true }))]),
  ) as unknown as Handlers & Record<RequestType, ReturnType<typeof vi.fn>>;
}

describe('sender roles', () => {
  it('classifies the PIN frame (extension origin, /pin-prompt.html, inside a tab) as the limited pin_frame role', () => {
    expect(PIN_FRAME_PATH).toBe('/pin-prompt.html');
    expect(senderRole(frame, env)).toBe('pin_frame');
    expect(senderRole({ ...frame, url: 'chrome-extension://ext-id/pin-prompt.html' }, env)).toBe('pin_frame');
    expect(
      senderRole(
        { ...frame, url: 'moz-extension://uuid-1/pin-prompt.html?phoneId=1' },
        { runtimeId: 'ext-id', extensionOrigin: 'moz-extension://uuid-1/' },
      ),
    ).toBe('pin_frame');
  });

  it('never gives the PIN frame an extension page’s rights', () => {
    // Not inside a tab (no sender.tab): no role at all, rather than extension_page.
    expect(senderRole({ id: 'ext-id', url: 'chrome-extension://ext-id/pin-prompt.html' }, env)).toBeNull();
    // Another extension's PIN frame, or the path on the page's origin: not ours.
    expect(senderRole({ ...frame, id: 'evil' }, env)).toBeNull();
    expect(senderRole({ ...frame, url: 'chrome-extension://other/pin-prompt.html' }, env)).toBeNull();
    expect(senderRole({ ...frame, url: 'https://business.facebook.com/pin-prompt.html' }, env)).toBe('content_script');
  });

  it('keeps the other roles as they were', () => {
    expect(senderRole(popup, env)).toBe('extension_page');
    expect(senderRole({ ...popup, url: 'chrome-extension://ext-id/options.html', tab: { id: 1 } }, env)).toBe('extension_page');
    expect(senderRole(wam, env)).toBe('content_script');
    expect(senderRole({ ...wam, tab: undefined }, env)).toBeNull();
    expect(senderRole({ id: 'ext-id', url: 'https://evil.example/', tab: { id: 1 } }, env)).toBeNull();
  });

  it('has per-role allow-lists: the PIN frame may only register; the content script never sends a PIN', () => {
    expect([...ROLE_REQUESTS.pin_frame]).toEqual(['completeRegistration']);
    expect(roleMayRequest('pin_frame', { type: 'completeRegistration', pin: '123456' })).toBe(true);
    expect(roleMayRequest('content_script', { type: 'completeRegistration' })).toBe(true);
    expect(roleMayRequest('content_script', { type: 'completeRegistration', pin: '123456' })).toBe(false);
    expect(roleMayRequest('extension_page', { type: 'completeRegistration', pin: '123456' })).toBe(true);
  });
});

describe('router refusals by role', () => {
  /** Spy handlers, and the background's router over them. */
  const routed = () => {
    const h = handlers();
    return { h, route: createMessageRouter(h, env) };
  };

  it('lets the PIN frame register a number with a PIN', async () => {
    const { h, route } = routed();
    expect(await route({ type: 'completeRegistration', phoneId: '1001', pin: '246810' }, frame)).toEqual({
      ok: true,
      data: { status: 'registered' },
    });
    expect(h.completeRegistration).toHaveBeenCalledWith({ type: 'completeRegistration', phoneId: '1001', pin: '246810' }, 'pin_frame');
  });

  it('refuses everything else from the PIN frame: no state, no settings, no token, no PINs', async () => {
    const { h, route } = routed();
    const others = (Object.keys(PROTOCOL) as RequestType[]).filter((t) => t !== 'completeRegistration');
    expect(others).toEqual(
      expect.arrayContaining(['ping', 'getDisplayState', 'checkNow', 'setPin', 'saveToken', 'removeToken', 'updateSettings', 'addWaba']),
    );
    const samples: Partial<Record<RequestType, Record<string, unknown>>> = {
      setPin: { phoneId: '1001', pin: '123456' },
      saveToken: { token: 'x'.repeat(40) },
      updateSettings: { patch: { autoRetry: true } },
      addWaba: { wabaId: '1' },
    };
    const known = new Set(['ping', 'getDisplayState', 'checkNow', 'setPin', 'saveToken', 'removeToken', 'updateSettings', 'addWaba']);
    for (const type of others) {
      const reply = await route({ type, ...samples[type] }, frame);
      // Types added to the protocol later may fail validation first (no sample here); never handled either way.
      if (known.has(type)) expect(reply, type).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
      else expect(reply.ok, type).toBe(false);
      expect(h[type], type).not.toHaveBeenCalled();
    }
  });

  it('refuses a PIN from the content script (it is typed into the PIN frame instead)', async () => {
    const { h, route } = routed();
    expect(await route({ type: 'completeRegistration', phoneId: '1001', pin: '246810' }, wam)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(h.completeRegistration).not.toHaveBeenCalled();
    expect((await route({ type: 'completeRegistration', phoneId: '1001' }, wam)).ok).toBe(true);
    expect(h.completeRegistration).toHaveBeenCalledWith({ type: 'completeRegistration', phoneId: '1001' }, 'content_script');
  });
});

describe('register replies per role', () => {
  it('never hands a generated PIN to the PIN frame or the content script; extension pages get it', async () => {
    const engine = { register: vi.fn(async () => ({ status: 'registered' as const, generatedPin: '424242' })) };
    const h = createHandlers({
      engine,
      stores: {},
      now: () => 0,
      onIntervalChanged: async () => {},
      background: () => {},
    } as unknown as HandlerDeps);
    const request = { type: 'completeRegistration' as const, phoneId: '1001', pin: '246810' };
    for (const role of ['pin_frame', 'content_script'] as const) {
      const reply = await h.completeRegistration(request, role);
      expect(reply, role).toEqual({ status: 'registered', pinSaved: true });
      expect(JSON.stringify(reply)).not.toContain('424242');
    }
    expect(await h.completeRegistration(request, 'extension_page')).toEqual({ status: 'registered', generatedPin: '424242' });
    expect(engine.register).toHaveBeenCalledWith('1001', { mode: 'manual', pin: '246810' });
  });
});

describe('ownership verification messages', () => {
  const routed = () => {
    const h = handlers();
    return { h, route: createMessageRouter(h, env) };
  };
  const requestCode = { type: 'requestCode', phoneId: '1001', method: 'SMS', language: 'pt_BR' };
  const verifyCode = { type: 'verifyCode', phoneId: '1001', code: '123456' };

  it('come from extension pages (popup, options) only: never the content script or the PIN frame', async () => {
    expect(ROLE_REQUESTS.content_script.has('requestCode')).toBe(false);
    expect(ROLE_REQUESTS.content_script.has('verifyCode')).toBe(false);
    expect(ROLE_REQUESTS.pin_frame.has('verifyCode')).toBe(false);
    const { h, route } = routed();
    for (const sender of [wam, frame]) {
      for (const request of [requestCode, verifyCode]) {
        expect(await route(request, sender)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
      }
    }
    expect(h.requestCode).not.toHaveBeenCalled();
    expect(h.verifyCode).not.toHaveBeenCalled();
    expect(await route(requestCode, popup)).toEqual({ ok: true, data: { ok: true } });
    expect(await route(verifyCode, popup)).toEqual({ ok: true, data: { ok: true } });
    expect(h.verifyCode).toHaveBeenCalledWith(verifyCode, 'extension_page');
  });

  it.each([
    ['a code of 5 digits', { ...verifyCode, code: '12345' }],
    ['a code with letters', { ...verifyCode, code: '12a456' }],
    ['no code', { type: 'verifyCode', phoneId: '1001' }],
    ['a method Meta does not know', { ...requestCode, method: 'EMAIL' }],
    ['a language far too long', { ...requestCode, language: 'x'.repeat(64) }],
    ['a bad number id', { ...requestCode, phoneId: '1; DROP' }],
  ])('refuses %s before any handler runs', async (_name, request) => {
    const { h, route } = routed();
    expect(await route(request, popup)).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(h.requestCode).not.toHaveBeenCalled();
    expect(h.verifyCode).not.toHaveBeenCalled();
  });

  it('hand the engine exactly what was asked, and answer ok', async () => {
    const engine = { requestCode: vi.fn(async () => {}), verifyCode: vi.fn(async () => {}) };
    const h = createHandlers({ engine } as unknown as HandlerDeps);
    expect(await h.requestCode({ type: 'requestCode', phoneId: '1001', method: 'VOICE', language: 'es_LA' }, 'extension_page')).toEqual({
      ok: true,
    });
    expect(engine.requestCode).toHaveBeenCalledWith('1001', 'VOICE', 'es_LA');
    expect(await h.verifyCode({ type: 'verifyCode', phoneId: '1001', code: '654321' }, 'extension_page')).toEqual({ ok: true });
    expect(engine.verifyCode).toHaveBeenCalledWith('1001', '654321');
  });
});
