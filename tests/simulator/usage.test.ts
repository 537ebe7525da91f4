import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScenario, startGraphSimulator, type GraphSimulator } from '../support/simulator/index.ts';
import { G, IDS, expectEnvelope, get, post, raw, usage } from './helpers.ts';

describe('usage headers and BUC throttling', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    // tiny limits so percentages move: 20 calls/h per WABA, 200 calls/h for the app
    sim = await startGraphSimulator({ scenario: { ...readScenario('default'), limits: { bucCallsPerHour: 20, appCallsPerHour: 200 } } });
  });
  afterAll(() => sim.close());

  it('X-App-Usage and X-Business-Use-Case-Usage on success, error, batch and raw-fault responses', async () => {
    const responses = [
      await get(sim, `/v23.0/${IDS.healthy}`),
      await get(sim, `/v23.0/${IDS.healthy}?fields=nope`),
      await get(sim, `/v23.0/${IDS.healthy}`, 'bogus-token-0000000000000'),
      await post(sim, `/v23.0/${IDS.stuckPin}/register`, { messaging_product: 'whatsapp', pin: '000000' }),
      await raw(sim, `${G}/v23.0/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.tokens.valid}` },
        body: new URLSearchParams({ batch: JSON.stringify([{ method: 'GET', relative_url: IDS.banned }]) }),
      }),
      await get(sim, '/v23.0/me/businesses'),
    ];
    for (const r of responses) {
      const u = usage(r);
      expect(u.app).toEqual({ call_count: expect.any(Number), total_time: expect.any(Number), total_cputime: expect.any(Number) });
      expect(u.buc).toBeTypeOf('object');
    }
    const entry = usage(responses[0]!).buc[IDS.wabaSales][0];
    expect(entry).toEqual({
      type: 'whatsapp_business_management',
      call_count: 5, // 1 of 20
      total_cputime: expect.any(Number),
      total_time: expect.any(Number),
      estimated_time_to_regain_access: 0,
    });
    expect(Object.keys(usage(responses[4]!).buc)).toEqual([IDS.wabaSupport]);
  });

  it('exceeding the BUC limit -> 80008 with estimated_time_to_regain_access; recovers after an hour', async () => {
    sim.reset();
    let last = await get(sim, `/v23.0/${IDS.flagged}`);
    for (let i = 1; i < 20; i++) last = await get(sim, `/v23.0/${IDS.flagged}`);
    expect(last.status).toBe(200);
    expect(usage(last).buc[IDS.wabaSupport][0].call_count).toBe(100);
    const limited = await get(sim, `/v23.0/${IDS.flagged}`);
    expect(limited.status).toBe(400);
    expect(expectEnvelope(limited)).toMatchObject({ code: 80008, is_transient: true });
    const buc = usage(limited).buc[IDS.wabaSupport][0];
    expect(buc.estimated_time_to_regain_access).toBeGreaterThan(0);
    expect(buc.estimated_time_to_regain_access).toBeLessThanOrEqual(60);
    // other WABAs are unaffected
    expect((await get(sim, `/v23.0/${IDS.healthy}`)).status).toBe(200);
    sim.advanceTime(3_600_001);
    const ok = await get(sim, `/v23.0/${IDS.flagged}`);
    expect(ok.status).toBe(200);
    expect(usage(ok).buc[IDS.wabaSupport][0]).toMatchObject({ call_count: 5, estimated_time_to_regain_access: 0 });
  });

  it('app-level allowance -> code 4 with X-App-Usage >= 100', async () => {
    const s = await startGraphSimulator({
      scenario: { ...readScenario('default'), limits: { bucCallsPerHour: 5000, appCallsPerHour: 5 } },
    });
    try {
      for (let i = 0; i < 5; i++) expect((await get(s, `/v23.0/${IDS.healthy}`)).status).toBe(200);
      const r = await get(s, `/v23.0/${IDS.healthy}`);
      expect(expectEnvelope(r).code).toBe(4);
      expect(usage(r).app.call_count).toBeGreaterThanOrEqual(100);
    } finally {
      await s.close();
    }
  });
});
