import { browser } from 'wxt/browser';
import { ReplySchema, RequestFailedError, type RequestOf, type RequestType, type ResponseMap } from './protocol';

/** Sends one request to the background and unwraps its Reply; throws RequestFailedError on `{ ok: false }`. */
export async function sendRequest<T extends RequestType>(request: RequestOf<T>): Promise<ResponseMap[T]> {
  const raw: unknown = await browser.runtime.sendMessage(request);
  const reply = ReplySchema.safeParse(raw);
  if (!reply.success) throw new RequestFailedError({ message: 'No answer from the extension background.', kind: 'no_reply' });
  if (!reply.data.ok) throw new RequestFailedError(reply.data.error);
  return reply.data.data as ResponseMap[T];
}
