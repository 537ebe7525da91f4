import type { ErrorInfo, RegisterReply } from '../messages/protocol';
import { parseErrorInfo, parseRegisterReply } from './guards';
import { parseUrl } from '../parse-url';

/**
 * The PIN prompt frame (entrypoints/pin-prompt/) and the badge that embeds it. The PIN is typed in a
 * document of the extension's own origin, which Meta's page cannot read; the frame registers the number
 * itself and then tells the badge only the outcome: never the PIN.
 *
 *   frame  --window.parent.postMessage(PinFrameResult, 'https://business.facebook.com')-->  content script
 *
 * Page scripts see that message too (it is dispatched on Meta's window), so it carries nothing secret.
 * The content script accepts it only from its own iframe's window and from the extension's origin
 * (`acceptPinFrameMessage`): the page can post messages, and can even navigate the iframe to a page of
 * its own, but cannot run code in a document of the extension's origin.
 */
export const PIN_FRAME_FILE = 'pin-prompt.html';
export const PIN_FRAME_MESSAGE = 'waba-health:pin-result';
export const PIN_FRAME_TARGET_ORIGIN = 'https://business.facebook.com';
/** Frame size in px (components/content/styles.ts .frame): label, PIN and button, two lines of message. */
export const PIN_FRAME_SIZE = { width: 300, height: 96 } as const;

/** The outcome of a registration the frame sent: Meta's / the background's reply, or why none came. */
export type PinFrameResult = { type: typeof PIN_FRAME_MESSAGE; phoneId: string } & ({ reply: RegisterReply } | { error: ErrorInfo });

const ID = /^\d{1,25}$/;
const KEYS = new Set(['type', 'phoneId', 'reply', 'error']);

/** The frame's URL for one number (`extensionUrl` is `browser.runtime.getURL('/')`). */
export function pinFrameUrl(extensionUrl: string, phoneId: string): string {
  return `${extensionUrl.replace(/\/$/, '')}/${PIN_FRAME_FILE}?phoneId=${encodeURIComponent(phoneId)}`;
}

/** The phone number id the frame is for (from its own URL), or null when it is missing or malformed. */
export function phoneIdFromFrameUrl(href: string): string | null {
  const id = parseUrl(href)?.searchParams.get('phoneId');
  return id && ID.test(id) ? id : null;
}

/**
 * What the frame posts. Built from the already-sanitised reply (parseRegisterReply drops a generated
 * PIN): the message has exactly these fields, so nothing else can ride along.
 */
export function pinFrameResult(phoneId: string, outcome: { reply: RegisterReply } | { error: ErrorInfo }): PinFrameResult {
  const reply = 'reply' in outcome ? parseRegisterReply(outcome.reply) : null;
  if (reply) return { type: PIN_FRAME_MESSAGE, phoneId, reply };
  const error = 'error' in outcome ? parseErrorInfo(outcome.error) : null;
  return { type: PIN_FRAME_MESSAGE, phoneId, error: error ?? { problem: 'contentNoReply', kind: 'no_reply' } };
}

/** Validates a posted message's shape (strictly: unknown fields make it invalid). */
export function parsePinFrameResult(data: unknown): PinFrameResult | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const d = data as Record<string, unknown>;
  if (d.type !== PIN_FRAME_MESSAGE || typeof d.phoneId !== 'string' || !ID.test(d.phoneId)) return null;
  if (Object.keys(d).some((k) => !KEYS.has(k))) return null;
  if ('reply' in d === 'error' in d) return null;
  if ('reply' in d) {
    const reply = parseRegisterReply(d.reply);
    return reply ? { type: PIN_FRAME_MESSAGE, phoneId: d.phoneId, reply } : null;
  }
  const error = parseErrorInfo(d.error);
  return error ? { type: PIN_FRAME_MESSAGE, phoneId: d.phoneId, error } : null;
}

/** The extension's origin from `browser.runtime.getURL('/')` (no trailing slash). */
export function extensionOrigin(extensionUrl: string): string {
  return extensionUrl.replace(/\/+$/, '');
}

/**
 * Accepts a `message` event only when it comes from `frame`'s window, from the extension's origin, has
 * the result's shape, and is about `phoneId`. Anything else (the page itself, another frame, another
 * origin, a page the iframe was navigated to) gives null.
 */
export function acceptPinFrameMessage(
  event: Pick<MessageEvent, 'source' | 'origin' | 'data'>,
  frame: { contentWindow: unknown } | null,
  origin: string,
  phoneId: string,
): PinFrameResult | null {
  if (!frame?.contentWindow || event.source !== frame.contentWindow) return null;
  if (!origin || event.origin !== origin) return null;
  const result = parsePinFrameResult(event.data);
  return result && result.phoneId === phoneId ? result : null;
}
