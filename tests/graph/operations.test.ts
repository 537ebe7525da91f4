import { describe, it, expect } from 'vitest';
import { createGraphClient } from '../../lib/graph/client';
import { GraphError } from '../../lib/graph/errors';
import { PHONE_HEALTH_FIELDS, wabaWithPhoneNumbersFields } from '../../lib/graph/fields';
import type { GraphClient } from '../../lib/graph/client';
import { batchOf, batchResponse, createFakeFetch, json, parseRelative } from './fake-fetch';
import type { RecordedCall, Responder } from './fake-fetch';
import {
  BUSINESS_ID,
  PHONE_ID,
  TOKEN,
  WABA_ID,
  debugTokenSystemUserSample,
  debugTokenUserSample,
  errorSamples,
  healthBlockedSample,
} from './fixtures';

function setup(responders: Responder[]) {
  const fake = createFakeFetch().queue(...responders);
  return { fake, client: createGraphClient({ token: TOKEN, fetch: fake.fetch }) };
}

const pathOf = (call: RecordedCall | undefined) => new URL(call?.url ?? '').pathname;
const paramsOf = (call: RecordedCall | undefined) => new URL(call?.url ?? '').searchParams;

describe('debugToken', () => {
  it('sends input_token inside a batch POST body, never in a URL', async () => {
    const { client, fake } = setup([batchResponse([{ code: 200, body: debugTokenUserSample }])]);
    const data = await client.debugToken();
    expect(data).toMatchObject({ app_id: '670843887433847', type: 'USER', is_valid: true, expires_at: 1665090000 });
    expect(data.granular_scopes[0]?.target_ids).toEqual(['102289599326934', '101569239400667']);

    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0] as RecordedCall;
    expect(call.method).toBe('POST');
    expect(call.url).toBe('https://graph.facebook.com/v25.0/');
    expect(call.url).not.toContain(TOKEN);
    expect(call.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(call.body).get('include_headers')).toBe('false');
    const [item] = batchOf(call);
    expect(item?.method).toBe('GET');
    const { path, params } = parseRelative(item?.relative_url ?? '');
    expect(path).toBe('debug_token');
    expect(params.get('input_token')).toBe(TOKEN);
  });

  it('reads a system-user token: never expires, scopes without target_ids', async () => {
    const { client } = setup([batchResponse([{ code: 200, body: debugTokenSystemUserSample }])]);
    const data = await client.debugToken();
    expect(data.type).toBe('SYSTEM_USER');
    expect(data.expires_at).toBe(0);
    expect(data.granular_scopes.map((g) => g.target_ids)).toEqual([undefined, undefined, undefined]);
  });

  it('throws the sub-request error (190 expired) as an auth GraphError', async () => {
    const { client } = setup([batchResponse([{ code: 400, body: errorSamples.expiredToken }])]);
    await expect(client.debugToken()).rejects.toMatchObject({ kind: 'auth', code: 190, subcode: 463 });
  });

  it('throws a whole-batch 190 as an auth GraphError', async () => {
    const { client } = setup([json(errorSamples.expiredToken, { status: 400 })]);
    await expect(client.debugToken()).rejects.toMatchObject({ kind: 'auth', code: 190 });
  });

  it('retries a null debug_token item', async () => {
    const { client, fake } = setup([batchResponse([null]), batchResponse([{ code: 200, body: debugTokenUserSample }])]);
    await expect(client.debugToken()).resolves.toMatchObject({ is_valid: true });
    expect(fake.calls).toHaveLength(2);
  });

  it('rejects an unreadable debug_token body', async () => {
    const { client } = setup([batchResponse([{ code: 200, body: { data: { is_valid: 'yes' } } }])]);
    await expect(client.debugToken()).rejects.toMatchObject({ kind: 'transient', local: 'bad_response' });
  });
});

