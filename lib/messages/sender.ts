import { type RequestType, requestsFor, type SenderRole } from './protocol';
import { parseUrl } from '../parse-url';

export type { SenderRole };

/**
 * Who sent a runtime message. Anything else is refused.
 * - `extension_page`: the popup, the options page (full vocabulary).
 * - `content_script`: the content script on WhatsApp Manager (display data, registration without a PIN).
 * - `pin_frame`: the PIN prompt (`/pin-prompt.html`), an extension iframe inside WhatsApp Manager. It is
 *   web-accessible to business.facebook.com, so the page can load it too: it may only ask to register a
 *   number (with the PIN the person typed into it), and never receives a generated PIN.
 */

/** The subset of `runtime.MessageSender` we rely on. */
export interface MessageSenderLike {
  id?: string;
  url?: string;
  tab?: unknown;
}

export const WHATSAPP_MANAGER_ORIGIN = 'https://business.facebook.com';

/** Path of the PIN prompt page (entrypoints/pin-prompt/), the only page with the `pin_frame` role. */
export const PIN_FRAME_PATH = '/pin-prompt.html';

/**
 * Classifies a sender. Messages from other extensions, web pages, or content scripts on any page
 * other than WhatsApp Manager get `null`.
 */
export function senderRole(sender: MessageSenderLike, env: { runtimeId: string; extensionOrigin: string }): SenderRole | null {
  if (!sender || sender.id !== env.runtimeId || typeof sender.url !== 'string') return null;
  const url = parseUrl(sender.url);
  if (!url) return null;
  // Not `url.origin`: it is "null" for non-special schemes such as chrome-extension: in some runtimes.
  const origin = `${url.protocol}//${url.host}`;
  if (origin === env.extensionOrigin.replace(/\/$/, '')) {
    // Checked before `extension_page`: the PIN prompt never gets an extension page's rights. It only
    // runs as a frame inside a tab; anywhere else it has no role at all.
    if (url.pathname === PIN_FRAME_PATH) return sender.tab ? 'pin_frame' : null;
    return 'extension_page';
  }
  if (sender.tab && origin === WHATSAPP_MANAGER_ORIGIN) return 'content_script';
  return null;
}

/** What each role may ask for: derived from PROTOCOL (lib/messages/protocol.ts), where each message lists its roles. */
export const ROLE_REQUESTS: Record<SenderRole, ReadonlySet<RequestType>> = {
  extension_page: requestsFor('extension_page'),
  content_script: requestsFor('content_script'),
  pin_frame: requestsFor('pin_frame'),
};

/** Whether `role` may send `request` (its type, and for the content script: no PIN in it). */
export function roleMayRequest(role: SenderRole, request: { type: RequestType; pin?: unknown }): boolean {
  if (!ROLE_REQUESTS[role].has(request.type)) return false;
  // The content script never sends a PIN: it is typed into the PIN frame, which sends it itself.
  if (role === 'content_script' && request.type === 'completeRegistration' && request.pin !== undefined) return false;
  return true;
}

/** Roles that never receive a PIN in a reply (a generated one is only reported as saved). */
export function receivesPins(role: SenderRole): boolean {
  return role === 'extension_page';
}
