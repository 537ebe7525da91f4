import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator } from '../support/simulator/index.ts';
import { decodeCursor, encodeCursor } from '../support/simulator/paging.ts';
import { IDS, expectEnvelope, get, raw } from './helpers.ts';

describe('cursor paging', () => {
  let sim: GraphSimulator;
  let small: GraphSimulator;
  beforeAll(async () => {
    [sim, small] = await Promise.all([startGraphSimulator(), startGraphSimulator({ maxPageSize: 1 })]);
  });
  afterAll(async () => {
    await Promise.all([sim.close(), small.close()]);
  });

  it('cursors are opaque base64 and round-trip', () => {
    const c = encodeCursor('106540352242901', 3);
    expect(c).toMatch(/^QVFI[A-Za-z0-9+/=]+$/);
    expect(decodeCursor(c)).toEqual({ index: 3, id: '106540352242901' });
    expect(decodeCursor('garbage')).toBeNull();
  });

  it('field expansion with .limit(n) returns an edge with absolute next URL keeping sub-fields', async () => {
    const r = await get(sim, `/v23.0/${IDS.wabaSales}?fields=id,name,owner_business_info,phone_numbers.limit(2){id,status,throughput}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: IDS.wabaSales, name: 'Acme Bakery - Sales', owner_business_info: { id: IDS.business } });
    const edge = r.json.phone_numbers;
    expect(edge.data).toHaveLength(2);
    expect(Object.keys(edge.data[0]).sort()).toEqual(['id', 'status', 'throughput']);
    expect(edge.paging.cursors.before).toBeTypeOf('string');
    expect(edge.paging.previous).toBeUndefined();
    const next = new URL(edge.paging.next);
    expect(next.origin + next.pathname).toBe(`https://graph.facebook.com/v23.0/${IDS.wabaSales}/phone_numbers`);
    expect(next.searchParams.get('fields')).toBe('id,status,throughput');
    expect(next.searchParams.get('limit')).toBe('2');
    expect(next.searchParams.get('after')).toBe(edge.paging.cursors.after);
    expect(next.searchParams.has('access_token')).toBe(false); // Bearer header => no token in next

    // follow next to the end: 4 numbers in this WABA => 2 pages, last has no next
    const p2 = await raw(sim, edge.paging.next, { headers: { authorization: `Bearer ${sim.tokens.valid}` } });
    expect(p2.json.data).toHaveLength(2);
    expect(p2.json.paging.next).toBeUndefined();
    expect(p2.json.paging.previous).toContain('before=');
    const ids = [...edge.data, ...p2.json.data].map((d: any) => d.id).sort();
    expect(ids).toEqual([IDS.healthy, IDS.stuckNoPin, IDS.stuckReview, IDS.stuckPin].sort());
  });

  it('nested expansion works across levels (business -> WABAs -> numbers)', async () => {
    const r = await get(
      sim,
      `/v23.0/${IDS.business}?fields=owned_whatsapp_business_accounts.limit(1){name,phone_numbers.limit(1){display_phone_number}}`,
    );
    const owned = r.json.owned_whatsapp_business_accounts;
    expect(owned.data).toHaveLength(1);
    expect(owned.paging.next).toContain(`/v23.0/${IDS.business}/owned_whatsapp_business_accounts?`);
    expect(new URL(owned.paging.next).searchParams.get('fields')).toBe('name,phone_numbers.limit(1){display_phone_number}');
    const inner = owned.data[0].phone_numbers;
    expect(inner.data).toHaveLength(1);
    expect(Object.keys(inner.data[0]).sort()).toEqual(['display_phone_number', 'id']);
    expect(inner.paging.next).toMatch(/\/phone_numbers\?fields=display_phone_number&limit=1&after=/);
  });

  it('maxPageSize forces small pages; following absolute next URLs reaches every item exactly once', async () => {
    const seen: string[] = [];
    let url: string | undefined = `https://graph.facebook.com/v23.0/${IDS.wabaSupport}/phone_numbers?fields=id,status&limit=25`;
    let pages = 0;
    while (url) {
      const r = await raw(small, url, { headers: { authorization: `Bearer ${small.tokens.valid}` } });
      expect(r.status).toBe(200);
      expect(r.json.data.length).toBeLessThanOrEqual(1);
      seen.push(...r.json.data.map((d: any) => d.id));
      url = r.json.paging?.next;
      if (url) {
        expect(url.startsWith('https://graph.facebook.com/v23.0/')).toBe(true);
        expect(new URL(url).searchParams.get('fields')).toBe('id,status'); // original params kept
      }
      if (++pages > 10) throw new Error('paging did not terminate');
    }
    expect(pages).toBe(4);
    expect(seen.sort()).toEqual([IDS.banned, IDS.flagged, IDS.restricted, IDS.unknownStatus].sort());
  });

  it('previous/before cursors walk back', async () => {
    const p1 = await get(small, `/v23.0/${IDS.wabaSupport}/phone_numbers`);
    const p2 = await raw(small, p1.json.paging.next, { headers: { authorization: `Bearer ${small.tokens.valid}` } });
    const back = await raw(small, p2.json.paging.previous, { headers: { authorization: `Bearer ${small.tokens.valid}` } });
    expect(back.json.data).toEqual(p1.json.data);
  });

  it('access_token passed as a query parameter is carried in next (and only then)', async () => {
    sim.clearLog();
    const tok = sim.tokens.valid;
    const viaQuery = await raw(sim, `https://graph.facebook.com/v23.0/${IDS.wabaSales}/phone_numbers?limit=1&access_token=${tok}`);
    expect(new URL(viaQuery.json.paging.next).searchParams.get('access_token')).toBe(tok);
    // the next URL works as-is, without any header
    const p2 = await raw(sim, viaQuery.json.paging.next);
    expect(p2.status).toBe(200);
    expect(p2.json.data).toHaveLength(1);
    const viaHeader = await get(sim, `/v23.0/${IDS.wabaSales}/phone_numbers?limit=1`);
    expect(viaHeader.json.paging.next).not.toContain('access_token');
    const log = sim.requests.filter((q) => q.path.endsWith('/phone_numbers'));
    expect(log.map((q) => q.auth)).toEqual(['query', 'query', 'bearer']);
  });

  it('/me/businesses and owned/client WABA edges page too', async () => {
    const b = await get(sim, '/v23.0/me/businesses');
    expect(b.json.data).toEqual([{ id: IDS.business, name: 'Acme Bakery Group' }]);
    expect(b.json.paging.next).toBeUndefined();
    const owned = await get(small, `/v23.0/${IDS.business}/owned_whatsapp_business_accounts?fields=id,name`);
    expect(owned.json.data).toHaveLength(1);
    expect(owned.json.paging.next).toContain('owned_whatsapp_business_accounts');
    const client = await get(sim, `/v23.0/${IDS.business}/client_whatsapp_business_accounts?fields=id,name,owner_business_info`);
    expect(client.json.data).toEqual([
      { id: IDS.wabaClient, name: 'Northwind Clinics', owner_business_info: { id: IDS.partnerBusiness, name: 'Northwind Clinics' } },
    ]);
  });

  it('default limit is 25, limit is capped at 100, invalid cursors are rejected', async () => {
    const r = await get(sim, `/v23.0/${IDS.wabaSales}/phone_numbers?limit=500`);
    expect(r.json.data).toHaveLength(4);
    expect(r.json.paging.next).toBeUndefined();
    const bad = await get(sim, `/v23.0/${IDS.wabaSales}/phone_numbers?after=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(expectEnvelope(bad).code).toBe(100);
  });

  it('supports sort and summary=total_count on phone_numbers', async () => {
    const asc = await get(
      sim,
      `/v23.0/${IDS.wabaSales}/phone_numbers?fields=last_onboarded_time&sort=["last_onboarded_time_ascending"]&summary=total_count`,
    );
    const times = asc.json.data.map((d: any) => d.last_onboarded_time);
    expect(times).toEqual([...times].sort());
    expect(asc.json.summary).toEqual({ total_count: 4 });
    const desc = await get(sim, `/v23.0/${IDS.wabaSales}/phone_numbers?fields=last_onboarded_time`);
    expect(desc.json.data.map((d: any) => d.last_onboarded_time)).toEqual([...times].reverse());
  });
});