describe('listing businesses and WABAs', () => {
  it('listBusinesses reads /me/businesses with id,name', async () => {
    const { client, fake } = setup([json({ data: [{ id: BUSINESS_ID, name: 'Jasper', permitted_roles: ['ADMIN'] }] })]);
    const result = await client.listBusinesses();
    expect(result.items).toEqual([{ id: BUSINESS_ID, name: 'Jasper', permitted_roles: ['ADMIN'] }]);
    expect(pathOf(fake.calls[0])).toBe('/v25.0/me/businesses');
    expect(paramsOf(fake.calls[0]).get('fields')).toBe('id,name');
  });

  it.each([
    ['listOwnedWabas', 'owned_whatsapp_business_accounts'],
    ['listClientWabas', 'client_whatsapp_business_accounts'],
  ] as const)('%s reads /{business}/%s', async (method, edge) => {
    const { client, fake } = setup([
      json({ data: [{ id: WABA_ID, name: 'My WhatsApp Business Account', owner_business_info: { id: BUSINESS_ID, name: 'Jasper' } }] }),
    ]);
    const result = await client[method](BUSINESS_ID);
    expect(result.items[0]?.owner_business_info?.id).toBe(BUSINESS_ID);
    expect(pathOf(fake.calls[0])).toBe(`/v25.0/${BUSINESS_ID}/${edge}`);
    expect(paramsOf(fake.calls[0]).get('fields')).toBe('id,name,owner_business_info');
    expect(paramsOf(fake.calls[0]).get('limit')).toBe('100');
  });
});

describe('getWabasWithPhoneNumbers', () => {
  it('reads WABAs and numbers in one batch, follows nested paging, reports per-WABA errors', async () => {
    const wabaA = {
      id: '111',
      name: 'A',
      owner_business_info: { id: BUSINESS_ID, name: 'Jasper' },
      phone_numbers: {
        data: [
          { id: '1001', status: 'CONNECTED' },
          { id: '1002', status: 'PENDING' },
        ],
        paging: {
          cursors: { after: 'X' },
          next: `https://graph.facebook.com/v25.0/111/phone_numbers?access_token=${TOKEN}&limit=100&after=X`,
        },
      },
    };
    const wabaC = { id: '333', name: 'C without numbers' };
    const { client, fake } = setup([
      batchResponse([
        { code: 200, body: wabaA },
        { code: 403, body: errorSamples.permission },
        { code: 200, body: wabaC },
      ]),
      // A (#200) may come from the subscribed apps alone: that WABA is read once more without them.
      batchResponse([{ code: 403, body: errorSamples.permission }]),
      json({ data: [{ id: '1003', status: 'FLAGGED' }, { id: 1004 }] }),
    ]);
    const result = await client.getWabasWithPhoneNumbers(['111', '222', '333', '111']);

    expect(fake.calls).toHaveLength(3);
    const subRequests = batchOf(fake.calls[0] as RecordedCall).map((r) => parseRelative(r.relative_url));
    expect(subRequests.map((r) => r.path)).toEqual(['111', '222', '333']);
    expect(subRequests[0]?.params.get('fields')).toBe(wabaWithPhoneNumbersFields(100));
    const retry = batchOf(fake.calls[1] as RecordedCall).map((r) => parseRelative(r.relative_url));
    expect(retry.map((r) => [r.path, r.params.get('fields')])).toEqual([['222', wabaWithPhoneNumbersFields(100, false)]]);
    expect(new URL(fake.calls[2]?.url ?? '').searchParams.has('access_token')).toBe(false);

    expect([...result.keys()]).toEqual(['111', '222', '333']);
    const a = result.get('111');
    expect(a?.ok).toBe(true);
    if (a?.ok) {
      expect(a.waba).toEqual({ id: '111', name: 'A', owner_business_info: { id: BUSINESS_ID, name: 'Jasper' } });
      expect(a.phoneNumbers.map((p) => p.id)).toEqual(['1001', '1002', '1003']);
      expect(a.malformed).toHaveLength(1);
      expect(a.truncated).toBe(false);
    }
    const b = result.get('222');
    expect(b).toMatchObject({ ok: false, error: { kind: 'permission', code: 200 } });
    expect(result.get('333')).toMatchObject({ ok: true, phoneNumbers: [], malformed: [] });
  });

  it('reads 1,000 numbers in 20 WABAs with a single HTTP call', async () => {
    const wabaIds = Array.from({ length: 20 }, (_, w) => String(500 + w));
    const { client, fake } = setup([
      (call) =>
        batchResponse(
          batchOf(call).map((r) => {
            const id = parseRelative(r.relative_url).path;
            return {
              code: 200,
              body: {
                id,
                name: `W${id}`,
                phone_numbers: { data: Array.from({ length: 50 }, (_, i) => ({ id: `${id}${1000 + i}`, status: 'CONNECTED' })) },
              },
            };
          }),
        )(call),
    ]);
    const result = await client.getWabasWithPhoneNumbers(wabaIds);
    expect(fake.calls).toHaveLength(1);
    const total = [...result.values()].reduce((n, r) => n + (r.ok ? r.phoneNumbers.length : 0), 0);
    expect(total).toBe(1000);
  });

  it('a follow-up page failure becomes that WABA’s error', async () => {
    const waba = {
      id: '111',
      phone_numbers: { data: [{ id: '1' }], paging: { next: 'https://evil.example/v25.0/111/phone_numbers?after=X' } },
    };
    const { client, fake } = setup([batchResponse([{ code: 200, body: waba }])]);
    const result = await client.getWabasWithPhoneNumbers(['111']);
    expect(result.get('111')).toMatchObject({ ok: false, error: { local: 'unsafe_url' } });
    expect(fake.calls).toHaveLength(1);
  });

  it('a whole-batch failure rejects', async () => {
    const { client } = setup([json(errorSamples.expiredToken, { status: 400 })]);
    await expect(client.getWabasWithPhoneNumbers(['111'])).rejects.toMatchObject({ kind: 'auth' });
  });
});

