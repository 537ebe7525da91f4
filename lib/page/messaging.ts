import { InfoError } from '../info-error';
import type { DisplayState, ErrorInfo, RegisterReply, RequestOf, RequestType } from '../messages/protocol';
import { parseDisplayState, parseRegisterReply, parseReply } from './guards';

/** `browser.runtime.sendMessage`, injected (tests pass a fake). */
export type SendMessage = (message: unknown) => Promise<unknown>;

const noReply = (): ErrorInfo => ({ problem: 'contentNoReply', kind: 'no_reply' });

/**
 * The content script's whole vocabulary towards the background: getDisplayState and
 * completeRegistration (the background refuses anything else from a content script anyway, and a PIN
 * from it). There is no window-message bridge: nothing on the page can call these. The PIN frame
 * (entrypoints/pin-prompt/) uses the same client, and is the only one that passes a PIN.
 */
export function createBackgroundClient(send: SendMessage) {
  // Typed by PROTOCOL (types only: no zod in the content script); replies are checked by ./guards.
  const call = async <T extends RequestType>(request: RequestOf<T>): Promise<unknown> => {
    let raw: unknown;
    try {
      raw = await send(request);
    } catch {
      throw new InfoError(noReply());
    }
    const reply = parseReply(raw);
    if (!reply) throw new InfoError(noReply());
    if (!reply.ok) throw new InfoError(reply.error);
    return reply.data;
  };
  return {
    async getDisplayState(wabaId?: string): Promise<DisplayState> {
      const state = parseDisplayState(
        await call<'getDisplayState'>(wabaId !== undefined ? { type: 'getDisplayState', wabaId } : { type: 'getDisplayState' }),
      );
      if (!state) throw new InfoError(noReply());
      return state;
    },
    async completeRegistration(phoneId: string, pin?: string): Promise<RegisterReply> {
      const reply = parseRegisterReply(
        await call<'completeRegistration'>(
          pin ? { type: 'completeRegistration', phoneId, pin } : { type: 'completeRegistration', phoneId },
        ),
      );
      if (!reply) throw new InfoError(noReply());
      return reply;
    },
  };
}

export type BackgroundClient = ReturnType<typeof createBackgroundClient>;
