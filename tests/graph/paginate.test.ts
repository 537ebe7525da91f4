import { describe, it, expect } from 'vitest';
import { createGraphClient } from '../../lib/graph/client';
import { PhoneNumberSchema } from '../../lib/graph/schemas';
import type { GraphClientOptions } from '../../lib/graph/client';
import { createFakeFetch, json } from './fake-fetch';
import type { Responder } from './fake-fetch';
import { TOKEN, WABA_ID, phoneNumbersPageSample } from './fixtures';

function setup(responders: Responder[], options: Partial<GraphClientOptions> = {}) {
  const fake = createFakeFetch().queue(...responders);
  return { fake, client: createGraphClient({ token: TOKEN, fetch: fake.fetch, ...options }) };
}

const nextUrl = (after: string, origin = 'https://graph.facebook.com') =>
  `${origin}/v25.0/${WABA_ID}/phone_numbers?access_token=${TOKEN}&fields=id%2Cstatus&limit=2&after=${after}`;

const page = (ids: string[], next?: string) => ({
  data: ids.map((id) => ({ id, status: 'CONNECTED' })),
  paging: { cursors: { before: 'b', after: 'a' }, ...(next ? { next } : {}) },
});

describe('paginate', () => {
  it('reads the documented single page (cursors, no next) in one call', async () => {
    const { client, fake } = setup([json(phoneNumbersPageSample)]);
    const result = await client.paginate([WABA_ID, 'phone_numbers'], { fields: 'id' }, PhoneNumberSchema);
    expect(fake.calls).toHaveLength(1);
    expect(result.items.map((p) => p.id)).toEqual(['1906385232743451', '1913623884432103']);
    expect(result).toMatchObject({ pages: 1, truncated: false, malformed: [] });
    const url = new URL(fake.calls[0]?.url ?? '');
    expect(url.searchParams.get('limit')).toBe('100');
    expect(url.searchParams.get('fields')).toBe('id');
  });

  it('follows paging.next to the end, stripping access_token but keeping the cursor', async () => {
    const { client, fake } = setup([
      json(page(['1', '2'], nextUrl('CURSOR2'))),
      json(page(['3', '4'], nextUrl('CURSOR3'))),
      json(page(['5'])),
    ]);
    const result = await client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema);
    expect(result.items.map((p) => p.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(result.pages).toBe(3);
    expect(fake.calls).toHaveLength(3);
    for (const call of fake.calls.slice(1)) {
      const url = new URL(call.url);
      expect(url.searchParams.has('access_token')).toBe(false);
      expect(call.url).not.toContain(TOKEN);
      expect(url.pathname).toBe(`/v25.0/${WABA_ID}/phone_numbers`);
      expect(call.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    }
    expect(new URL(fake.calls[1]?.url ?? '').searchParams.get('after')).toBe('CURSOR2');
    expect(new URL(fake.calls[2]?.url ?? '').searchParams.get('after')).toBe('CURSOR3');
  });

  it('keeps following through empty pages until next is absent', async () => {
    const { client } = setup([json(page([], nextUrl('X'))), json(page(['9']))]);
    const result = await client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema);
    expect(result.items.map((p) => p.id)).toEqual(['9']);
  });

  it.each([
    ['another host', nextUrl('C', 'https://evil.example')],
    ['a look-alike host', nextUrl('C', 'https://graph.facebook.com.evil.example')],
    ['plain http', nextUrl('C', 'http://graph.facebook.com')],
    ['another port', nextUrl('C', 'https://graph.facebook.com:8443')],
    ['embedded credentials', nextUrl('C', 'https://user:pw@graph.facebook.com')],
  ])('does not follow a paging.next on %s', async (_label, next) => {
    const { client, fake } = setup([json(page(['1'], next))]);
    await expect(client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema)).rejects.toMatchObject({
      name: 'GraphError',
      local: 'unsafe_url',
    });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls.every((c) => new URL(c.url).origin === 'https://graph.facebook.com')).toBe(true);
  });

  it('an unparseable paging.next is a bad_response, not an exception', async () => {
    const { client, fake } = setup([json(page(['1'], 'not a url'))]);
    await expect(client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema)).rejects.toMatchObject({
      local: 'bad_response',
    });
    expect(fake.calls).toHaveLength(1);
  });

  it('skips and reports malformed items, keeping the rest of the page', async () => {
    const { client } = setup([
      json({
        data: [
          { id: '1', status: 'CONNECTED' },
          { id: 2, status: 'CONNECTED' },
          { status: 'PENDING' },
          { id: '4', is_pin_enabled: 'yes' },
          null,
          { id: '6', status: 'SOMETHING_NEW' },
        ],
      }),
    ]);
    const result = await client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema);
    expect(result.items.map((p) => p.id)).toEqual(['1', '6']);
    expect(result.malformed.map((m) => [m.page, m.index, m.id])).toEqual([
      [1, 1, undefined],
      [1, 2, undefined],
      [1, 3, '4'],
      [1, 4, undefined],
    ]);
    expect(result.malformed[2]?.issues.join()).toContain('is_pin_enabled');
  });

  it('stops at maxPages and flags the result as truncated', async () => {
    const endless: Responder = (call) => {
      const n = Number(new URL(call.url).searchParams.get('after') ?? '0') + 1;
      return json(page([String(n)], nextUrl(String(n))))(call);
    };
    const fake = createFakeFetch(endless);
    const client = createGraphClient({ token: TOKEN, fetch: fake.fetch, maxPages: 4 });
    const result = await client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema);
    expect(fake.calls).toHaveLength(4);
    expect(result).toMatchObject({ pages: 4, truncated: true });
    expect(result.items).toHaveLength(4);
  });

  it('stops when Meta hands back a link it already gave', async () => {
    const { client, fake } = setup([json(page(['1'], nextUrl('SAME'))), json(page(['2'], nextUrl('SAME')))]);
    const result = await client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema);
    expect(fake.calls).toHaveLength(2);
    expect(result.items.map((p) => p.id)).toEqual(['1', '2']);
  });

  it('a page without a data array is a bad_response', async () => {
    const { client } = setup([json(page(['1'], nextUrl('X'))), json({ paging: {} })]);
    await expect(client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema)).rejects.toMatchObject({
      kind: 'transient',
      local: 'bad_response',
    });
  });

  it('uses the configured page limit, and an explicit limit wins', async () => {
    const { client, fake } = setup([json(page([])), json(page([]))], { pageLimit: 25 });
    await client.paginate([WABA_ID, 'phone_numbers'], {}, PhoneNumberSchema);
    await client.paginate([WABA_ID, 'phone_numbers'], { limit: 7 }, PhoneNumberSchema);
    expect(fake.calls.map((c) => new URL(c.url).searchParams.get('limit'))).toEqual(['25', '7']);
  });
});
