import { describe, expect, it } from 'vitest';
import { startGraphSimulator } from '../support/simulator/index.ts';
import { IDS, expectEnvelope, get, raw, simulatorForSuite } from './helpers.ts';

describe('control endpoints, request log and sim.fetch', () => {
  const sim = simulatorForSuite({ scenario: 'default' });

  const ctl = async (method: string, path: string, body?: unknown) => {
    const r = await raw(sim, `${sim.origin}/__sim/${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return r;
  };

  it('exposes origin, certificate, SPKI hash, tokens and chromium args', () => {
    expect(sim.origin).toBe(`https://127.0.0.1:${sim.port}`);
    expect(sim.certPem).toContain('BEGIN CERTIFICATE');
    expect(sim.keyPem).toContain('PRIVATE KEY');
    expect(sim.spkiHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Object.values(sim.tokens).every((t) => t.startsWith('EAA'))).toBe(true);
    expect(sim.chromiumArgs()[0]).toContain(`MAP graph.facebook.com 127.0.0.1:${sim.port}`);
  });

  it('logs every request with host, path, url, query, auth scheme, headers, body and status', async () => {
    sim.clearLog();
    await raw(sim, `https://graph.facebook.com/v23.0/${IDS.healthy}?fields=status&access_token=${sim.tokens.valid}`, {
      headers: { 'x-test': '1' },
    });
    const [e] = sim.requests;
    expect(e).toMatchObject({
      seq: expect.any(Number),
      method: 'GET',
      host: 'graph.facebook.com',
      path: `/v23.0/${IDS.healthy}`,
      url: `/v23.0/${IDS.healthy}?fields=status&access_token=${sim.tokens.valid}`,
      query: { fields: 'status', access_token: sim.tokens.valid },
      auth: 'query',
      body: '',
      status: 200,
      version: 'v23.0',
    });
    expect(e!.headers['x-test']).toBe('1');
    expect(e!.time).toBeCloseTo(sim.now(), -4);
    // 127.0.0.1 and localhost are Graph too
    const direct = await raw(sim, `${sim.origin}/v23.0/${IDS.healthy}`, { headers: { authorization: `Bearer ${sim.tokens.valid}` } });
    expect(direct.status).toBe(200);
    expect(sim.requests.at(-1)).toMatchObject({ host: '127.0.0.1', auth: 'bearer' });
    // control calls are not logged
    await ctl('GET', 'state');
    expect(sim.requests).toHaveLength(2);
  });

  it('/__sim/ endpoints drive the same state', async () => {
    const st = (await ctl('GET', 'state')).json;
    expect(st.scenario).toBe('default');
    expect(st.tokens).toEqual(sim.tokens);
    expect(st.wabas).toHaveLength(3);
    expect(Object.keys(st.phones)).toHaveLength(10);
    expect(st.phones[IDS.stuckPin].label).toBe('stuck-pin');

    const patched = await ctl('PATCH', `phones/${IDS.healthy}`, { quality_rating: 'RED', status: 'FLAGGED' });
    expect(patched.json).toMatchObject({ quality_rating: 'RED', status: 'FLAGGED' });
    expect((await get(sim, `/v23.0/${IDS.healthy}?fields=quality_rating`)).json.quality_rating).toBe('RED');
    expect((await ctl('PATCH', `phones/${IDS.healthy}`, { nonsense: 1 })).status).toBe(400);

    await ctl('POST', `phones/${IDS.stuckReview}/approve-display-name`);
    expect(sim.phone(IDS.stuckReview).name_status).toBe('APPROVED');

    const f = await ctl('POST', 'faults', { kind: 'error', code: 2, path: '^/\\d+$', times: 1 });
    expect(f.json.id).toBeTruthy();
    expect((await ctl('POST', 'faults', { kind: 'nope' })).status).toBe(400);
    expect((await get(sim, `/v23.0/${IDS.healthy}`)).status).toBe(503);

    const before = sim.now();
    const adv = await ctl('POST', 'advance', { ms: 60_000 });
    expect(adv.json.now - before).toBeGreaterThanOrEqual(60_000);

    await ctl('POST', 'tokens/invalidate', { token: sim.tokens.expiring });
    expect(expectEnvelope(await get(sim, `/v23.0/${IDS.healthy}`, sim.tokens.expiring)).code).toBe(190);

    const log = await ctl('GET', 'log');
    expect(log.json.requests.length).toBeGreaterThan(0);
    await ctl('DELETE', 'log');
    expect(sim.requests).toHaveLength(0);

    await ctl('POST', 'reset');
    expect(sim.phone(IDS.healthy).quality_rating).toBe('GREEN');
    expect((await get(sim, `/v23.0/${IDS.healthy}`, sim.tokens.expiring)).status).toBe(200);
    expect((await ctl('GET', 'nope')).status).toBe(404);
  });

  it('setPhoneField validates field names; phone() returns all public fields and never hidden state', () => {
    expect(() => sim.setPhoneField(IDS.healthy, 'nope', 1)).toThrow(/unknown phone field/);
    const p = sim.phone(IDS.stuckPin);
    expect(p).toHaveProperty('health_status');
    expect(p).toHaveProperty('is_pin_enabled', true);
    expect(JSON.stringify(p)).not.toContain('246810');
    sim.setPhoneField(IDS.stuckPin, 'is_pin_enabled', false);
    expect(sim.phone(IDS.stuckPin).is_pin_enabled).toBe(false);
    sim.reset();
  });

  it('sim.fetch passes Request objects, keeps Host, and leaves other origins alone', async () => {
    const req = new Request(`https://graph.facebook.com/v23.0/${IDS.healthy}?fields=status`, {
      headers: { authorization: `Bearer ${sim.tokens.valid}` },
    });
    const r = await sim.fetch(req);
    expect(r.ok).toBe(true);
    expect(r.url).toBe(`https://graph.facebook.com/v23.0/${IDS.healthy}?fields=status`);
    expect(await r.json()).toEqual({ status: 'CONNECTED', id: IDS.healthy });
    expect(sim.requests.at(-1)?.headers.host).toBe('graph.facebook.com');
    const ac = new AbortController();
    ac.abort();
    await expect(sim.fetch(`https://graph.facebook.com/v23.0/${IDS.healthy}`, { signal: ac.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    // an unrelated origin goes to the real fetch (nothing listens on port 1)
    await expect(sim.fetch('https://127.0.0.1:1/')).rejects.toThrow();
  });

  it('rejects invalid scenarios with a readable error', async () => {
    await expect(startGraphSimulator({ scenario: 'does-not-exist' })).rejects.toThrow(/cannot read scenario/);
    await expect(
      startGraphSimulator({
        scenario: {
          name: 'bad',
          businesses: [],
          wabas: [{ id: '123456', name: 'x', owner_business_id: '999999' }],
          tokens: [{ token: 'x'.repeat(30), type: 'USER', scopes: [] }],
        },
      }),
    ).rejects.toThrow(/unknown owner_business_id/);
    await expect(startGraphSimulator({ scenario: { name: 'bad', businesses: [], tokens: [], extra: 1 } as never })).rejects.toThrow(
      /invalid/,
    );
  });
});

describe('deleting a number from its WABA', () => {
  it('drops it from the WABA phone list, and its node answers 100 like a number that does not exist', async () => {
    const sim = await startGraphSimulator({ scenario: 'default' });
    try {
      const before = await get(sim, `/v25.0/${IDS.wabaSales}/phone_numbers?fields=id`);
      expect(before.json.data.map((p: { id: string }) => p.id)).toContain(IDS.stuckNoPin);
      sim.deletePhone(IDS.stuckNoPin);
      const after = await get(sim, `/v25.0/${IDS.wabaSales}/phone_numbers?fields=id`);
      expect(after.json.data.map((p: { id: string }) => p.id)).not.toContain(IDS.stuckNoPin);
      expect(after.json.data.length).toBe(before.json.data.length - 1);
      const node = await get(sim, `/v25.0/${IDS.stuckNoPin}?fields=id,status`);
      expect(node.status).toBe(400);
      expect(node.json.error.code).toBe(100);
    } finally {
      await sim.close();
    }
  });
});
