import { describe, it, expect } from 'vitest';
import { createGraphClient } from '../../lib/graph/client';
import { GraphError } from '../../lib/graph/errors';
import { buildRelativeUrl } from '../../lib/graph/url';
import type { BatchRequest } from '../../lib/graph/batch';
import { batchOf, batchResponse, createFakeFetch, json, parseRelative, text } from './fake-fetch';
import type { RecordedCall, Responder } from './fake-fetch';
import { PHONE_ID, TOKEN, bucHeader, errorSamples, healthBlockedSample, phoneNodeSample } from './fixtures';

function setup(responders: Responder[]) {
  const fake = createFakeFetch().queue(...responders);
  return { fake, client: createGraphClient({ token: TOKEN, fetch: fake.fetch }) };
}

/** Answers every batch call with one 200 item per sub-request echoing its relative_url. */
const echoBatch: Responder = (call: RecordedCall) =>
  batchResponse(batchOf(call).map((r) => ({ code: 200, body: { id: parseRelative(r.relative_url).path } })))(call);

const ids = (n: number) => Array.from({ length: n }, (_, i) => String(1000 + i));
const gets = (list: string[]): BatchRequest[] =>
  list.map((id) => ({ method: 'GET', relativeUrl: buildRelativeUrl([id], { fields: 'id' }) }));

