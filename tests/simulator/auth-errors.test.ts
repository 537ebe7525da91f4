import { describe, expect, it } from 'vitest';
import { IDS, expectEnvelope, get, post, raw, usage, simulatorForSuite } from './helpers.ts';

describe('auth, routing and error envelopes', () => {
  const sim = simulatorForSuite({ resetEachTest: true });

  it('unknown token -> 190/467, HTTP 401, WWW-Authenticate, usage headers present', async () => {
    const r = await get(sim, `/v23.0/${IDS.healthy}`, 'EAAnotARealTokenAtAll0000000000');
    expect(r.status).toBe(401);
    expect(expectEnvelope(r)).toMatchObject({ code: 190, error_subcode: 467, type: 'OAuthException' });
    expect(r.headers.get('www-authenticate')).toMatch(/^OAuth "Facebook Platform" "invalid_token"/);
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const u = usage(r);
    expect(u.app).toMatchObject({ call_count: expect.any(Number), total_time: expect.any(Number), total_cputime: expect.any(Number) });
    expect(u.buc).toHaveProperty(IDS.wabaSales);
  });

  it('expired token -> 190/463 with "Session has expired" message', async () => {
    const r = await get(sim, `/v23.0/${IDS.healthy}`, sim.tokens.expired);
    expect(r.status).toBe(401);
    const e = expectEnvelope(r);
    expect(e).toMatchObject({ code: 190, error_subcode: 463 });
    expect(e.message).toMatch(
      /^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d P[SD]T\. The current time is /,
    );
  });

  it('invalidateToken and time passing expire tokens', async () => {
    expect((await get(sim, `/v23.0/${IDS.healthy}`, sim.tokens.expiring)).status).toBe(200);
    sim.advanceTime(3 * 86_400_000 + 1000);
    const r = await get(sim, `/v23.0/${IDS.healthy}`, sim.tokens.expiring);
    expect(expectEnvelope(r)).toMatchObject({ code: 190, error_subcode: 463 });
    sim.invalidateToken(sim.tokens.valid);
    expect(expectEnvelope(await get(sim, `/v23.0/${IDS.healthy}`))).toMatchObject({ code: 190, error_subcode: 463 });
    sim.reset();
    sim.invalidateToken(sim.tokens.valid, 'password_changed');
    expect(expectEnvelope(await get(sim, `/v23.0/${IDS.healthy}`))).toMatchObject({ code: 190, error_subcode: 460 });
  });

  it('no token -> 104', async () => {
    const r = await get(sim, `/v23.0/${IDS.healthy}`, null);
    expect(r.status).toBe(400);
    expect(expectEnvelope(r)).toMatchObject({ code: 104 });
    expect(sim.requests.at(-1)?.auth).toBe('none');
  });

  it('access_token is accepted as query or body parameter and the scheme is logged', async () => {
    const q = await raw(sim, `https://graph.facebook.com/v23.0/${IDS.healthy}?access_token=${sim.tokens.valid}`);
    expect(q.status).toBe(200);
    const b = await post(sim, `/v23.0/${IDS.stuckNoPin}`, { pin: '999999', access_token: sim.tokens.valid }, null);
    expect(b.json).toEqual({ success: true });
    expect(sim.requests.map((r) => r.auth)).toEqual(['query', 'body']);
    expect(sim.requests[1]?.body).toContain('pin=999999');
  });

  it('limited token: other WABAs -> (#200) Permissions error 403; no business_management -> 200 on /me/businesses', async () => {
    const ok = await get(sim, `/v23.0/${IDS.wabaSales}/phone_numbers`, sim.tokens.limited);
    expect(ok.status).toBe(200);
    const denied = await get(sim, `/v23.0/${IDS.wabaSupport}/phone_numbers`, sim.tokens.limited);
    expect(denied.status).toBe(403);
    expect(expectEnvelope(denied)).toMatchObject({ code: 200, message: '(#200) Permissions error' });
    const phone = await get(sim, `/v23.0/${IDS.banned}`, sim.tokens.limited);
    expect(phone.status).toBe(403);
    const biz = await get(sim, '/v23.0/me/businesses', sim.tokens.limited);
    expect(biz.status).toBe(403);
    expect(expectEnvelope(biz)).toMatchObject({ code: 200 });
    expect(biz.json.error.message).toContain('business_management');
  });

  it('debug_token reports validity, expiry, scopes and granular target_ids', async () => {
    const lim = await get(sim, `/v23.0/debug_token?input_token=${sim.tokens.limited}`);
    expect(lim.json.data).toMatchObject({
      type: 'USER',
      is_valid: true,
      granular_scopes: [
        { scope: 'whatsapp_business_management', target_ids: [IDS.wabaSales] },
        { scope: 'whatsapp_business_messaging', target_ids: [IDS.wabaSales] },
      ],
    });
    const su = await get(sim, `/debug_token?input_token=${sim.tokens.valid}`);
    expect(su.json.data).toMatchObject({ type: 'SYSTEM_USER', expires_at: 0, data_access_expires_at: 0, is_valid: true });
    const exp = await get(sim, `/v23.0/debug_token?input_token=${sim.tokens.expiring}`);
    const secs = exp.json.data.expires_at - Math.floor(sim.now() / 1000);
    expect(secs).toBeGreaterThan(3 * 86400 - 60);
    expect(secs).toBeLessThanOrEqual(3 * 86400);
    const dead = await get(sim, `/v23.0/debug_token?input_token=${sim.tokens.expired}`);
    expect(dead.status).toBe(200);
    expect(dead.json.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 463 } });
    const junk = await get(sim, `/v23.0/debug_token?input_token=nope`);
    expect(junk.json.data).toMatchObject({ is_valid: false, error: { code: 190 } });
    const missing = await get(sim, '/v23.0/debug_token');
    expect(expectEnvelope(missing).code).toBe(100);
  });

  it('unknown object, unknown alias, unknown edge', async () => {
    const r = await get(sim, '/v23.0/999999999999999');
    expect(r.status).toBe(400);
    expect(expectEnvelope(r)).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
    expect(r.json.error.message).toMatch(/^Unsupported get request\. Object with ID '999999999999999' does not exist/);
    const alias = await get(sim, '/v23.0/somename');
    expect(alias.status).toBe(404);
    expect(expectEnvelope(alias).code).toBe(803);
    const edge = await get(sim, `/v23.0/${IDS.healthy}/nothing_here`);
    expect(expectEnvelope(edge)).toMatchObject({ code: 2500, message: 'Unknown path components: /nothing_here' });
  });

  it('malformed and unknown versions are rejected like Graph; expired versions are upgraded', async () => {
    for (const v of ['v23', 'v2.80', 'v99.0', 'v23.0.1']) {
      const r = await get(sim, `/${v}/${IDS.healthy}`);
      expect(r.status, v).toBe(400);
      expect(expectEnvelope(r), v).toMatchObject({ code: 2500, message: `Unknown path components: /${IDS.healthy}` });
    }
    const old = await get(sim, `/v17.0/${IDS.healthy}`);
    expect(old.status).toBe(200);
    expect(old.headers.get('facebook-api-version')).toBe('v20.0');
  });

  it('every Graph response carries the standard Meta headers', async () => {
    const r = await get(sim, `/v23.0/${IDS.healthy}`);
    for (const h of ['x-fb-trace-id', 'x-fb-request-id', 'facebook-api-version', 'x-app-usage', 'x-business-use-case-usage'])
      expect(r.headers.get(h), h).toBeTruthy();
    expect(r.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });

  it('CORS preflight is answered', async () => {
    const r = await raw(sim, `https://graph.facebook.com/v23.0/${IDS.healthy}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abc',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-headers')).toBe('authorization');
  });
});
