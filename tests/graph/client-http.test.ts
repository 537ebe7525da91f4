import { afterEach, describe, it, expect, vi } from 'vitest';
import { z } from 'zod';
import { createGraphClient } from '../../lib/graph/client';
import { GraphError } from '../../lib/graph/errors';
import { PhoneNumberSchema, SuccessResponseSchema } from '../../lib/graph/schemas';
import type { GraphClientOptions } from '../../lib/graph/client';
import type { GraphUsage } from '../../lib/graph/usage';
import { createFakeFetch, hang, json, networkFailure, text } from './fake-fetch';
import type { FakeFetch, Responder } from './fake-fetch';
import { PHONE_ID, TOKEN, WABA_ID, bucHeader, errorSamples, htmlErrorPage, metaError, phoneNodeSample } from './fixtures';

function setup(responders: Responder[], options: Partial<GraphClientOptions> = {}) {
  const fake: FakeFetch = createFakeFetch().queue(...responders);
  const usages: GraphUsage[] = [];
  const client = createGraphClient({
    token: TOKEN,
    fetch: fake.fetch,
    now: () => 1_700_000_000_000,
    onUsage: (u) => usages.push(u),
    ...options,
  });
  return { fake, client, usages };
}

/** Runs `get` on a phone node and returns the rejection (fails the test if it resolves). */
async function getError(responder: Responder, options: Partial<GraphClientOptions> = {}): Promise<GraphError> {
  const { client } = setup([responder], options);
  const error = await client.get([PHONE_ID], { fields: 'id' }, PhoneNumberSchema).then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createGraphClient options', () => {
  const fetch = createFakeFetch().fetch;
  it.each([
    [{ token: '' }, 'invalid_input'],
    [{ token: TOKEN, version: 'v23.0' }, 'invalid_input'],
    [{ token: TOKEN, version: 'latest' }, 'invalid_input'],
    [{ token: TOKEN, baseUrl: 'https://evil.example' }, 'unsafe_url'],
    [{ token: TOKEN, baseUrl: 'http://graph.facebook.com' }, 'unsafe_url'],
    [{ token: TOKEN, pageLimit: 500 }, 'invalid_input'],
    [{ token: TOKEN, timeoutMs: 0 }, 'invalid_input'],
  ])('rejects %j', (options, local) => {
    expect(() => createGraphClient({ fetch, ...options })).toThrowError(expect.objectContaining({ local }) as Error);
  });

  it('accepts a loopback simulator origin and custom version', () => {
    const client = createGraphClient({ token: TOKEN, fetch, baseUrl: 'http://127.0.0.1:8787', version: 'v24.0' });
    expect(client.origin).toBe('http://127.0.0.1:8787');
    expect(client.version).toBe('v24.0');
  });
});

