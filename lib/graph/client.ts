/**
 * The Graph API client: low-level get/post/batch/paginate plus the operations the extension needs.
 * Every method rejects only with GraphError (token-redacted); inputs are validated before any request.
 */
import * as z from 'zod/mini';
import { runBatch } from './batch';
import type { BatchItemResult, BatchRequest } from './batch';
import {
  DEFAULT_GRAPH_API_VERSION,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_TIMEOUT_MS,
  GRAPH_BASE_URL,
  MAX_PAGES,
  isValidGraphVersion,
  normaliseBaseOrigin,
} from './config';
import { GraphError, invalidInput } from './errors';
import { BUSINESS_FIELDS, PHONE_HEALTH_FIELDS, WABA_FIELDS, fieldList, wabaWithPhoneNumbersFields } from './fields';
import { assertCodeMethod, assertGraphId, assertGraphIds, assertLanguage, assertPin, assertVerificationCode } from './inputs';
import type { CodeMethod } from './inputs';
import { badResponse } from './meta-error';
import { collectPages } from './paginate';
import type { ListResult, MalformedItem } from './paginate';
import { createRedactor } from './redact';
import {
  BusinessSchema,
  DebugTokenResponseSchema,
  PageEnvelopeSchema,
  PhoneNumberSchema,
  SubscribedAppSchema,
  SuccessResponseSchema,
  WabaSchema,
  describeIssues,
} from './schemas';
import type { Business, DebugTokenData, PhoneNumber, SuccessResponse, Waba } from './schemas';
import { createTransport, defaultTimers } from './transport';
import type { FetchLike, GraphTransport, HttpBody, Timers } from './transport';
import type { GraphUsage } from './usage';
import { buildGraphUrl, buildRelativeUrl } from './url';
import type { GraphPath, QueryParams } from './url';

export interface GraphClientOptions {
  /** Access token. Sent only as `Authorization: Bearer` to the Graph origin. */
  token: string;
  fetch: FetchLike;
  /** Graph API version, default DEFAULT_GRAPH_API_VERSION; must be >= v24.0. */
  version?: string;
  /** https://graph.facebook.com (default) or a loopback origin for a local simulator. */
  baseUrl?: string;
  timeoutMs?: number;
  now?: () => number;
  timers?: Timers;
  /** Called with the usage headers of every response that has them (success or error). */
  onUsage?: (usage: GraphUsage) => void;
  maxPages?: number;
  /** `limit` for list edges and field expansions, 1-100 (default 100). */
  pageLimit?: number;
}

export interface GraphResponse<T> {
  status: number;
  data: T;
  usage?: GraphUsage;
}

/** POST body: `URLSearchParams` is sent form-encoded, anything else as JSON. */
export type PostBody = URLSearchParams | Readonly<Record<string, unknown>>;

export type WabaWithPhoneNumbersResult =
  | {
      ok: true;
      waba: Waba;
      phoneNumbers: PhoneNumber[];
      malformed: MalformedItem[];
      truncated: boolean;
      /** Apps subscribed to the WABA's webhooks; undefined when reading them was refused. */
      subscribedApps?: Array<{ id: string; name?: string }>;
    }
  | { ok: false; error: GraphError };

export interface GraphClient {
  readonly version: string;
  /** Origin the token is sent to. */
  readonly origin: string;

  get<T>(path: GraphPath, params: QueryParams, schema: z.core.$ZodType<T>): Promise<GraphResponse<T>>;
  post<T>(path: GraphPath, body: PostBody, schema: z.core.$ZodType<T>): Promise<GraphResponse<T>>;
  /** One result per request, in input order; rejects if a whole HTTP call fails. */
  batch(requests: readonly BatchRequest[]): Promise<BatchItemResult[]>;
  /** Every page of a list edge (`limit` defaults to pageLimit); malformed items skipped and reported. */
  paginate<T>(path: GraphPath, params: QueryParams, itemSchema: z.core.$ZodType<T>): Promise<ListResult<T>>;

