import { describe, expect, it } from 'vitest';
import { readScenario, startGraphSimulator, type GraphSimulator } from '../support/simulator/index.ts';
import { G, IDS, expectEnvelope, raw, usage, type Res, simulatorForSuite } from './helpers.ts';

type Item = { method: string; relative_url: string; body?: string };

async function batch(
  sim: GraphSimulator,
  items: Item[],
  opts: { token?: string; path?: string; json?: boolean; extra?: Record<string, string> } = {},
): Promise<Res> {
  const token = opts.token ?? sim.tokens.valid;
  const path = opts.path ?? '/v23.0/';
  if (opts.json)
    return raw(sim, G + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batch: items, ...opts.extra }),
    });
  return raw(sim, G + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: new URLSearchParams({ batch: JSON.stringify(items), ...opts.extra }),
  });
}

describe('batch requests', () => {
  const sim = simulatorForSuite({ resetEachTest: true });

  it('answers an array of {code, headers, body:"<json>"}; failed items keep their own code', async () => {
    const r = await batch(
      sim,
      [
        { method: 'GET', relative_url: `${IDS.healthy}?fields=status,quality_rating` },
        { method: 'GET', relative_url: `/v23.0/${IDS.banned}?fields=status` },
        { method: 'GET', relative_url: `${IDS.healthy}?fields=nope` },
      ],
      { token: sim.tokens.limited },
    );
    expect(r.status).toBe(200);
    expect(Array.isArray(r.json)).toBe(true);
    const [a, b, c] = r.json;
    expect(a.code).toBe(200);
    expect(JSON.parse(a.body)).toEqual({ status: 'CONNECTED', quality_rating: 'GREEN', id: IDS.healthy });
    expect(a.headers).toEqual(expect.arrayContaining([{ name: 'Content-Type', value: 'application/json; charset=UTF-8' }]));
    expect(b.code).toBe(403); // limited token cannot see the Support WABA
    expect(JSON.parse(b.body).error).toMatchObject({ code: 200, message: '(#200) Permissions error', fbtrace_id: expect.any(String) });
    expect(c.code).toBe(400);
    expect(JSON.parse(c.body).error.code).toBe(100);
    expect(sim.requests.at(-1)?.batch).toEqual([
      { method: 'GET', relative_url: `${IDS.healthy}?fields=status,quality_rating` },
      { method: 'GET', relative_url: `/v23.0/${IDS.banned}?fields=status` },
      { method: 'GET', relative_url: `${IDS.healthy}?fields=nope` },
    ]);
  });

  it('POST items with form bodies run in order (set PIN, then register with it)', async () => {
    const r = await batch(sim, [
      { method: 'POST', relative_url: `${IDS.stuckPin}`, body: 'pin=112233' },
      { method: 'POST', relative_url: `v23.0/${IDS.stuckPin}/register`, body: 'messaging_product=whatsapp&pin=112233' },
    ]);
    expect(r.json.map((i: any) => i.code)).toEqual([200, 200]);
    expect(r.json.map((i: any) => JSON.parse(i.body))).toEqual([{ success: true }, { success: true }]);
  });

  it('include_headers=false drops item headers; JSON request bodies work too; root path without version', async () => {
    const r = await batch(sim, [{ method: 'GET', relative_url: `${IDS.healthy}` }], { extra: { include_headers: 'false' }, path: '/' });
    expect(r.json[0]).toEqual({ code: 200, body: expect.any(String) });
    expect('headers' in r.json[0]).toBe(false);
    const j = await batch(sim, [{ method: 'GET', relative_url: `${IDS.healthy}?fields=status` }], { json: true });
    expect(JSON.parse(j.json[0].body)).toEqual({ status: 'CONNECTED', id: IDS.healthy });
  });

  it('item versions: relative_url version wins, otherwise the batch version applies', async () => {
    const r = await batch(
      sim,
      [
        { method: 'GET', relative_url: `${IDS.healthy}?fields=whatsapp_business_manager_messaging_limit` },
        { method: 'GET', relative_url: `v23.0/${IDS.healthy}?fields=whatsapp_business_manager_messaging_limit` },
      ],
      { path: '/v24.0/' },
    );
    expect(r.json.map((i: any) => i.code)).toEqual([200, 400]);
  });

  it('more than 50 items -> error 100 for the whole request', async () => {
    const items = Array.from({ length: 51 }, () => ({ method: 'GET', relative_url: IDS.healthy }));
    const r = await batch(sim, items);
    expect(r.status).toBe(400);
    expect(expectEnvelope(r)).toMatchObject({ code: 100, message: '(#100) Too many requests in batch message. Maximum batch size is 50' });
    const ok = await batch(sim, items.slice(0, 50));
    expect(ok.json).toHaveLength(50);
  });

  it('invalid batch JSON / missing token', async () => {
    const bad = await raw(sim, `${G}/v23.0/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.tokens.valid}` },
      body: new URLSearchParams({ batch: '[{"method":' }),
    });
    expect(expectEnvelope(bad).code).toBe(100);
    const noTok = await raw(sim, `${G}/v23.0/`, { method: 'POST', body: new URLSearchParams({ batch: '[]' }) });
    expect(expectEnvelope(noTok).code).toBe(104);
    const expired = await batch(sim, [{ method: 'GET', relative_url: IDS.healthy }], { token: sim.tokens.expired });
    expect(expired.status).toBe(401);
  });

  it('batch_null fault makes matching items null (as on a timeout)', async () => {
    sim.addFault({ kind: 'batch_null', path: `^/${IDS.flagged}$` });
    const r = await batch(sim, [
      { method: 'GET', relative_url: IDS.healthy },
      { method: 'GET', relative_url: IDS.flagged },
      { method: 'GET', relative_url: IDS.restricted },
    ]);
    expect(r.json[0].code).toBe(200);
    expect(r.json[1]).toBeNull();
    expect(r.json[2].code).toBe(200);
  });

  it('each item counts as one call in usage; headers cover every WABA touched', async () => {
    const small = await startGraphSimulator({
      scenario: {
        ...readScenario('default'),
        limits: { bucCallsPerHour: 10, appCallsPerHour: 100 },
      },
    });
    try {
      const items = [IDS.healthy, IDS.stuckNoPin, IDS.banned].map((id) => ({ method: 'GET', relative_url: id }));
      const r = await batch(small, items);
      const u = usage(r);
      expect(u.app.call_count).toBe(3); // 3 of 100 calls
      expect(u.buc[IDS.wabaSales][0]).toMatchObject({ type: 'whatsapp_business_management', call_count: 20 }); // 2 of 10
      expect(u.buc[IDS.wabaSupport][0].call_count).toBe(10); // 1 of 10
    } finally {
      await small.close();
    }
  });

  it('the next URL of a batch item edge carries access_token only when the batch passed it as a parameter', async () => {
    const viaHeader = await batch(sim, [{ method: 'GET', relative_url: `${IDS.wabaSales}/phone_numbers?limit=1` }]);
    expect(JSON.parse(viaHeader.json[0].body).paging.next).not.toContain('access_token');
    const viaBody = await raw(sim, `${G}/v23.0/`, {
      method: 'POST',
      body: new URLSearchParams({
        access_token: sim.tokens.valid,
        batch: JSON.stringify([{ method: 'GET', relative_url: `${IDS.wabaSales}/phone_numbers?limit=1` }]),
      }),
    });
    expect(JSON.parse(viaBody.json[0].body).paging.next).toContain(`access_token=${sim.tokens.valid}`);
  });
});
