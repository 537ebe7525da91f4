import { describe, it, expect } from 'vitest';
import { createGraphClient } from '../../lib/graph/client';
import { GraphError } from '../../lib/graph/errors';
import { REDACTED, redactSecrets } from '../../lib/graph/redact';
import { WabaSchema } from '../../lib/graph/schemas';
import type { GraphClient } from '../../lib/graph/client';
import { batchOf, batchResponse, createFakeFetch, json, networkFailure, parseRelative, text } from './fake-fetch';
import type { RecordedCall, Responder } from './fake-fetch';
import { BUSINESS_ID, PHONE_ID, TOKEN, WABA_ID, debugTokenUserSample, metaError, phoneNodeSample } from './fixtures';

const ORIGIN = 'https://graph.facebook.com';
const nextWithToken = (path: string) => `${ORIGIN}/v25.0/${path}?access_token=${TOKEN}&limit=100&after=CURSOR`;

/** A Meta-like fake: every list has a second page whose link carries access_token, like the real API. */
const metaLike: Responder = (call) => {
  const url = new URL(call.url);
  const path = url.pathname.replace(/^\/v25\.0\/?/, '');
  const secondPage = url.searchParams.get('after') === 'CURSOR';
  if (call.method === 'POST' && path === '') {
    return batchResponse(
      batchOf(call).map((r) => {
        const rel = parseRelative(r.relative_url);
        if (rel.path === 'debug_token') return { code: 200, body: debugTokenUserSample };
        if ((rel.params.get('fields') ?? '').includes('phone_numbers.limit')) {
          return {
            code: 200,
            body: {
              id: rel.path,
              phone_numbers: { data: [phoneNodeSample], paging: { next: nextWithToken(`${rel.path}/phone_numbers`) } },
            },
          };
        }
        return { code: 200, body: { ...phoneNodeSample, id: rel.path } };
      }),
    )(call);
  }
  if (call.method === 'POST') return json({ success: true })(call);
  if (path.endsWith('businesses') || path.endsWith('whatsapp_business_accounts') || path.endsWith('phone_numbers')) {
    const item = path.endsWith('phone_numbers') ? phoneNodeSample : { id: WABA_ID, name: 'x' };
    return json({ data: [item], ...(secondPage ? {} : { paging: { next: nextWithToken(path) } }) })(call);
  }
  return json({ id: path, name: 'WABA' })(call);
};

const operations: Array<[string, (c: GraphClient) => Promise<unknown>]> = [
  ['debugToken', (c) => c.debugToken()],
  ['listBusinesses', (c) => c.listBusinesses()],
  ['listOwnedWabas', (c) => c.listOwnedWabas(BUSINESS_ID)],
  ['listClientWabas', (c) => c.listClientWabas(BUSINESS_ID)],
  ['getWabasWithPhoneNumbers', (c) => c.getWabasWithPhoneNumbers([WABA_ID, '222'])],
  ['getPhoneNumbersHealth', (c) => c.getPhoneNumbersHealth([PHONE_ID, '222'])],
  ['register', (c) => c.register(PHONE_ID, '123456')],
  ['requestCode', (c) => c.requestCode(PHONE_ID, 'SMS', 'en_US')],
  ['verifyCode', (c) => c.verifyCode(PHONE_ID, '123456')],
  ['paginate', (c) => c.paginate([WABA_ID, 'phone_numbers'], { fields: 'id' }, WabaSchema)],
  ['get', (c) => c.get([WABA_ID], { fields: 'id' }, WabaSchema)],
];

describe('the token travels only in the Authorization header to graph.facebook.com', () => {
  it('across every operation, no request URL contains the token; every request carries it as Bearer', async () => {
    const fake = createFakeFetch(metaLike);
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    for (const [, run] of operations) await run(client);

    // Not vacuous: every operation ran, and the paged ones followed a next link that carried access_token.
    expect(fake.calls.length).toBeGreaterThanOrEqual(operations.length + 5);
    expect(fake.calls.filter((c) => new URL(c.url).searchParams.get('after') === 'CURSOR').length).toBeGreaterThanOrEqual(5);

    for (const call of fake.calls) {
      expect(call.url).not.toContain(TOKEN);
      expect(call.url).not.toContain(encodeURIComponent(TOKEN));
      expect(call.url.toLowerCase()).not.toContain('access_token');
      expect(new URL(call.url).origin).toBe(ORIGIN);
      expect(call.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      expect(call.init.credentials).toBe('omit');
    }
  });

  it('the token appears in a request body only for debug_token (as input_token)', async () => {
    const fake = createFakeFetch(metaLike);
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    for (const [, run] of operations) await run(client);
    const bodiesWithToken = fake.calls.filter((c) => (c.body ?? '').includes(encodeURIComponent(TOKEN)) || (c.body ?? '').includes(TOKEN));
    expect(bodiesWithToken).toHaveLength(1);
    const [item] = batchOf(bodiesWithToken[0] as RecordedCall);
    expect(parseRelative(item?.relative_url ?? '').path).toBe('debug_token');
  });

  it('a paging.next on another origin is never requested, even without access_token', async () => {
    const fake = createFakeFetch().queue(
      json({
        data: [{ id: WABA_ID }],
        paging: { next: `https://attacker.example/v25.0/${BUSINESS_ID}/owned_whatsapp_business_accounts?access_token=${TOKEN}&after=X` },
      }),
    );
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    const error = (await client.listOwnedWabas(BUSINESS_ID).catch((e: unknown) => e)) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error.local).toBe('unsafe_url');
    expect(fake.calls.map((c) => new URL(c.url).origin)).toEqual([ORIGIN]);
    expect(JSON.stringify(error.toJSON())).not.toContain(TOKEN);
    expect(JSON.stringify(error.toJSON())).not.toContain('attacker.example');
  });
});

