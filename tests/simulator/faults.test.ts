import { describe, expect, it } from 'vitest';
import { startGraphSimulator } from '../support/simulator/index.ts';
import { IDS, expectEnvelope, get, post, usage, simulatorForSuite } from './helpers.ts';

describe('fault injection', () => {
  const sim = simulatorForSuite({ resetEachTest: true });

  it('graph errors by code get Meta statuses: 2 -> 503, 1 -> 500, 131000 -> 500, 190 -> 401; `times` is honoured', async () => {
    sim.addFault({ kind: 'error', code: 2, path: '^/\\d+$', times: 1 });
    const r = await get(sim, `/v23.0/${IDS.healthy}`);
    expect(r.status).toBe(503);
    expect(expectEnvelope(r)).toMatchObject({ code: 2, is_transient: true });
    expect((await get(sim, `/v23.0/${IDS.healthy}`)).status).toBe(200); // consumed
    sim.addFault({ kind: 'error', code: 1, times: 1 });
    expect((await get(sim, `/v23.0/${IDS.healthy}`)).status).toBe(500);
    sim.addFault({ kind: 'error', code: 131000, times: 1 });
    const w = await get(sim, `/v23.0/${IDS.healthy}`);
    expect(w.status).toBe(500);
    expect(expectEnvelope(w).error_data.messaging_product).toBe('whatsapp');
    sim.addFault({ kind: 'token', times: 1 });
    const t = await get(sim, `/v23.0/${IDS.healthy}`);
    expect(t.status).toBe(401);
    expect(expectEnvelope(t)).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('matches by method, path regex and phone id; persists until cleared', async () => {
    sim.addFault({ kind: 'error', code: 131000, method: 'POST', path: '/register$', phoneId: IDS.stuckPin });
    expect((await get(sim, `/v23.0/${IDS.stuckPin}`)).status).toBe(200);
    expect((await post(sim, `/v23.0/${IDS.stuckNoPin}/register`, { messaging_product: 'whatsapp', pin: '123456' })).status).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await post(sim, `/v23.0/${IDS.stuckPin}/register`, { messaging_product: 'whatsapp', pin: '246810' })).status).toBe(500);
    sim.clearFaults();
    expect((await post(sim, `/v23.0/${IDS.stuckPin}/register`, { messaging_product: 'whatsapp', pin: '246810' })).status).toBe(200);
  });

  it('rate limits carry estimated_time_to_regain_access > 0', async () => {
    for (const code of [4, 80008, 130429] as const) {
      sim.addFault({ kind: 'rate_limit', code, regainMinutes: 7, times: 1 });
      const r = await get(sim, `/v23.0/${IDS.healthy}`);
      expect(r.status).toBe(code === 130429 ? 429 : 400);
      expect(expectEnvelope(r).code).toBe(code);
      const u = usage(r);
      expect(u.buc[IDS.wabaSales][0].estimated_time_to_regain_access).toBe(7);
      expect(u.buc[IDS.wabaSales][0].call_count).toBeGreaterThanOrEqual(100);
      if (code === 4) expect(u.app.call_count).toBeGreaterThanOrEqual(100);
    }
    // without a target object (/me/businesses) the header still names an object
    sim.addFault({ kind: 'rate_limit', times: 1 });
    const me = await get(sim, '/v23.0/me/businesses');
    expect(Object.values(usage(me).buc)[0]).toEqual([expect.objectContaining({ estimated_time_to_regain_access: 5 })]);
  });

  it('raw HTTP 5xx and malformed bodies', async () => {
    sim.addFault({ kind: 'http', status: 502, times: 1 });
    const h = await get(sim, `/v23.0/${IDS.healthy}`);
    expect(h.status).toBe(502);
    expect(h.headers.get('content-type')).toMatch(/text\/html/);
    expect(h.json).toBeUndefined();
    expect(h.headers.get('x-app-usage')).toBeTruthy();

    sim.addFault({ kind: 'malformed', variant: 'html', times: 1 });
    const html = await get(sim, `/v23.0/${IDS.healthy}`);
    expect(html.status).toBe(200);
    expect(html.text).toMatch(/^<!DOCTYPE html>/);

    sim.addFault({ kind: 'malformed', variant: 'truncated', times: 1 });
    const cut = await get(sim, `/v23.0/${IDS.healthy}?fields=status,health_status`);
    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(cut.text.startsWith('{"status":"CONNECTED"')).toBe(true);
    expect(() => JSON.parse(cut.text)).toThrow();

    sim.addFault({ kind: 'malformed', variant: 'empty', times: 1 });
    expect((await get(sim, `/v23.0/${IDS.healthy}`)).text).toBe('');
  });

  it('truncated responses still apply the state change (register happened)', async () => {
    sim.addFault({ kind: 'malformed', variant: 'truncated', path: '/register$', times: 1 });
    const r = await post(sim, `/v23.0/${IDS.stuckNoPin}/register`, { messaging_product: 'whatsapp', pin: '123456' });
    expect(r.json).toBeUndefined();
    expect(sim.phone(IDS.stuckNoPin).is_pin_enabled).toBe(true);
  });

  it('latency: global and per fault', async () => {
    sim.addFault({ kind: 'latency', latencyMs: 250, times: 1 });
    let t0 = performance.now();
    expect((await get(sim, `/v23.0/${IDS.healthy}`)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
    sim.setLatency(150);
    t0 = performance.now();
    await get(sim, `/v23.0/${IDS.healthy}`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    sim.setLatency(0);
    t0 = performance.now();
    await get(sim, `/v23.0/${IDS.healthy}`);
    expect(performance.now() - t0).toBeLessThan(140);
  });

  it('reset destroys the connection (fetch rejects); abort signals work against slow responses', async () => {
    sim.addFault({ kind: 'reset', times: 1 });
    await expect(get(sim, `/v23.0/${IDS.healthy}`)).rejects.toThrow(/fetch failed/);
    expect(sim.requests.at(-1)?.status).toBe(0);
    sim.addFault({ kind: 'latency', latencyMs: 5_000, times: 1 });
    const t0 = performance.now();
    await expect(
      sim.fetch(`https://graph.facebook.com/v23.0/${IDS.healthy}`, {
        headers: { authorization: `Bearer ${sim.tokens.valid}` },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('scenario files can declare faults', async () => {
    const { readScenario } = await import('../support/simulator/index.ts');
    const sc = readScenario('default');
    const s2 = await startGraphSimulator({ scenario: { ...sc, faults: [{ kind: 'error', code: 133004, path: '/register$', times: 1 }] } });
    try {
      const r = await post(s2, `/v23.0/${IDS.stuckNoPin}/register`, { messaging_product: 'whatsapp', pin: '123456' });
      expect(r.status).toBe(503);
      expect(expectEnvelope(r).code).toBe(133004);
    } finally {
      await s2.close();
    }
  });
});
