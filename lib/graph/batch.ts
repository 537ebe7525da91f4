/**
 * Graph batch requests: `POST {origin}/{version}/` with a form body `batch=[...]&include_headers=false`.
 * Up to MAX_BATCH_SIZE sub-requests per HTTP call (each still counts against rate limits). Items Meta
 * leaves `null` (not completed in time) are re-sent a bounded number of times, then reported as transient.
 */
import { BATCH_NULL_RETRY_ROUNDS, MAX_BATCH_SIZE } from './config';
import { GraphError, invalidInput } from './errors';
import { badResponse, graphErrorFromEnvelope, graphErrorFromStatus, hasErrorEnvelope } from './meta-error';
import { BatchResponseItemSchema } from './schemas';
import type { GraphTransport } from './transport';
import type { GraphUsage } from './usage';
import { buildVersionRootUrl, toPathSegments } from './url';

export interface BatchRequest {
  method: 'GET' | 'POST';
  /** Relative to the version, e.g. `123?fields=id,status` (build it with `buildRelativeUrl`). */
  relativeUrl: string;
  /** Form fields of a POST sub-request. */
  body?: Readonly<Record<string, string>>;
}

export type BatchItemResult = { ok: true; status: number; body: unknown; usage?: GraphUsage } | { ok: false; error: GraphError };

export interface BatchOptions {
  version: string;
  maxBatchSize?: number;
  nullRetryRounds?: number;
}

/** Refuses relative URLs that are absolute, escape the version root, or carry an access_token. */
function assertRequest(request: BatchRequest): void {
  if (request.method !== 'GET' && request.method !== 'POST') throw invalidInput('Batch method must be GET or POST.');
  const { relativeUrl } = request;
  const q = relativeUrl.indexOf('?');
  const path = q === -1 ? relativeUrl : relativeUrl.slice(0, q);
  const query = q === -1 ? '' : relativeUrl.slice(q + 1);
  if (path.startsWith('/') || relativeUrl.includes('#')) {
    throw invalidInput('Batch relative_url must be relative to the API version (no leading slash).');
  }
  toPathSegments(path.split('/').map(decodeSegment));
  const keys = [...new URLSearchParams(query).keys(), ...Object.keys(request.body ?? {})];
  for (const key of keys) {
    if (key.toLowerCase() === 'access_token') {
      throw invalidInput('The access token is sent in the Authorization header, never in a batch relative_url.');
    }
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '\u0000'; // fails segment validation
  }
}

function readItem(raw: unknown, transport: GraphTransport, usage: GraphUsage | undefined): BatchItemResult | null {
  const parsed = BatchResponseItemSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: badResponse('Graph API returned a batch item with an unexpected shape.', transport.context(undefined, usage)),
    };
  }
  if (parsed.data === null) return null;
  const { code, body } = parsed.data;
  const ctx = transport.context(code, usage);
  const success = code >= 200 && code <= 299;
  if (body === undefined || body.trim() === '') {
    return success
      ? { ok: true, status: code, body: {}, ...(usage ? { usage } : {}) }
      : { ok: false, error: graphErrorFromStatus(code, ctx) };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: badResponse(`Graph API batch item (HTTP ${code}) has a truncated or invalid JSON body.`, ctx) };
  }
  if (hasErrorEnvelope(json)) return { ok: false, error: graphErrorFromEnvelope(json, ctx) };
  if (!success) return { ok: false, error: graphErrorFromStatus(code, ctx) };
  return { ok: true, status: code, body: json, ...(usage ? { usage } : {}) };
}

function toWire(request: BatchRequest): Record<string, string> {
  const wire: Record<string, string> = { method: request.method, relative_url: request.relativeUrl };
  if (request.body) wire.body = new URLSearchParams(request.body).toString();
  return wire;
}

/**
 * Runs the sub-requests and returns one result per request, in input order. A failure of a whole HTTP
 * call (auth, rate limit, network, unreadable answer...) rejects with that GraphError.
 */
export async function runBatch(
  transport: GraphTransport,
  requests: readonly BatchRequest[],
  options: BatchOptions,
): Promise<BatchItemResult[]> {
  requests.forEach(assertRequest);
  const maxSize = Math.max(1, Math.min(options.maxBatchSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE));
  const retryRounds = options.nullRetryRounds ?? BATCH_NULL_RETRY_ROUNDS;
  const url = buildVersionRootUrl(transport.origin, options.version);
  const results: (BatchItemResult | undefined)[] = new Array<BatchItemResult | undefined>(requests.length);

  for (let start = 0; start < requests.length; start += maxSize) {
    let pending = Array.from({ length: Math.min(maxSize, requests.length - start) }, (_, i) => start + i);
    for (let round = 0; round <= retryRounds && pending.length > 0; round++) {
      const form = new URLSearchParams({
        batch: JSON.stringify(pending.map((index) => toWire(requests[index] as BatchRequest))),
        include_headers: 'false',
      });
      const response = await transport.send({ method: 'POST', url, body: { kind: 'form', value: form } });
      const items = response.body;
      if (!Array.isArray(items) || items.length !== pending.length) {
        throw badResponse(
          `Graph API answered a batch of ${pending.length} with ${Array.isArray(items) ? items.length : 'no'} results.`,
          transport.context(response.status, response.usage),
        );
      }
      const stillPending: number[] = [];
      pending.forEach((index, position) => {
        const result = readItem(items[position], transport, response.usage);
        if (result === null) stillPending.push(index);
        else results[index] = result;
      });
      pending = stillPending;
    }
    for (const index of pending) {
      results[index] = {
        ok: false,
        error: new GraphError({
          message: `Graph API did not complete this batch request after ${retryRounds + 1} attempts.`,
          local: 'timeout',
        }),
      };
    }
  }
  return results.map(
    (r) => r ?? { ok: false, error: new GraphError({ message: 'Batch request produced no result.', local: 'bad_response' }) },
  );
}
