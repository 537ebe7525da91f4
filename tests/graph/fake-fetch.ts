/**
 * Scriptable fake `fetch` for Graph client tests: records every call and answers with scripted Responses,
 * either from a queue (in order) or from a handler function.
 */
import type { FetchLike } from '../../lib/graph/transport';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  init: RequestInit;
}

export type Responder = (call: RecordedCall) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: FetchLike;
  calls: RecordedCall[];
  /** Adds responders answered in order, after any queued before. */
  queue(...responders: Responder[]): FakeFetch;
}

/** Queue mode when no handler is given; an unexpected extra call fails the test loudly. */
export function createFakeFetch(handler?: Responder): FakeFetch {
  const calls: RecordedCall[] = [];
  const pending: Responder[] = [];
  const fake: FakeFetch = {
    calls,
    queue(...responders) {
      pending.push(...responders);
      return fake;
    },
    fetch: async (input, init) => {
      const call: RecordedCall = {
        url: String(input),
        method: init.method ?? 'GET',
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? init.body : init.body == null ? undefined : String(init.body),
        init,
      };
      calls.push(call);
      const responder = handler ?? pending.shift();
      if (!responder) throw new Error(`fake fetch: unexpected call #${calls.length} ${call.method} ${call.url}`);
      return responder(call);
    },
  };
  return fake;
}

export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Responder {
  return () =>
    new Response(JSON.stringify(body), {
      status: init.status ?? 200,
      headers: { 'content-type': 'application/json', ...init.headers },
    });
}

export function text(body: string, init: { status?: number; headers?: Record<string, string> } = {}): Responder {
  return () => new Response(body, { status: init.status ?? 200, headers: { 'content-type': 'text/html', ...init.headers } });
}

/** Meta's batch answer; `null` entries are sub-requests Meta did not complete. */
export type BatchItemSpec = { code: number; body: unknown } | null;

export function batchResponse(items: BatchItemSpec[], init: { headers?: Record<string, string> } = {}): Responder {
  return json(
    items.map((item) => (item === null ? null : { code: item.code, headers: [], body: JSON.stringify(item.body) })),
    init,
  );
}

/** Rejects like a failed network request. */
export function networkFailure(message = 'fetch failed'): Responder {
  return () => Promise.reject(new TypeError(message));
}

/** Never answers; rejects with AbortError when the request's signal aborts. */
export function hang(): Responder {
  return (call) =>
    new Promise<Response>((_resolve, reject) => {
      const signal = call.init.signal;
      signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
    });
}

/** Sub-requests of a recorded batch call. */
export function batchOf(call: RecordedCall): Array<{ method: string; relative_url: string; body?: string }> {
  const form = new URLSearchParams(call.body ?? '');
  const raw = form.get('batch');
  if (raw === null) throw new Error('not a batch call');
  return JSON.parse(raw) as Array<{ method: string; relative_url: string; body?: string }>;
}

/** Decoded `relative_url` path + params for assertions. */
export function parseRelative(relativeUrl: string): { path: string; params: URLSearchParams } {
  const url = new URL(relativeUrl, 'https://relative.invalid/');
  return { path: decodeURIComponent(url.pathname.slice(1)), params: url.searchParams };
}