describe('getPhoneNumbersHealth', () => {
  it('returns a Map of phone numbers and per-number errors', async () => {
    const { client, fake } = setup([
      batchResponse([
        { code: 200, body: healthBlockedSample },
        { code: 403, body: errorSamples.permission },
        { code: 200, body: { id: 77, status: 'CONNECTED' } },
      ]),
    ]);
    const result = await client.getPhoneNumbersHealth([PHONE_ID, '222', '333']);
    const phone = result.get(PHONE_ID);
    expect(phone).not.toBeInstanceOf(GraphError);
    expect(phone && !(phone instanceof GraphError) ? phone.health_status?.can_send_message : undefined).toBe('BLOCKED');
    expect(result.get('222')).toMatchObject({ kind: 'permission' });
    expect(result.get('333')).toMatchObject({ kind: 'transient', local: 'bad_response' });
    const [first] = batchOf(fake.calls[0] as RecordedCall);
    expect(parseRelative(first?.relative_url ?? '').params.get('fields')).toBe(PHONE_HEALTH_FIELDS.join(','));
  });

  it('batches 120 numbers as 3 calls', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => String(9000 + i));
    const echo: Responder = (call) =>
      batchResponse(batchOf(call).map((r) => ({ code: 200, body: { id: parseRelative(r.relative_url).path, status: 'CONNECTED' } })))(call);
    const { client, fake } = setup([echo, echo, echo]);
    const result = await client.getPhoneNumbersHealth(ids);
    expect(fake.calls).toHaveLength(3);
    expect([...result.keys()]).toEqual(ids);
    expect([...result.values()].every((v) => !(v instanceof GraphError) && v.status === 'CONNECTED')).toBe(true);
  });
});