describe('get / post', () => {
  it('GETs {base}/{version}/{path} with params, Bearer header, no cookies', async () => {
    const { client, fake } = setup([json(phoneNodeSample)]);
    const res = await client.get([PHONE_ID], { fields: 'id,status' }, PhoneNumberSchema);
    expect(res.status).toBe(200);
    expect(res.data.verified_name).toBe('Lucky Shrub');
    const call = fake.calls[0];
    expect(call?.method).toBe('GET');
    const url = new URL(call?.url ?? '');
    expect(url.origin + url.pathname).toBe(`https://graph.facebook.com/v25.0/${PHONE_ID}`);
    expect(url.searchParams.get('fields')).toBe('id,status');
    expect(call?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(call?.init.credentials).toBe('omit');
    expect(call?.init.redirect).toBe('error');
  });

  it('accepts a string path and uses the configured version', async () => {
    const { client, fake } = setup([json({ data: [] })], { version: 'v24.0' });
    await client.get('me/businesses', {}, z.looseObject({ data: z.array(z.unknown()) }));
    expect(new URL(fake.calls[0]?.url ?? '').pathname).toBe('/v24.0/me/businesses');
  });

  it('POSTs a JSON body for plain objects and a form body for URLSearchParams', async () => {
    const { client, fake } = setup([json({ success: true }), json({ success: true })]);
    await client.post([PHONE_ID, 'register'], { messaging_product: 'whatsapp', pin: '123456' }, SuccessResponseSchema);
    await client.post([PHONE_ID, 'verify_code'], new URLSearchParams({ code: '123830' }), SuccessResponseSchema);
    expect(fake.calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(fake.calls[0]?.body ?? '')).toEqual({ messaging_product: 'whatsapp', pin: '123456' });
    expect(fake.calls[1]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(fake.calls[1]?.body).toBe('code=123830');
    expect(new URL(fake.calls[1]?.url ?? '').search).toBe('');
  });

  it.each([['../me'], ['123/../../evil'], ['a b'], ['https://evil.example/x'], ['']])(
    'refuses path %j without any request',
    async (path) => {
      const { client, fake } = setup([]);
      await expect(client.get(path, {}, PhoneNumberSchema)).rejects.toMatchObject({ kind: 'user_action', local: 'invalid_input' });
      expect(fake.calls).toHaveLength(0);
    },
  );

  it('refuses an access_token query parameter without any request', async () => {
    const { client, fake } = setup([]);
    await expect(client.get([PHONE_ID], { access_token: TOKEN }, PhoneNumberSchema)).rejects.toMatchObject({
      local: 'invalid_input',
    });
    expect(fake.calls).toHaveLength(0);
  });

  it('reports a body that does not match the schema as bad_response', async () => {
    const error = await getError(json({ id: 12345 }));
    expect(error).toMatchObject({ kind: 'transient', local: 'bad_response', httpStatus: 200 });
    expect(error.message).toContain('id');
  });
});

describe('usage headers', () => {
  it('are reported and attached on success', async () => {
    const { client, usages } = setup([
      json(phoneNodeSample, { headers: { 'X-App-Usage': '{"call_count":28,"total_time":25,"total_cputime":25}' } }),
    ]);
    const res = await client.get([PHONE_ID], {}, PhoneNumberSchema);
    expect(res.usage?.maxPercent).toBe(28);
    expect(usages).toHaveLength(1);
    expect(usages[0]?.observedAt).toBe(1_700_000_000_000);
  });

  it('are reported and attached on errors', async () => {
    const { client, usages } = setup([
      json(errorSamples.permission, { status: 403, headers: { 'x-business-use-case-usage': bucHeader(0, 55) } }),
    ]);
    const error = await client.get([PHONE_ID], {}, PhoneNumberSchema).catch((e: unknown) => e as GraphError);
    expect(error.usage?.maxPercent).toBe(55);
    expect(usages.map((u) => u.maxPercent)).toEqual([55]);
  });

  it('a throwing onUsage observer does not break the call', async () => {
    const { client } = setup([json(phoneNodeSample, { headers: { 'x-app-usage': '{"call_count":1}' } })], {
      onUsage: () => {
        throw new Error('observer bug');
      },
    });
    await expect(client.get([PHONE_ID], {}, PhoneNumberSchema)).resolves.toMatchObject({ status: 200 });
  });
});

describe('error families', () => {
  it('190/463 expired token -> auth with every envelope member', async () => {
    const error = await getError(json(errorSamples.expiredToken, { status: 400 }));
    expect(error.toJSON()).toEqual({
      name: 'GraphError',
      kind: 'auth',
      message: 'Error validating access token: Session has expired on Tuesday, 01-Jul-26 10:00:00 PDT.',
      httpStatus: 400,
      code: 190,
      subcode: 463,
      type: 'OAuthException',
      fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
    });
    expect(error.retryable).toBe(false);
  });

  it('200 missing permission -> permission', async () => {
    const error = await getError(json(errorSamples.permission, { status: 403 }));
    expect(error).toMatchObject({ kind: 'permission', code: 200, httpStatus: 403 });
  });

  it('80008 with X-Business-Use-Case-Usage -> rate_limit, retryAfterMs from the regain time (minutes)', async () => {
    const error = await getError(
      json(errorSamples.bucLimit, { status: 400, headers: { 'X-Business-Use-Case-Usage': bucHeader(12, 100) } }),
    );
    expect(error).toMatchObject({ kind: 'rate_limit', code: 80008, retryAfterMs: 12 * 60_000 });
    expect(error.usage?.business[0]?.objectId).toBe(WABA_ID);
  });

  it('4 app limit without regain time -> rate_limit with the 60 s default', async () => {
    const error = await getError(json(errorSamples.appLimit, { status: 400, headers: { 'x-app-usage': '{"call_count":100}' } }));
    expect(error).toMatchObject({ kind: 'rate_limit', code: 4, retryAfterMs: 60_000, isTransient: true });
  });

  it('130429 throughput -> rate_limit with subcode, user texts and details', async () => {
    const error = await getError(json(errorSamples.throughput, { status: 400, headers: { 'retry-after': '30' } }));
    expect(error).toMatchObject({
      kind: 'rate_limit',
      code: 130429,
      subcode: 2494055,
      userTitle: 'Rate limit hit',
      userMessage: 'Cloud API message throughput has been reached.',
      isTransient: false,
      retryAfterMs: 30_000,
    });
    expect(error.details).toMatch(/too many messages/);
  });

  it('2 service down -> transient', async () => {
    expect(await getError(json(errorSamples.serviceDown, { status: 503 }))).toMatchObject({ kind: 'transient', code: 2 });
  });

  it('131000 -> transient with details', async () => {
    expect(await getError(json(errorSamples.somethingWrong, { status: 500 }))).toMatchObject({
      kind: 'transient',
      code: 131000,
      details: 'Something went wrong',
    });
  });

  it('5xx with a JSON body but no error -> transient', async () => {
    const error = await getError(json({ ok: false }, { status: 500 }));
    expect(error).toMatchObject({ kind: 'transient', httpStatus: 500 });
    expect(error.local).toBeUndefined();
    // Meta gave no words, so none are made up: people read errMetaNoWords with the status (lib/error-info.ts).
    expect(error.message).toBe('');
  });

  it('5xx with an empty body -> transient', async () => {
    expect(await getError(text('', { status: 503 }))).toMatchObject({ kind: 'transient', httpStatus: 503 });
  });

  it('100/2388001 Cannot Create Certificate -> user_action with the user title', async () => {
    const error = await getError(json(errorSamples.cannotCreateCertificate, { status: 400 }));
    expect(error).toMatchObject({ kind: 'user_action', code: 100, subcode: 2388001, userTitle: 'Cannot Create Certificate' });
    expect(error.userMessage).toMatch(/registered to an existing WhatsApp account/);
  });

  it('133005 PIN mismatch and 133016 too many attempts -> user_action', async () => {
    expect(await getError(json(errorSamples.pinMismatch, { status: 400 }))).toMatchObject({ kind: 'user_action', code: 133005 });
    expect(await getError(json(errorSamples.tooManyRegistrations, { status: 400 }))).toMatchObject({
      kind: 'user_action',
      code: 133016,
    });
  });

  it('an error envelope inside HTTP 200 is still an error', async () => {
    expect(await getError(json(errorSamples.permission, { status: 200 }))).toMatchObject({ kind: 'permission', httpStatus: 200 });
  });

  it('error_data sent as a JSON string still yields details', async () => {
    const body = metaError({ message: 'x', code: 131031, error_data: JSON.stringify({ details: 'Account locked' }) });
    expect(await getError(json(body, { status: 403 }))).toMatchObject({ kind: 'user_action', details: 'Account locked' });
  });

  it('an error member that is a bare string is classified by status', async () => {
    expect(await getError(json({ error: 'Service Unavailable' }, { status: 503 }))).toMatchObject({
      kind: 'transient',
      message: 'Service Unavailable',
    });
  });

  it('HTML error page -> transient bad_response, no exception escapes', async () => {
    const error = await getError(text(htmlErrorPage, { status: 502 }));
    expect(error).toMatchObject({ kind: 'transient', local: 'bad_response', httpStatus: 502 });
    expect(error.message).toMatch(/HTML/);
  });

  it('HTML page with HTTP 200 -> transient bad_response', async () => {
    expect(await getError(text(htmlErrorPage, { status: 200 }))).toMatchObject({ kind: 'transient', local: 'bad_response' });
  });

  it('truncated JSON -> transient bad_response', async () => {
    const full = JSON.stringify(phoneNodeSample);
    const error = await getError(text(full.slice(0, full.length / 2), { status: 200, headers: { 'content-type': 'application/json' } }));
    expect(error).toMatchObject({ kind: 'transient', local: 'bad_response', httpStatus: 200 });
    expect(error.message).toMatch(/truncated/);
  });

  it('body stream failing mid-way -> transient network error', async () => {
    const broken: Responder = () =>
      ({
        status: 200,
        headers: new Headers(),
        text: () => Promise.reject(new TypeError('terminated')),
      }) as unknown as Response;
    expect(await getError(broken)).toMatchObject({ kind: 'transient', local: 'network' });
  });

  it('network rejection -> transient network error', async () => {
    const error = await getError(networkFailure('getaddrinfo ENOTFOUND graph.facebook.com'));
    expect(error).toMatchObject({ kind: 'transient', local: 'network' });
    expect(error.message).toContain('ENOTFOUND');
  });

  it('times out after the default 20 s -> transient timeout, request aborted', async () => {
    vi.useFakeTimers();
    const { client, fake } = setup([hang()]);
    const promise = client.get([PHONE_ID], {}, PhoneNumberSchema).catch((e: unknown) => e as GraphError);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(fake.calls[0]?.init.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await promise;
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'transient', local: 'timeout' });
    expect(fake.calls[0]?.init.signal?.aborted).toBe(true);
  });

  it('times out even if fetch ignores the abort signal (tiny real timeout)', async () => {
    const ignoresAbort: Responder = () => new Promise<Response>(() => undefined);
    expect(await getError(ignoresAbort, { timeoutMs: 5 })).toMatchObject({ kind: 'transient', local: 'timeout' });
  });

  it('uses injected timers', async () => {
    const scheduled: Array<() => void> = [];
    const timers = { setTimeout: (cb: () => void) => scheduled.push(cb), clearTimeout: () => undefined };
    const { client } = setup([hang()], { timers });
    const promise = client.get([PHONE_ID], {}, PhoneNumberSchema).catch((e: unknown) => e as GraphError);
    await Promise.resolve();
    expect(scheduled).toHaveLength(1);
    scheduled[0]?.();
    expect(await promise).toMatchObject({ local: 'timeout' });
  });
});
