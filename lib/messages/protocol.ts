import { z } from 'zod';

/**
 * The one message protocol between popup, options page, content script and background.
 * Every request is validated with zod in the background; every handler checks the sender's role.
 * The content script may only use CONTENT_SCRIPT_REQUESTS and never receives the token or PINs.
 */
export const requestSchemas = {
  ping: z.object({ type: z.literal('ping') }),
  getState: z.object({ type: z.literal('getState') }),
  saveToken: z.object({ type: z.literal('saveToken'), token: z.string().max(4096) }),
  removeToken: z.object({ type: z.literal('removeToken') }),
} as const;

export type RequestType = keyof typeof requestSchemas;
export type RequestOf<T extends RequestType> = z.infer<(typeof requestSchemas)[T]>;
export type AnyRequest = { [T in RequestType]: RequestOf<T> }[RequestType];

/** What the background answers for each request type. */
export interface ResponseMap {
  ping: { pong: true };
  getState: PublicState;
  saveToken: PublicState;
  removeToken: PublicState;
}

/** State an extension page may see. Never contains the token itself. */
export interface PublicState {
  hasToken: boolean;
}

/** Requests a content script on WhatsApp Manager may send. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set<RequestType>(['ping']);

/** An error shaped for people: what happened, Meta's code when there is one, and what to do next. */
export const ErrorInfoSchema = z.object({
  message: z.string(),
  action: z.string().optional(),
  code: z.number().optional(),
  subcode: z.number().optional(),
  fbtraceId: z.string().optional(),
  kind: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

export const ReplySchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
]);

const RequestSchema = z.discriminatedUnion('type', [
  requestSchemas.ping,
  requestSchemas.getState,
  requestSchemas.saveToken,
  requestSchemas.removeToken,
]);

export function parseRequest(raw: unknown): { ok: true; request: AnyRequest } | { ok: false; error: ErrorInfo } {
  const parsed = RequestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, error: { message: 'Malformed request.', kind: 'bad_request' } };
}

/** Thrown on the calling side when the background answers `{ ok: false }`. */
export class RequestFailedError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'RequestFailedError';
    this.info = info;
  }
}