  /** Inspects the client's own token (validity, expiry, scopes, granted WABA ids). */
  debugToken(): Promise<DebugTokenData>;
  listBusinesses(): Promise<ListResult<Business>>;
  listOwnedWabas(businessId: string): Promise<ListResult<Waba>>;
  listClientWabas(businessId: string): Promise<ListResult<Waba>>;
  /** WABAs with all their numbers, batched (50 WABAs per call); per-WABA result or error, keyed by WABA id. */
  getWabasWithPhoneNumbers(wabaIds: readonly string[]): Promise<Map<string, WabaWithPhoneNumbersResult>>;
  /** Health fields of numbers, batched (50 per call); keyed by phone number id. */
  getPhoneNumbersHealth(phoneIds: readonly string[]): Promise<Map<string, PhoneNumber | GraphError>>;
  register(phoneId: string, pin: string): Promise<SuccessResponse>;
  requestCode(phoneId: string, method: CodeMethod, language: string): Promise<SuccessResponse>;
  verifyCode(phoneId: string, code: string): Promise<SuccessResponse>;
}

function positiveInteger(value: number | undefined, fallback: number, max: number, label: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw invalidInput(`${label} must be an integer from 1 to ${max}.`);
  return value;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const { token, onUsage } = options;
  if (typeof token !== 'string' || token.trim() === '') throw invalidInput('An access token is required.');
  const version = options.version ?? DEFAULT_GRAPH_API_VERSION;
  if (!isValidGraphVersion(version)) throw invalidInput('Graph API version must look like v25.0 and be at least v24.0.');
  const origin = normaliseBaseOrigin(options.baseUrl ?? GRAPH_BASE_URL);
  if (!origin) {
    throw new GraphError({ message: `Graph base URL must be ${GRAPH_BASE_URL} (or a loopback simulator).`, local: 'unsafe_url' });
  }
  const timeoutMs = positiveInteger(options.timeoutMs, DEFAULT_TIMEOUT_MS, 600_000, 'Timeout');
  const maxPages = positiveInteger(options.maxPages, MAX_PAGES, 10_000, 'maxPages');
  const pageLimit = positiveInteger(options.pageLimit, DEFAULT_PAGE_LIMIT, 100, 'pageLimit');
  const now = options.now ?? (() => Date.now());
  const redact = createRedactor([token]);

  const transport: GraphTransport = createTransport({
    token,
    fetch: options.fetch,
    origin,
    timeoutMs,
    now,
    timers: options.timers ?? defaultTimers,
    redact,
    ...(onUsage ? { onUsage } : {}),
  });

  /** Guarantees the "rejects only with a redacted GraphError" contract, whatever went wrong. */
  async function guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof GraphError) throw error.withRedaction(redact);
      const message = error instanceof Error ? error.message : String(error);
      throw new GraphError({ message: `Unexpected failure in the Graph client: ${redact(message)}`, local: 'bad_response' });
    }
  }

  function parseWith<T>(schema: z.core.$ZodType<T>, body: unknown, status: number, usage: GraphUsage | undefined, what: string): T {
    const parsed = z.safeParse(schema, body);
    if (!parsed.success) {
      throw badResponse(
        `Graph API returned an unexpected ${what}: ${describeIssues(parsed.error).join('; ')}`,
        transport.context(status, usage),
      );
    }
    return parsed.data;
  }

  async function send<T>(
    method: 'GET' | 'POST',
    url: URL,
    body: HttpBody | undefined,
    schema: z.core.$ZodType<T>,
  ): Promise<GraphResponse<T>> {
    const response = await transport.send({ method, url, ...(body ? { body } : {}) });
    const data = parseWith(schema, response.body, response.status, response.usage, 'response');
    return { status: response.status, data, ...(response.usage ? { usage: response.usage } : {}) };
  }

  const get = <T>(path: GraphPath, params: QueryParams, schema: z.core.$ZodType<T>) =>
    guard(() => send('GET', buildGraphUrl(origin, version, path, params), undefined, schema));

  const post = <T>(path: GraphPath, body: PostBody, schema: z.core.$ZodType<T>) =>
    guard(() => {
      const httpBody: HttpBody = body instanceof URLSearchParams ? { kind: 'form', value: body } : { kind: 'json', value: body };
      return send('POST', buildGraphUrl(origin, version, path), httpBody, schema);
    });

  const batch = (requests: readonly BatchRequest[]) => guard(() => runBatch(transport, requests, { version }));

  const paginate = <T>(path: GraphPath, params: QueryParams, itemSchema: z.core.$ZodType<T>) =>
    guard(async () => {
      const first = await send(
        'GET',
        buildGraphUrl(origin, version, path, { ...params, limit: params.limit ?? pageLimit }),
        undefined,
        PageEnvelopeSchema,
      );
      return collectPages(transport, first.data, itemSchema, { maxPages, ...(first.usage ? { usage: first.usage } : {}) });
    });

  async function debugToken(): Promise<DebugTokenData> {
    return guard(async () => {
      // debug_token requires `input_token=<the token itself>`. A plain GET would put the token in a URL
      // (where it can reach logs, history and proxies). Sending it as a batch sub-request keeps it inside the
      // form-encoded POST body, protected by TLS like the Authorization header.
      const [item] = await runBatch(
        transport,
        [{ method: 'GET', relativeUrl: `debug_token?${new URLSearchParams({ input_token: token }).toString()}` }],
        { version },
      );
      if (!item) throw badResponse('Graph API returned no debug_token result.', transport.context(undefined, undefined));
      if (!item.ok) throw item.error;
      const response = parseWith(DebugTokenResponseSchema, item.body, item.status, item.usage, 'debug_token response');
      const data = response.data;
      if (data.error?.message !== undefined) data.error.message = redact(data.error.message);
      return data;
    });
  }

  const listBusinesses = () => paginate(['me', 'businesses'], { fields: fieldList(BUSINESS_FIELDS) }, BusinessSchema);

  const listWabaEdge = (businessId: string, edge: string) =>
    guard(async () => {
      const id = assertGraphId(businessId, 'Business ID');
      return paginate([id, edge], { fields: fieldList(WABA_FIELDS) }, WabaSchema);
    });

  /** GET of each node with these fields, in batch requests; one result per id, in order. */
  const getNodes = (ids: readonly string[], fields: string) =>
    runBatch(
      transport,
      ids.map((id) => ({ method: 'GET' as const, relativeUrl: buildRelativeUrl([id], { fields }) })),
      { version },
    );

  const getWabasWithPhoneNumbers = (wabaIds: readonly string[]) =>
    guard(async () => {
      const ids = assertGraphIds(wabaIds, 'WABA ID');
      const results = await getNodes(ids, wabaWithPhoneNumbersFields(pageLimit));
      // A token that may not read a WABA's subscribed apps fails the whole node (#200): those WABAs are read
      // again without them (one more call, only then), so their numbers are still read.
      const refused = ids.filter((_, i) => {
        const r = results[i];
        return r !== undefined && !r.ok && r.error.code === 200;
      });
      const retried = refused.length ? await getNodes(refused, wabaWithPhoneNumbersFields(pageLimit, false)) : [];
      const out = new Map<string, WabaWithPhoneNumbersResult>();
      for (const [i, id] of ids.entries()) {
        const retry = refused.indexOf(id);
        const result = retry >= 0 ? retried[retry] : results[i];
        if (!result) continue;
        if (!result.ok) {
          out.set(id, { ok: false, error: result.error });
          continue;
        }
        try {
          const node = parseWith(WabaSchema, result.body, result.status, result.usage, 'WABA');
          const { phone_numbers: edge, subscribed_apps: apps, ...waba } = node;
          const subscribedApps = retry >= 0 ? undefined : appsOf(apps);
          const firstPage =
            edge === undefined ? { data: [] } : parseWith(PageEnvelopeSchema, edge, result.status, result.usage, 'phone_numbers edge');
          // Follows the nested edge's paging.next for WABAs with more numbers than one page.
          const list = await collectPages(transport, firstPage, PhoneNumberSchema, { maxPages });
          out.set(id, { ok: true, waba, phoneNumbers: list.items, malformed: list.malformed, truncated: list.truncated, subscribedApps });
        } catch (error) {
          const graphError =
            error instanceof GraphError ? error : new GraphError({ message: 'Failed to read WABA phone numbers.', local: 'bad_response' });
          out.set(id, { ok: false, error: graphError.withRedaction(redact) });
        }
      }
      return out;
    });

  const getPhoneNumbersHealth = (phoneIds: readonly string[]) =>
    guard(async () => {
      const ids = assertGraphIds(phoneIds, 'Phone number ID');
      const results = await getNodes(ids, fieldList(PHONE_HEALTH_FIELDS));
      const out = new Map<string, PhoneNumber | GraphError>();
      for (const [i, id] of ids.entries()) {
        const result = results[i];
        if (!result) continue;
        if (!result.ok) {
          out.set(id, result.error);
          continue;
        }
        const parsed = PhoneNumberSchema.safeParse(result.body);
        out.set(
          id,
          parsed.success
            ? parsed.data
            : badResponse(
                `Graph API returned an unexpected phone number: ${describeIssues(parsed.error).join('; ')}`,
                transport.context(result.status, result.usage),
              ),
        );
      }
      return out;
    });

  const register = (phoneId: string, pin: string) =>
    guard(async () => {
      const id = assertGraphId(phoneId, 'Phone number ID');
      const validPin = assertPin(pin);
      return (await post([id, 'register'], { messaging_product: 'whatsapp', pin: validPin }, SuccessResponseSchema)).data;
    });

  const requestCode = (phoneId: string, method: CodeMethod, language: string) =>
    guard(async () => {
      const id = assertGraphId(phoneId, 'Phone number ID');
      const form = new URLSearchParams({ code_method: assertCodeMethod(method), language: assertLanguage(language) });
      return (await post([id, 'request_code'], form, SuccessResponseSchema)).data;
    });

  const verifyCode = (phoneId: string, code: string) =>
    guard(async () => {
      const id = assertGraphId(phoneId, 'Phone number ID');
      const form = new URLSearchParams({ code: assertVerificationCode(code) });
      return (await post([id, 'verify_code'], form, SuccessResponseSchema)).data;
    });

  return {
    version,
    origin,
    get,
    post,
    batch,
    paginate,
    debugToken,
    listBusinesses,
    listOwnedWabas: (businessId) => listWabaEdge(businessId, 'owned_whatsapp_business_accounts'),
    listClientWabas: (businessId) => listWabaEdge(businessId, 'client_whatsapp_business_accounts'),
    getWabasWithPhoneNumbers,
    getPhoneNumbersHealth,
    register,
    requestCode,
    verifyCode,
  };
}

/** The apps of a `subscribed_apps` expansion (`{ data: [{ whatsapp_business_api_data }] }`); an unreadable item is skipped. */
function appsOf(raw: unknown): Array<{ id: string; name?: string }> {
  const data = (raw as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(data)) return [];
  const apps: Array<{ id: string; name?: string }> = [];
  for (const item of data) {
    const parsed = SubscribedAppSchema.safeParse(item);
    if (!parsed.success) continue;
    const { id, name } = parsed.data.whatsapp_business_api_data;
    apps.push(name === undefined ? { id } : { id, name });
  }
  return apps;
}
