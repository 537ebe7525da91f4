import { describe, expect, it } from 'vitest';
import {
  acceptPinFrameMessage,
  extensionOrigin,
  parsePinFrameResult,
  PIN_FRAME_MESSAGE,
  phoneIdFromFrameUrl,
  pinFrameResult,
  pinFrameUrl,
} from '@/lib/page/pin-frame';

const EXT = 'chrome-extension://abcdefghijklmnop';
const frameWindow = { name: 'frame' };
const frame = { contentWindow: frameWindow };
const ok = { type: PIN_FRAME_MESSAGE, phoneId: '1001', reply: { status: 'registered' } };

describe('PIN frame URL', () => {
  it('builds the frame URL from runtime.getURL("/") and reads the number back', () => {
    expect(pinFrameUrl(`${EXT}/`, '1001')).toBe(`${EXT}/pin-prompt.html?phoneId=1001`);
    expect(extensionOrigin(`${EXT}/`)).toBe(EXT);
    expect(extensionOrigin('moz-extension://1b2c3d/')).toBe('moz-extension://1b2c3d');
    expect(phoneIdFromFrameUrl(`${EXT}/pin-prompt.html?phoneId=1001`)).toBe('1001');
    expect(phoneIdFromFrameUrl(`${EXT}/pin-prompt.html?phoneId=1;x`)).toBeNull();
    expect(phoneIdFromFrameUrl(`${EXT}/pin-prompt.html`)).toBeNull();
    expect(phoneIdFromFrameUrl('not a url')).toBeNull();
  });
});

describe('PIN frame result (what the frame posts)', () => {
  it('carries the sanitised outcome only: a generated PIN never rides along', () => {
    const result = pinFrameResult('1001', { reply: { status: 'registered', generatedPin: '424242', pinSaved: true } });
    expect(result).toEqual({ type: PIN_FRAME_MESSAGE, phoneId: '1001', reply: { status: 'registered', pinSaved: true } });
    expect(JSON.stringify(result)).not.toContain('424242');
    expect(pinFrameResult('1001', { error: { problem: 'errNotAllowed', kind: 'forbidden' } })).toMatchObject({
      error: { problem: 'errNotAllowed', kind: 'forbidden' },
    });
    expect(pinFrameResult('1001', { error: { metaMessage: '' } })).toMatchObject({
      error: { kind: 'no_reply', problem: 'contentNoReply' },
    });
  });

  it('is parsed strictly', () => {
    expect(parsePinFrameResult(ok)).toEqual({ type: PIN_FRAME_MESSAGE, phoneId: '1001', reply: { status: 'registered' } });
    expect(parsePinFrameResult({ type: PIN_FRAME_MESSAGE, phoneId: '1001', error: { metaMessage: 'x', code: 100 } })).toMatchObject({
      error: { metaMessage: 'x', code: 100 },
    });
    for (const bad of [
      null,
      'x',
      [ok],
      { ...ok, type: 'completeRegistration' },
      { ...ok, phoneId: '10 01' },
      { ...ok, pin: '123456' },
      { ...ok, error: { metaMessage: 'x' } },
      { type: PIN_FRAME_MESSAGE, phoneId: '1001' },
      { ...ok, reply: { status: 'maybe' } },
      { type: PIN_FRAME_MESSAGE, phoneId: '1001', error: {} },
    ]) {
      expect(parsePinFrameResult(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('accepting the frame’s message (content script)', () => {
  const ev = (over: Partial<{ source: unknown; origin: string; data: unknown }> = {}) =>
    ({ source: frameWindow, origin: EXT, data: ok, ...over }) as unknown as MessageEvent;

  it('accepts its own frame’s window on the extension’s origin, about its number', () => {
    expect(acceptPinFrameMessage(ev(), frame, EXT, '1001')).toMatchObject({ reply: { status: 'registered' } });
  });

  it.each([
    ['the page itself (source is the top window)', ev({ source: { name: 'top' } })],
    ['no source', ev({ source: null })],
    ['the page’s origin (iframe navigated by the page)', ev({ origin: 'https://business.facebook.com' })],
    ['another extension', ev({ origin: 'chrome-extension://zzzz' })],
    ['another number', ev({ data: { ...ok, phoneId: '1002' } })],
    ['another shape', ev({ data: { type: 'completeRegistration', phoneId: '1001', pin: '123456' } })],
  ])('ignores %s', (_name, event) => {
    expect(acceptPinFrameMessage(event, frame, EXT, '1001')).toBeNull();
  });

  it('ignores everything while no frame (or no frame window) is there', () => {
    expect(acceptPinFrameMessage(ev(), null, EXT, '1001')).toBeNull();
    expect(acceptPinFrameMessage(ev({ source: null }), { contentWindow: null }, EXT, '1001')).toBeNull();
    expect(acceptPinFrameMessage(ev({ origin: '' }), frame, '', '1001')).toBeNull();
  });
});
