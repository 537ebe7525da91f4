/**
 * One HTTP exchange with the Graph API: adds the Bearer token, enforces the origin and the timeout, reads
 * usage headers, and turns every failure into a GraphError. Everything above this file deals in parsed JSON.
 *
 * Token rules enforced here (last line of defence): requests go only to the configured origin, the token
 * only ever travels in the `Authorization` header, any `access_token` query parameter is stripped, and a URL
 * that would still contain the token is refused. Browser cookies are never sent (`credentials: 'omit'`)
 * and redirects are not followed.
 */
import { GraphError } from './errors';
import { badResponse, graphErrorFromEnvelope, graphErrorFromStatus, hasErrorEnvelope } from './meta-error';
import type { ResponseContext } from './meta-error';
import type { Redactor } from './redact';
import { parseUsageHeaders } from './usage';
import type { GraphUsage } from './usage';
import { stripAccessToken } from './url';

/** The part of `Response` the client uses (a real `Response` fits). */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** `fetch`-compatible function (global fetch fits). */
export type FetchLike = (input: string, init: RequestInit) => Promise<FetchResponse>;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export type HttpBody = { kind: 'json'; value: unknown } | { kind: 'form'; value: URLSearchParams };

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  body?: HttpBody;
}

export interface HttpResult {
  status: number;
  /** Parsed JSON body (never an error envelope). */
  body: unknown;
  usage?: GraphUsage;
}

export interface TransportOptions {
  token: string;
  fetch: FetchLike;
  /** Normalised base origin, e.g. `https://graph.facebook.com`. */
  origin: string;
  timeoutMs: number;
  now: () => number;
  timers: Timers;
  redact: Redactor;
  onUsage?: (usage: GraphUsage) => void;
}

export interface GraphTransport {
  readonly origin: string;
  readonly redact: Redactor;
  now(): number;
  /** Performs the request; resolves with the parsed JSON body or rejects with a GraphError. */
  send(request: HttpRequest): Promise<HttpResult>;
  /** Error-building context for a response (used for batch items). */
  context(httpStatus: number | undefined, usage: GraphUsage | undefined): ResponseContext;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text);
}

export function createTransport(options: TransportOptions): GraphTransport {
  const { token, fetch, origin, timeoutMs, now, timers, redact, onUsage } = options;
  const encodedTokens = [token, encodeURIComponent(token)];

  function context(httpStatus: number | undefined, usage: GraphUsage | undefined, retryAfterHeader?: string): ResponseContext {
    return {
      now: now(),
      redact,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(usage ? { usage } : {}),
      ...(retryAfterHeader ? { retryAfterHeader } : {}),
    };
  }

  function reportUsage(usage: GraphUsage | undefined): void {
    if (!usage || !onUsage) return;
    try {
      onUsage(usage);
    } catch {
      // A failing observer must not turn a good response into an error.
    }
  }

  async function exchange(url: string, init: RequestInit): Promise<{ response: FetchResponse; text: string }> {
    const controller = new AbortController();
    let timedOut = false;
    let handle: unknown;
    const timeout = new Promise<never>((_resolve, reject) => {
      handle = timers.setTimeout(() => {
        timedOut = true;
        controller.abort();
        reject(new Error('timeout'));
      }, timeoutMs);
    });
    const work = (async () => {
      const response = await fetch(url, { ...init, signal: controller.signal });
      // Reading the body is inside the timeout too: a stalled body is a timeout, a cut one a network error.
      const text = await response.text();
      return { response, text };
    })();
    work.catch(() => undefined); // the loser of the race must not become an unhandled rejection
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      if (timedOut) {
        throw new GraphError({ message: `Graph API did not answer within ${timeoutMs} ms.`, local: 'timeout' });
      }
      const reason = error instanceof Error && error.message ? `: ${redact(error.message)}` : '';
      throw new GraphError({ message: `Network request to the Graph API failed${reason}`, local: 'network' });
    } finally {
      timers.clearTimeout(handle);
    }
  }

  async function send(request: HttpRequest): Promise<HttpResult> {
    if (request.url.origin !== origin) {
      throw new GraphError({ message: 'Refusing to send the access token outside the Graph API origin.', local: 'unsafe_url' });
    }
    const url = stripAccessToken(request.url).href;
    if (encodedTokens.some((t) => url.includes(t))) {
      throw new GraphError({ message: 'Refusing to put the access token in a URL.', local: 'invalid_input' });
    }

    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    let body: string | undefined;
    if (request.body?.kind === 'json') {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.body.value);
    } else if (request.body?.kind === 'form') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = request.body.value.toString();
    }

    const { response, text } = await exchange(url, {
      method: request.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });

    const status = response.status;
    const usage = parseUsageHeaders(response.headers, now());
    reportUsage(usage);
    const ctx = context(status, usage, response.headers.get('retry-after') ?? undefined);

    let parsed: unknown;
    if (text.trim() === '') {
      if (status >= 200 && status < 300) return { status, body: {}, ...(usage ? { usage } : {}) };
      throw graphErrorFromStatus(status, ctx);
    }
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badResponse(
        looksLikeHtml(text)
          ? `Graph API answered HTTP ${status} with an HTML page instead of JSON.`
          : `Graph API answered HTTP ${status} with a truncated or invalid JSON body.`,
        ctx,
      );
    }
    if (hasErrorEnvelope(parsed)) throw graphErrorFromEnvelope(parsed, ctx);
    if (status < 200 || status > 299) throw graphErrorFromStatus(status, ctx);
    return { status, body: parsed, ...(usage ? { usage } : {}) };
  }

  return { origin, redact, now, send, context: (httpStatus, usage) => context(httpStatus, usage) };
}