describe('batch', () => {
  it('POSTs form-encoded batch=<json>&include_headers=false to {base}/{version}/', async () => {
    const { client, fake } = setup([echoBatch]);
    const results = await client.batch(gets(['111', '222']));
    const call = fake.calls[0] as RecordedCall;
    expect(call.method).toBe('POST');
    expect(call.url).toBe('https://graph.facebook.com/v25.0/');
    expect(call.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(call.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    const form = new URLSearchParams(call.body);
    expect(form.get('include_headers')).toBe('false');
    expect(batchOf(call)).toEqual([
      { method: 'GET', relative_url: '111?fields=id' },
      { method: 'GET', relative_url: '222?fields=id' },
    ]);
    expect(results).toEqual([
      { ok: true, status: 200, body: { id: '111' } },
      { ok: true, status: 200, body: { id: '222' } },
    ]);
  });

  it('splits 120 requests into 3 calls of 50, 50, 20 and keeps input order', async () => {
    const { client, fake } = setup([echoBatch, echoBatch, echoBatch]);
    const list = ids(120);
    const results = await client.batch(gets(list));
    expect(fake.calls.map((c) => batchOf(c).length)).toEqual([50, 50, 20]);
    expect(results.map((r) => (r.ok ? (r.body as { id: string }).id : 'error'))).toEqual(list);
  });

  it('makes no call for an empty list', async () => {
    const { client, fake } = setup([]);
    expect(await client.batch([])).toEqual([]);
    expect(fake.calls).toHaveLength(0);
  });

  it('sends POST sub-request bodies form-encoded', async () => {
    const { client, fake } = setup([batchResponse([{ code: 200, body: { success: true } }])]);
    await client.batch([{ method: 'POST', relativeUrl: `${PHONE_ID}/register`, body: { messaging_product: 'whatsapp', pin: '123456' } }]);
    expect(batchOf(fake.calls[0] as RecordedCall)).toEqual([
      { method: 'POST', relative_url: `${PHONE_ID}/register`, body: 'messaging_product=whatsapp&pin=123456' },
    ]);
  });

  it('reports a 403 item as a permission error and keeps the others', async () => {
    const { client } = setup([
      batchResponse([
        { code: 200, body: phoneNodeSample },
        { code: 403, body: errorSamples.permission },
        { code: 200, body: healthBlockedSample },
      ]),
    ]);
    const [a, b, c] = await client.batch(gets(['1', '2', '3']));
    expect(a).toMatchObject({ ok: true, status: 200 });
    expect(c).toMatchObject({ ok: true, body: healthBlockedSample });
    expect(b?.ok).toBe(false);
    if (b && !b.ok) {
      expect(b.error).toBeInstanceOf(GraphError);
      expect(b.error).toMatchObject({ kind: 'permission', code: 200, httpStatus: 403 });
    }
  });

  it('re-sends null items (Meta timeout) and merges them back in order', async () => {
    const { client, fake } = setup([
      batchResponse([{ code: 200, body: { id: '1' } }, null, { code: 200, body: { id: '3' } }, null]),
      batchResponse([{ code: 200, body: { id: '2' } }, null]),
      batchResponse([{ code: 200, body: { id: '4' } }]),
    ]);
    const results = await client.batch(gets(['1', '2', '3', '4']));
    expect(fake.calls.map((c) => batchOf(c).map((r) => parseRelative(r.relative_url).path))).toEqual([
      ['1', '2', '3', '4'],
      ['2', '4'],
      ['4'],
    ]);
    expect(results.map((r) => (r.ok ? (r.body as { id: string }).id : 'error'))).toEqual(['1', '2', '3', '4']);
  });

  it('gives up on items still null after 2 retry rounds: transient timeout', async () => {
    const { client, fake } = setup([batchResponse([{ code: 200, body: { id: '1' } }, null]), batchResponse([null]), batchResponse([null])]);
    const [a, b] = await client.batch(gets(['1', '2']));
    expect(fake.calls).toHaveLength(3);
    expect(a?.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, error: { kind: 'transient', local: 'timeout' } });
  });

  it('a whole-batch 190 rejects with an auth error', async () => {
    const { client } = setup([json(errorSamples.expiredToken, { status: 400 })]);
    await expect(client.batch(gets(['1', '2']))).rejects.toMatchObject({ kind: 'auth', code: 190, subcode: 463 });
  });

  it('a whole-batch HTML page rejects with a transient bad_response', async () => {
    const { client } = setup([text('<html><body>502 Bad Gateway</body></html>', { status: 502 })]);
    await expect(client.batch(gets(['1']))).rejects.toMatchObject({ kind: 'transient', local: 'bad_response', httpStatus: 502 });
  });

  it('rejects when Meta answers with the wrong number of items', async () => {
    const { client } = setup([batchResponse([{ code: 200, body: {} }])]);
    await expect(client.batch(gets(['1', '2']))).rejects.toMatchObject({ local: 'bad_response' });
  });

  it('turns unreadable items into per-item bad_response errors', async () => {
    const odd = json([
      { code: 200, headers: [], body: '{"id":"1","status":"CONN' },
      { code: 502, headers: [], body: '<html>oops</html>' },
      { code: 500, headers: [], body: '' },
      'garbage',
    ]);
    const { client } = setup([odd]);
    const results = await client.batch(gets(['1', '2', '3', '4']));
    expect(results.map((r) => (r.ok ? 'ok' : `${r.error.kind}/${r.error.local ?? '-'}/${r.error.httpStatus ?? '-'}`))).toEqual([
      'transient/bad_response/200',
      'transient/bad_response/502',
      'transient/-/500',
      'transient/bad_response/-',
    ]);
  });

  it('rate-limited items get retryAfterMs from the batch response BUC header', async () => {
    const { client } = setup([
      batchResponse([{ code: 400, body: errorSamples.bucLimit }], { headers: { 'X-Business-Use-Case-Usage': bucHeader(30, 100) } }),
    ]);
    const [item] = await client.batch(gets(['1']));
    expect(item).toMatchObject({ ok: false, error: { kind: 'rate_limit', code: 80008, retryAfterMs: 30 * 60_000 } });
  });

  it.each([
    [{ method: 'GET', relativeUrl: `${PHONE_ID}?access_token=abc` }],
    [{ method: 'GET', relativeUrl: `/${PHONE_ID}` }],
    [{ method: 'GET', relativeUrl: `https://evil.example/${PHONE_ID}` }],
    [{ method: 'GET', relativeUrl: `${PHONE_ID}/../../x` }],
    [{ method: 'POST', relativeUrl: PHONE_ID, body: { access_token: 'abc' } }],
    [{ method: 'DELETE', relativeUrl: PHONE_ID }],
  ] as Array<[BatchRequest]>)('refuses %j before any call', async (request) => {
    const { client, fake } = setup([]);
    await expect(client.batch([request])).rejects.toMatchObject({ local: 'invalid_input' });
    expect(fake.calls).toHaveLength(0);
  });
});
