import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../support/simulator/scenario.ts';
import { get, raw, simulatorForSuite } from './helpers.ts';

const OWNER = '1200000000000001';

describe('scale scenario', () => {
  const sim = simulatorForSuite({ scenario: 'scale' });

  it('expands deterministically to 1,000 numbers in 20 WABAs with a mix of states', () => {
    const a = loadScenarioFile('scale');
    const b = loadScenarioFile('scale');
    expect(a.wabas).toHaveLength(20);
    expect(a.phones).toHaveLength(1000);
    expect(b.phones).toEqual(a.phones);
    for (const p of a.phones) {
      expect(p.id).toMatch(/^\d{15,16}$/);
    }
    const statuses = new Set(a.phones.map((p) => p.status));
    for (const s of ['CONNECTED', 'PENDING', 'FLAGGED', 'RESTRICTED', 'BANNED', 'SOME_NEW_STATUS']) expect(statuses).toContain(s);
    const formats = new Set(
      a.phones.map((p) => (p.display_phone_number.startsWith('+55') ? 'br' : p.display_phone_number.startsWith('+') ? 'us' : 'digits')),
    );
    expect(formats.size).toBe(3);
    expect(a.wabas.filter((w) => w.client_business_ids?.includes(OWNER))).toHaveLength(4);
    expect(sim.tokens.valid).toBeTruthy();
  });

  it('lists 16 owned + 4 client WABAs and pages through 50 numbers per WABA at limit=100', async () => {
    const owned = await get(sim, `/v23.0/${OWNER}/owned_whatsapp_business_accounts?limit=100`);
    const client = await get(sim, `/v23.0/${OWNER}/client_whatsapp_business_accounts?limit=100`);
    expect(owned.json.data).toHaveLength(16);
    expect(client.json.data).toHaveLength(4);
    const waba = owned.json.data[0].id;
    const page = await get(sim, `/v23.0/${waba}/phone_numbers?limit=100&fields=id,status`);
    expect(page.json.data).toHaveLength(50);
    const dflt = await get(sim, `/v23.0/${waba}/phone_numbers`);
    expect(dflt.json.data).toHaveLength(25);
    const p2 = await raw(sim, dflt.json.paging.next, { headers: { authorization: `Bearer ${sim.tokens.valid}` } });
    expect(p2.json.data).toHaveLength(25);
    expect(p2.json.paging.next).toBeUndefined();
  });

  it('a full health sweep over 1,000 numbers with 20 batches of 50 is fast', async () => {
    const state = sim.state() as { wabas: Array<{ phone_ids: string[] }> };
    const ids = state.wabas.flatMap((w) => w.phone_ids);
    expect(ids).toHaveLength(1000);
    const t0 = performance.now();
    let ok = 0;
    for (let i = 0; i < ids.length; i += 50) {
      const items = ids.slice(i, i + 50).map((id) => ({ method: 'GET', relative_url: `${id}?fields=status,quality_rating,health_status` }));
      const r = await raw(sim, 'https://graph.facebook.com/v23.0/', {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.tokens.valid}` },
        body: new URLSearchParams({ batch: JSON.stringify(items), include_headers: 'false' }),
      });
      ok += r.json.filter((x: any) => x?.code === 200).length;
    }
    expect(ok).toBe(1000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