describe('registration family', () => {
  it('register POSTs JSON {messaging_product, pin} to /{id}/register', async () => {
    const { client, fake } = setup([json({ success: true })]);
    await expect(client.register(PHONE_ID, '123456')).resolves.toEqual({ success: true });
    const call = fake.calls[0];
    expect(call?.method).toBe('POST');
    expect(pathOf(call)).toBe(`/v25.0/${PHONE_ID}/register`);
    expect(JSON.parse(call?.body ?? '')).toEqual({ messaging_product: 'whatsapp', pin: '123456' });
  });

  it('requestCode and verifyCode send form fields, nothing in the query', async () => {
    const { client, fake } = setup([json({ success: true }), json({ success: true, id: PHONE_ID })]);
    await client.requestCode(PHONE_ID, 'VOICE', 'pt_BR');
    await expect(client.verifyCode(PHONE_ID, '123830')).resolves.toEqual({ success: true, id: PHONE_ID });
    expect(pathOf(fake.calls[0])).toBe(`/v25.0/${PHONE_ID}/request_code`);
    expect(fake.calls[0]?.body).toBe('code_method=VOICE&language=pt_BR');
    expect(pathOf(fake.calls[1])).toBe(`/v25.0/${PHONE_ID}/verify_code`);
    expect(fake.calls[1]?.body).toBe('code=123830');
    expect(fake.calls.every((c) => new URL(c.url).search === '')).toBe(true);
  });

  it('surfaces 133005 and 133016 as user_action errors', async () => {
    const { client } = setup([json(errorSamples.pinMismatch, { status: 400 }), json(errorSamples.tooManyRegistrations, { status: 400 })]);
    await expect(client.register(PHONE_ID, '000000')).rejects.toMatchObject({ kind: 'user_action', code: 133005 });
    await expect(client.register(PHONE_ID, '000000')).rejects.toMatchObject({ kind: 'user_action', code: 133016 });
  });

  it('surfaces 100/2388001 Cannot Create Certificate', async () => {
    const { client } = setup([json(errorSamples.cannotCreateCertificate, { status: 400 })]);
    await expect(client.register(PHONE_ID, '123456')).rejects.toMatchObject({ code: 100, userTitle: 'Cannot Create Certificate' });
  });
});

describe('input validation happens before any request', () => {
  const cases: Array<[string, (c: GraphClient) => Promise<unknown>]> = [
    ['register: id with letters', (c) => c.register('12a', '123456')],
    ['register: path traversal id', (c) => c.register('../me', '123456')],
    ['register: empty id', (c) => c.register('', '123456')],
    ['register: 5-digit PIN', (c) => c.register(PHONE_ID, '12345')],
    ['register: 7-digit PIN', (c) => c.register(PHONE_ID, '1234567')],
    ['register: letters PIN', (c) => c.register(PHONE_ID, 'abcdef')],
    ['register: PIN with spaces', (c) => c.register(PHONE_ID, ' 123456')],
    ['requestCode: bad method', (c) => c.requestCode(PHONE_ID, 'EMAIL' as 'SMS', 'en_US')],
    ['requestCode: bad language', (c) => c.requestCode(PHONE_ID, 'SMS', 'english')],
    ['verifyCode: short code', (c) => c.verifyCode(PHONE_ID, '12345')],
    ['verifyCode: non-digit code', (c) => c.verifyCode(PHONE_ID, '12345x')],
    ['getWabasWithPhoneNumbers: id with slash', (c) => c.getWabasWithPhoneNumbers([`${WABA_ID}/phone_numbers`])],
    ['getWabasWithPhoneNumbers: id with query', (c) => c.getWabasWithPhoneNumbers([`${WABA_ID}?fields=x`])],
    ['listOwnedWabas: me', (c) => c.listOwnedWabas('me')],
    ['listClientWabas: negative', (c) => c.listClientWabas('-1')],
    ['getWabasWithPhoneNumbers: one bad id', (c) => c.getWabasWithPhoneNumbers(['111', 'abc'])],
    ['getPhoneNumbersHealth: one bad id', (c) => c.getPhoneNumbersHealth([PHONE_ID, '1 2'])],
  ];

  it.each(cases)('%s', async (_label, run) => {
    const { client, fake } = setup([]);
    const error = await run(client).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ kind: 'user_action', local: 'invalid_input' });
    expect(fake.calls).toHaveLength(0);
  });

  it('the error does not echo the PIN', async () => {
    const { client } = setup([]);
    const error = (await client.register(PHONE_ID, '98765').catch((e: unknown) => e)) as GraphError;
    expect(error.message).toMatch(/6 digits/);
    expect(error.message).not.toContain('98765');
  });
});
