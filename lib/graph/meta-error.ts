/**
 * Turns what Meta answered (an error envelope, a bare HTTP status, or an unreadable body) into a GraphError.
 */
import { DEFAULT_RATE_LIMIT_RETRY_MS } from './config';
import { GraphError, classifyGraphError } from './errors';
import type { GraphErrorInit } from './errors';
import type { Redactor } from './redact';
import { MetaErrorBodySchema } from './schemas';
import type { GraphUsage } from './usage';

export interface ResponseContext {
  httpStatus?: number;
  usage?: GraphUsage;
  /** Value of a `Retry-After` header, if any (seconds or HTTP date). */
  retryAfterHeader?: string;
  now: number;
  redact: Redactor;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when a parsed body is Meta's error envelope (`{"error": ...}`), whatever the HTTP status. */
export function hasErrorEnvelope(body: unknown): body is { error: unknown } {
  return isRecord(body) && 'error' in body && body.error !== null && body.error !== undefined;
}

/** `error_data` is usually `{details}` but Graph sometimes sends it as a JSON string. */
function readDetails(errorData: unknown): string | undefined {
  let data = errorData;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  return isRecord(data) && typeof data.details === 'string' ? data.details : undefined;
}

function retryAfterHeaderMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) && date > now ? date - now : undefined;
}

/** How long to wait after a rate-limit error: BUC regain time, else Retry-After, else the default. */
export function rateLimitDelayMs(usage: GraphUsage | undefined, retryAfterHeader: string | undefined, now: number): number {
  if (usage && usage.regainAccessMs > 0) return usage.regainAccessMs;
  return retryAfterHeaderMs(retryAfterHeader, now) ?? DEFAULT_RATE_LIMIT_RETRY_MS;
}

function finish(init: GraphErrorInit, ctx: ResponseContext): GraphError {
  const kind = classifyGraphError(init);
  const withUsage: GraphErrorInit = { ...init, kind, ...(ctx.usage ? { usage: ctx.usage } : {}) };
  if (kind === 'rate_limit') withUsage.retryAfterMs = rateLimitDelayMs(ctx.usage, ctx.retryAfterHeader, ctx.now);
  return new GraphError(withUsage).withRedaction(ctx.redact);
}

/** GraphError from a body carrying Meta's `error` member. */
export function graphErrorFromEnvelope(body: { error: unknown }, ctx: ResponseContext): GraphError {
  const parsed = MetaErrorBodySchema.safeParse(body.error);
  const httpStatus = ctx.httpStatus;
  if (!parsed.success) {
    // `{"error": "text"}` or an unexpected shape: keep what we can, classify by status. The message is
    // Meta's words only: without any, people read lib/error-info.ts's text for an error without words.
    const text = typeof body.error === 'string' ? body.error : '';
    return finish({ message: text, ...(httpStatus !== undefined ? { httpStatus } : {}) }, ctx);
  }
  const e = parsed.data;
  const details = readDetails(e.error_data);
  const init: GraphErrorInit = {
    message: e.message ?? e.error_user_msg ?? '',
  };
  if (httpStatus !== undefined) init.httpStatus = httpStatus;
  if (e.code !== undefined) init.code = e.code;
  if (e.error_subcode !== undefined) init.subcode = e.error_subcode;
  if (e.type !== undefined) init.type = e.type;
  if (e.error_user_title !== undefined) init.userTitle = e.error_user_title;
  if (e.error_user_msg !== undefined) init.userMessage = e.error_user_msg;
  if (e.fbtrace_id !== undefined) init.fbtraceId = e.fbtrace_id;
  if (details !== undefined) init.details = details;
  if (e.is_transient !== undefined) init.isTransient = e.is_transient;
  return finish(init, ctx);
}

/** GraphError for a non-2xx answer whose JSON body has no error envelope. */
export function graphErrorFromStatus(httpStatus: number, ctx: ResponseContext): GraphError {
  return finish({ message: '', httpStatus }, ctx);
}

/** GraphError for a body that is not usable: HTML page, truncated JSON, unexpected shape. */
export function badResponse(message: string, ctx: ResponseContext): GraphError {
  return finish({ message, local: 'bad_response', ...(ctx.httpStatus !== undefined ? { httpStatus: ctx.httpStatus } : {}) }, ctx);
}
