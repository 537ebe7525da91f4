import { browser } from 'wxt/browser';
import { InfoError } from '../info-error';
import { ReplySchema, type RequestOf, type RequestType, type ResponseMap } from './protocol';

/** Sends one request to the background and unwraps its Reply; throws InfoError on `{ ok: false }`. */
export async function sendRequest<T extends RequestType>(request: RequestOf<T>): Promise<ResponseMap[T]> {
  const raw: unknown = await browser.runtime.sendMessage(request);
  const reply = ReplySchema.safeParse(raw);
  if (!reply.success) throw new InfoError({ problem: 'contentNoReply', kind: 'no_reply' });
  if (!reply.data.ok) throw new InfoError(reply.data.error);
  return reply.data.data as ResponseMap[T];
}
