import { parseRequest, type ErrorInfo, type Reply, type RequestOf, type RequestType, type ResponseMap } from './protocol';
import { roleMayRequest, senderRole, type MessageSenderLike, type SenderRole } from './sender';

export type Handlers = {
  [T in RequestType]: (request: RequestOf<T>, role: SenderRole) => Promise<ResponseMap[T]>;
};

export interface RouterEnv {
  runtimeId: string;
  extensionOrigin: string;
  /** Turns a thrown error into something a person can act on (never containing the token). */
  describeError: (error: unknown) => ErrorInfo;
}

/**
 * Validates, authorises and dispatches one runtime message. Always resolves to a Reply.
 * Per-role allow-lists: lib/messages/sender.ts (`ROLE_REQUESTS`, `roleMayRequest`).
 */
export function createMessageRouter(handlers: Handlers, env: RouterEnv) {
  return async function route(raw: unknown, sender: MessageSenderLike): Promise<Reply<unknown>> {
    const role = senderRole(sender, env);
    if (!role) return { ok: false, error: { problem: 'errNotAllowed', kind: 'forbidden' } };
    const parsed = parseRequest(raw);
    if (!parsed.ok) return parsed;
    const { request } = parsed;
    if (!roleMayRequest(role, request)) {
      return { ok: false, error: { problem: 'errNotAllowed', kind: 'forbidden' } };
    }
    try {
      const handler = handlers[request.type] as (r: typeof request, role: SenderRole) => Promise<unknown>;
      return { ok: true, data: await handler(request, role) };
    } catch (error) {
      return { ok: false, error: env.describeError(error) };
    }
  };
}