describe('error text never contains the token', () => {
  const echoed = metaError({
    message: `Invalid OAuth access token - Cannot parse access token ${TOKEN}`,
    code: 190,
    error_user_title: `token ${TOKEN}`,
    error_user_msg: `Your token ${encodeURIComponent(TOKEN)} is invalid`,
    error_data: { details: `access_token=${TOKEN}` },
    fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
  });

  function expectClean(error: unknown): void {
    expect(error).toBeInstanceOf(GraphError);
    const e = error as GraphError;
    for (const textValue of [e.message, String(e), e.stack ?? '', JSON.stringify(e.toJSON()), JSON.stringify(e)]) {
      expect(textValue).not.toContain(TOKEN);
      expect(textValue).not.toContain(encodeURIComponent(TOKEN));
    }
  }

  it('when Meta echoes it in every error member', async () => {
    const fake = createFakeFetch().queue(json(echoed, { status: 400 }));
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    const error = await client.listBusinesses().catch((e: unknown) => e);
    expectClean(error);
    expect((error as GraphError).message).toContain(REDACTED);
    expect(error).toMatchObject({ kind: 'auth', code: 190 });
  });

  it('when Meta echoes it in a batch item error', async () => {
    const fake = createFakeFetch().queue(batchResponse([{ code: 400, body: echoed }]));
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    const result = await client.getPhoneNumbersHealth([PHONE_ID]);
    expectClean(result.get(PHONE_ID));
  });

  it('when debug_token data.error.message echoes it', async () => {
    const fake = createFakeFetch().queue(
      batchResponse([{ code: 200, body: { data: { is_valid: false, scopes: [], error: { code: 190, message: `Bad token ${TOKEN}` } } } }]),
    );
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    const data = await client.debugToken();
    expect(data.error?.message).toBe(`Bad token ${REDACTED}`);
  });

  it('when a network error message contains it', async () => {
    const fake = createFakeFetch().queue(networkFailure(`connect failed for ${ORIGIN}/v25.0/me?access_token=${TOKEN}`));
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    const error = await client.listBusinesses().catch((e: unknown) => e);
    expectClean(error);
    expect(error).toMatchObject({ local: 'network' });
  });

  it('when an HTML error page contains it', async () => {
    const fake = createFakeFetch().queue(text(`<html>${TOKEN}</html>`, { status: 500 }));
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    expectClean(await client.listBusinesses().catch((e: unknown) => e));
  });

  it('when a bug inside fetch throws something unexpected', async () => {
    const fake = createFakeFetch(() => {
      throw new Error(`boom ${TOKEN}`);
    });
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch });
    expectClean(await client.listBusinesses().catch((e: unknown) => e));
  });
});

describe('redactSecrets', () => {
  it('removes raw and URL-encoded secrets and token-like fragments', () => {
    const secret = 'abc+def/ghi=jkl0123456789';
    const input = [
      `raw ${secret}`,
      `encoded ${encodeURIComponent(secret)}`,
      `form ${new URLSearchParams({ t: secret }).toString()}`,
      'q ?access_token=anything&x=1',
      'input_token=zzz',
      'Authorization: Bearer sometoken.value',
      'meta EAAGm0PX4ZCpsBAKZCZB7xyzAbCdEfGhIjKlMnOp',
    ].join('\n');
    const out = redactSecrets(input, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain('anything');
    expect(out).not.toContain('zzz');
    expect(out).not.toContain('sometoken');
    expect(out).not.toContain('EAAGm0PX4');
    expect(out).toContain('x=1');
    expect(out).toContain('raw [redacted]');
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('(#100) Invalid parameter 106540352242922', [TOKEN])).toBe('(#100) Invalid parameter 106540352242922');
  });
});
