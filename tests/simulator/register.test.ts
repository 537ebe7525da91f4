import { describe, expect, it } from 'vitest';
import type { GraphSimulator } from '../support/simulator/index.ts';
import { G, IDS, STUCK_PIN, expectEnvelope, get, post, raw, simulatorForSuite } from './helpers.ts';

const reg = (sim: GraphSimulator, id: string, pin: string, token?: string) =>
  post(sim, `/v23.0/${id}/register`, { messaging_product: 'whatsapp', pin }, token ?? sim.tokens.valid);

describe('registration flows', () => {
  const sim = simulatorForSuite({ resetEachTest: true });

  it('stuck number without PIN: register succeeds, sets the PIN, provisions after the delay', async () => {
    expect(sim.phone(IDS.stuckNoPin)).toMatchObject({ status: 'PENDING', platform_type: 'NOT_APPLICABLE', is_pin_enabled: false });
    const r = await reg(sim, IDS.stuckNoPin, '424242');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ success: true });
    // not yet provisioned
    const before = await get(sim, `/v23.0/${IDS.stuckNoPin}?fields=status,platform_type,throughput,is_pin_enabled`);
    expect(before.json).toMatchObject({ status: 'PENDING', platform_type: 'NOT_APPLICABLE', is_pin_enabled: true });
    sim.advanceTime(1500);
    const after = await get(sim, `/v23.0/${IDS.stuckNoPin}?fields=status,platform_type,throughput,health_status{can_send_message}`);
    expect(after.json).toEqual({
      status: 'CONNECTED',
      platform_type: 'CLOUD_API',
      throughput: { level: 'STANDARD' },
      health_status: { can_send_message: 'AVAILABLE' },
      id: IDS.stuckNoPin,
    });
    // the PIN chosen at register time is now the 2SV PIN
    expect(expectEnvelope(await reg(sim, IDS.stuckNoPin, '000000')).code).toBe(133005);
    expect((await reg(sim, IDS.stuckNoPin, '424242')).json).toEqual({ success: true });
  });

  it('provisioning also happens in real time (default 1500 ms)', async () => {
    await reg(sim, IDS.stuckNoPin, '424242');
    await new Promise((r) => setTimeout(r, 1600));
    expect(sim.phone(IDS.stuckNoPin).status).toBe('CONNECTED');
  });

  it('display name under review -> exact 2388001 body; succeeds after approval (flip)', async () => {
    const r = await reg(sim, IDS.stuckReview, '123456');
    expect(r.status).toBe(400);
    const e = expectEnvelope(r);
    expect(r.json).toEqual({
      error: {
        message: 'Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_subcode: 2388001,
        is_transient: false,
        error_user_title: 'Cannot Create Certificate',
        error_user_msg: 'Your display name could not be processed. Please edit your display name and try again.',
        fbtrace_id: e.fbtrace_id,
      },
    });
    sim.approveDisplayName(IDS.stuckReview);
    expect(sim.phone(IDS.stuckReview).name_status).toBe('APPROVED');
    expect((await reg(sim, IDS.stuckReview, '123456')).json).toEqual({ success: true });
    sim.advanceTime(2000);
    expect(sim.phone(IDS.stuckReview).status).toBe('CONNECTED');
  });

  it('display name is approved automatically after nameApprovedAfterMs (30 s in the default scenario)', async () => {
    sim.advanceTime(29_000);
    expect(sim.phone(IDS.stuckReview).name_status).toBe('PENDING_REVIEW');
    sim.advanceTime(1_000);
    expect(sim.phone(IDS.stuckReview).name_status).toBe('APPROVED');
    expect((await reg(sim, IDS.stuckReview, '123456')).status).toBe(200);
  });

  it('setPhoneField can flip name_status back to PENDING_REVIEW (and new_name_status blocks too)', async () => {
    sim.setPhoneField(IDS.stuckNoPin, 'name_status', 'PENDING_REVIEW');
    expect(expectEnvelope(await reg(sim, IDS.stuckNoPin, '123456')).error_subcode).toBe(2388001);
    expect(expectEnvelope(await reg(sim, IDS.nameChange, '101010')).error_subcode).toBe(2388001);
    sim.approveDisplayName(IDS.nameChange);
    expect((await reg(sim, IDS.nameChange, '101010')).json).toEqual({ success: true });
    expect(sim.phone(IDS.nameChange).verified_name).toBe('Northwind Clinics Care');
  });

  it('PIN-protected number: wrong PIN -> 133005; right PIN works; POST /{phone} {pin} resets the PIN', async () => {
    expect(sim.phone(IDS.stuckPin).is_pin_enabled).toBe(true);
    const wrong = await reg(sim, IDS.stuckPin, '000000');
    expect(wrong.status).toBe(400);
    expect(expectEnvelope(wrong)).toMatchObject({ code: 133005, message: '(#133005) Two step verification PIN Mismatch' });
    expect(wrong.json.error.error_data).toMatchObject({ messaging_product: 'whatsapp', details: expect.any(String) });
    const set = await post(sim, `/v23.0/${IDS.stuckPin}`, { pin: '777777' });
    expect(set.json).toEqual({ success: true });
    expect(expectEnvelope(await reg(sim, IDS.stuckPin, STUCK_PIN)).code).toBe(133005);
    expect((await reg(sim, IDS.stuckPin, '777777')).json).toEqual({ success: true });
  });

  it('register accepts a JSON body', async () => {
    const r = await raw(sim, `${G}/v23.0/${IDS.stuckPin}/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.tokens.valid}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', pin: STUCK_PIN }),
    });
    expect(r.json).toEqual({ success: true });
  });

  it('10 register calls per 72 h; the 11th -> 133016 and blocks for 72 h', async () => {
    for (let i = 0; i < 10; i++) expect(expectEnvelope(await reg(sim, IDS.stuckPin, '000000')).code).toBe(133005);
    const eleventh = await reg(sim, IDS.stuckPin, STUCK_PIN);
    expect(expectEnvelope(eleventh)).toMatchObject({
      code: 133016,
      message: '(#133016) Registration/deregistration attempts limit reached',
    });
    sim.advanceTime(71 * 3_600_000);
    expect(expectEnvelope(await reg(sim, IDS.stuckPin, STUCK_PIN)).code).toBe(133016);
    sim.advanceTime(1 * 3_600_000 + 1000);
    expect((await reg(sim, IDS.stuckPin, STUCK_PIN)).json).toEqual({ success: true });
  });

  it('the 72 h window is moving: old attempts drop out', async () => {
    for (let i = 0; i < 9; i++) await reg(sim, IDS.stuckPin, '000000');
    sim.advanceTime(72 * 3_600_000 + 1);
    for (let i = 0; i < 10; i++) expect(expectEnvelope(await reg(sim, IDS.stuckPin, '000000')).code).toBe(133005);
    expect(expectEnvelope(await reg(sim, IDS.stuckPin, '000000')).code).toBe(133016);
  });

  it('parameter validation does not burn attempts', async () => {
    const noMp = await post(sim, `/v23.0/${IDS.stuckPin}/register`, { pin: STUCK_PIN });
    expect(expectEnvelope(noMp).code).toBe(100);
    const badPin = await reg(sim, IDS.stuckPin, '12ab');
    expect(expectEnvelope(badPin).code).toBe(100);
    expect((await reg(sim, IDS.stuckPin, STUCK_PIN)).json).toEqual({ success: true });
  });

  it('banned numbers are locked; unverified numbers need OTP (request_code / verify_code)', async () => {
    expect(expectEnvelope(await reg(sim, IDS.banned, '111222')).code).toBe(131031);
    sim.setPhoneField(IDS.stuckNoPin, 'code_verification_status', 'NOT_VERIFIED');
    expect(expectEnvelope(await reg(sim, IDS.stuckNoPin, '123456')).code).toBe(133006);
    expect(expectEnvelope(await post(sim, `/v23.0/${IDS.healthy}/request_code?code_method=SMS&language=en_US`, {})).code).toBe(136024);
    expect((await post(sim, `/v23.0/${IDS.stuckNoPin}/request_code`, { code_method: 'SMS', language: 'en_US' })).json).toEqual({
      success: true,
    });
    expect(expectEnvelope(await post(sim, `/v23.0/${IDS.stuckNoPin}/verify_code?code=999999`, {})).code).toBe(136025);
    expect((await post(sim, `/v23.0/${IDS.stuckNoPin}/verify_code`, { code: '123456' })).json).toEqual({ success: true });
    expect((await reg(sim, IDS.stuckNoPin, '123456')).json).toEqual({ success: true });
  });

  it('limited token can register in its WABA only; missing scope -> 200', async () => {
    expect((await reg(sim, IDS.stuckNoPin, '123456', sim.tokens.limited)).json).toEqual({ success: true });
    expect((await reg(sim, IDS.banned, '111222', sim.tokens.limited)).status).toBe(403);
    expect(expectEnvelope(await get(sim, `/v23.0/${IDS.stuckNoPin}/register`)).code).toBe(100);
  });
});
