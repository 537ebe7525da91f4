import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBSCRIBED_APP, readScenario } from '../support/simulator/scenario.ts';
import { G, IDS, get, raw, simulatorForSuite } from './helpers.ts';

const APP = { whatsapp_business_api_data: DEFAULT_SUBSCRIBED_APP };

describe('webhook subscriptions of a WABA (subscribed_apps)', () => {
  const sim = simulatorForSuite({ resetEachTest: true });

  it('lists the subscribed apps on the edge, each wrapped in whatsapp_business_api_data (one by default)', async () => {
    const r = await get(sim, `/v23.0/${IDS.wabaSales}/subscribed_apps`);
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([APP]);
  });

  it('reads them in the WABA node next to its numbers (field expansion), inside a batch: one HTTP call', async () => {
    const before = sim.requests.length;
    const fields = 'id,name,subscribed_apps{whatsapp_business_api_data},phone_numbers.limit(100){id}';
    const r = await raw(sim, `${G}/v23.0/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.tokens.valid}` },
      body: new URLSearchParams({
        batch: JSON.stringify([
          { method: 'GET', relative_url: `${IDS.wabaSales}?fields=${fields}` },
          { method: 'GET', relative_url: `${IDS.wabaSupport}?fields=${fields}` },
        ]),
      }),
    });
    expect(sim.requests.length - before).toBe(1);
    const [sales, support] = (r.json as Array<{ code: number; body: string }>).map((item) => JSON.parse(item.body));
    expect(sales.subscribed_apps.data).toEqual([APP]);
    expect(sales.phone_numbers.data.length).toBeGreaterThan(0);
    expect(support.subscribed_apps.data).toEqual([APP]);
  });

  it('a WABA whose last app unsubscribed lists none; a reset brings the scenario back', async () => {
    sim.setSubscribedApps(IDS.wabaSales, []);
    expect((await get(sim, `/v23.0/${IDS.wabaSales}?fields=subscribed_apps`)).json.subscribed_apps.data).toEqual([]);
    sim.setSubscribedApps(IDS.wabaSales, [{ id: '1400000000000002', name: 'Other CRM' }]);
    expect((await get(sim, `/v23.0/${IDS.wabaSales}/subscribed_apps`)).json.data).toEqual([
      { whatsapp_business_api_data: { id: '1400000000000002', name: 'Other CRM' } },
    ]);
    sim.reset();
    expect((await get(sim, `/v23.0/${IDS.wabaSales}/subscribed_apps`)).json.data).toEqual([APP]);
  });

  it('only the whatsapp_business_api_data field exists on an item', async () => {
    const r = await get(sim, `/v23.0/${IDS.wabaSales}/subscribed_apps?fields=nope`);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe(100);
  });

  it('a scenario can declare no app, or a read refused with (#200), on the edge and in the expansion', async () => {
    const sc = readScenario('default') as { wabas: Array<Record<string, unknown>> };
    sim.reset({
      ...sc,
      wabas: sc.wabas.map((w) =>
        w.id === IDS.wabaSales ? { ...w, subscribed_apps: [] } : w.id === IDS.wabaSupport ? { ...w, subscribed_apps_denied: true } : w,
      ),
    } as never);
    expect((await get(sim, `/v23.0/${IDS.wabaSales}/subscribed_apps`)).json.data).toEqual([]);
    const denied = await get(sim, `/v23.0/${IDS.wabaSupport}/subscribed_apps`);
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({ code: 200, message: '(#200) Permissions error' });
    const expanded = await get(sim, `/v23.0/${IDS.wabaSupport}?fields=id,subscribed_apps{whatsapp_business_api_data}`);
    expect(expanded.json.error).toMatchObject({ code: 200 });
  });
});
