import { describe, expect, it } from 'vitest';
import {
  APP_SIP_NOT_CONFIGURED,
  BUSINESS_NOT_VERIFIED,
  type EntityHealth,
  type GraphSimulator,
  PAYMENT_METHOD_FAILED,
  readScenario,
} from '../support/simulator/index.ts';
import { IDS, get, simulatorForSuite, batchBodies, controlOf } from './helpers.ts';

const APP_ID = '871203945566102';
const WABA_BANNED: EntityHealth = {
  can_send_message: 'BLOCKED',
  errors: [
    {
      error_code: 141014,
      error_description: 'Your WhatsApp Business Account has been banned.',
      possible_solution: 'Visit Business Support Home https://business.facebook.com/accountquality',
    },
  ],
};
/** Calling alone blocked: the app can send messages but has no SIP set up (138024). */
const SIP_ONLY_BLOCKED: EntityHealth = {
  can_send_message: 'AVAILABLE',
  can_receive_call_sip: 'BLOCKED',
  errors: [
    {
      error_code: 138024,
      error_description: 'SIP is not enabled for this phone number.',
      possible_solution: 'Enable SIP calling in the call settings of the phone number.',
    },
  ],
};

interface Entity extends EntityHealth {
  entity_type: string;
  id: string;
}
interface Health {
  can_send_message: string;
  entities: Entity[];
}

const entity = (h: Health, type: string): Entity | undefined => h.entities.find((e) => e.entity_type === type);

async function health(sim: GraphSimulator, nodeId: string): Promise<Health> {
  const r = await get(sim, `/v23.0/${nodeId}?fields=health_status`);
  expect(r.status).toBe(200);
  return r.json.health_status;
}

describe('entity health: business, WABA and app', () => {
  const sim = simulatorForSuite({ resetEachTest: true });

  it('by default every entity is AVAILABLE: PHONE_NUMBER, WABA, BUSINESS (the owner), APP (SIP calls too)', async () => {
    expect(await health(sim, IDS.healthy)).toEqual({
      can_send_message: 'AVAILABLE',
      entities: [
        { entity_type: 'PHONE_NUMBER', id: IDS.healthy, can_send_message: 'AVAILABLE' },
        { entity_type: 'WABA', id: IDS.wabaSales, can_send_message: 'AVAILABLE' },
        { entity_type: 'BUSINESS', id: IDS.business, can_send_message: 'AVAILABLE' },
        { entity_type: 'APP', id: APP_ID, can_send_message: 'AVAILABLE', can_receive_call_sip: 'AVAILABLE' },
      ],
    });
    expect(await health(sim, IDS.wabaClient)).toEqual({
      can_send_message: 'AVAILABLE',
      entities: [
        { entity_type: 'WABA', id: IDS.wabaClient, can_send_message: 'AVAILABLE' },
        { entity_type: 'BUSINESS', id: IDS.partnerBusiness, can_send_message: 'AVAILABLE' },
        { entity_type: 'APP', id: APP_ID, can_send_message: 'AVAILABLE', can_receive_call_sip: 'AVAILABLE' },
      ],
    });
  });

  it("a business not verified (141010) limits its numbers and WABAs in direct reads, not another portfolio's", async () => {
    sim.setBusinessHealth(IDS.business, BUSINESS_NOT_VERIFIED);
    const expected = { entity_type: 'BUSINESS', id: IDS.business, ...BUSINESS_NOT_VERIFIED };
    const phone = await health(sim, IDS.healthy);
    expect(phone.can_send_message).toBe('LIMITED');
    expect(entity(phone, 'BUSINESS')).toEqual(expected);
    expect(entity(phone, 'PHONE_NUMBER')?.can_send_message).toBe('AVAILABLE');
    const waba = await health(sim, IDS.wabaSupport);
    expect(waba.can_send_message).toBe('LIMITED');
    expect(entity(waba, 'BUSINESS')).toEqual(expected);
    // the client WABA belongs to the partner business: untouched
    expect((await health(sim, IDS.clientHealthy)).can_send_message).toBe('AVAILABLE');
    expect((await health(sim, IDS.wabaClient)).can_send_message).toBe('AVAILABLE');
    // a BLOCKED phone stays BLOCKED overall
    expect((await health(sim, IDS.banned)).can_send_message).toBe('BLOCKED');
  });

  it('the entities reach phone_numbers{health_status}, WABA lists and batch items alike', async () => {
    sim.setBusinessHealth(IDS.business, BUSINESS_NOT_VERIFIED);
    sim.setWabaHealth(IDS.wabaSupport, WABA_BANNED);

    const expanded = await get(sim, `/v23.0/${IDS.wabaSales}?fields=health_status,phone_numbers{health_status}`);
    expect(expanded.json.health_status.can_send_message).toBe('LIMITED');
    const salesPhones = expanded.json.phone_numbers.data as Array<{ id: string; health_status: Health }>;
    expect(salesPhones.length).toBe(4);
    for (const p of salesPhones) {
      expect(entity(p.health_status, 'BUSINESS'), p.id).toMatchObject({ can_send_message: 'LIMITED', errors: [{ error_code: 141010 }] });
      expect(entity(p.health_status, 'WABA'), p.id).toEqual({ entity_type: 'WABA', id: IDS.wabaSales, can_send_message: 'AVAILABLE' });
    }

    const edge = await get(sim, `/v23.0/${IDS.wabaSupport}/phone_numbers?fields=health_status`);
    for (const p of edge.json.data as Array<{ id: string; health_status: Health }>) {
      expect(p.health_status.can_send_message, p.id).toBe('BLOCKED');
      expect(entity(p.health_status, 'WABA'), p.id).toEqual({ entity_type: 'WABA', id: IDS.wabaSupport, ...WABA_BANNED });
    }

    const owned = await get(sim, `/v23.0/${IDS.business}/owned_whatsapp_business_accounts?fields=health_status{can_send_message}`);
    expect(
      Object.fromEntries((owned.json.data as Array<{ id: string; health_status: Health }>).map((w) => [w.id, w.health_status])),
    ).toEqual({
      [IDS.wabaSales]: { can_send_message: 'LIMITED' },
      [IDS.wabaSupport]: { can_send_message: 'BLOCKED' },
    });

    const [phone, waba, sales, client] = await batchBodies(sim, [
      `${IDS.flagged}?fields=health_status`,
      `${IDS.wabaSupport}?fields=health_status`,
      `${IDS.wabaSales}?fields=phone_numbers{health_status}`,
      `${IDS.wabaClient}?fields=health_status,phone_numbers{health_status}`,
    ]);
    expect(phone.health_status.can_send_message).toBe('BLOCKED');
    expect(entity(phone.health_status, 'WABA')).toEqual({ entity_type: 'WABA', id: IDS.wabaSupport, ...WABA_BANNED });
    expect(entity(phone.health_status, 'BUSINESS')).toEqual({ entity_type: 'BUSINESS', id: IDS.business, ...BUSINESS_NOT_VERIFIED });
    expect(entity(waba.health_status, 'WABA')).toEqual({ entity_type: 'WABA', id: IDS.wabaSupport, ...WABA_BANNED });
    for (const p of sales.phone_numbers.data) expect(entity(p.health_status, 'BUSINESS')?.errors?.[0]?.error_code).toBe(141010);
    expect(client.health_status.can_send_message).toBe('AVAILABLE');
    for (const p of client.phone_numbers.data) expect(entity(p.health_status, 'BUSINESS')?.can_send_message).toBe('AVAILABLE');
  });

  it('health_status (and so the entities) appears only when selected, and sub-fields select inside it', async () => {
    sim.setBusinessHealth(IDS.business, PAYMENT_METHOD_FAILED);
    expect((await get(sim, `/v23.0/${IDS.healthy}`)).json).not.toHaveProperty('health_status');
    expect((await get(sim, `/v23.0/${IDS.healthy}?fields=status`)).json).toEqual({ status: 'CONNECTED', id: IDS.healthy });
    expect((await get(sim, `/v23.0/${IDS.wabaSales}`)).json).not.toHaveProperty('health_status');
    const list = await get(sim, `/v23.0/${IDS.wabaSales}?fields=phone_numbers{id,status}`);
    for (const p of list.json.phone_numbers.data) expect(p).not.toHaveProperty('health_status');
    const [item] = await batchBodies(sim, [`${IDS.healthy}?fields=quality_rating`]);
    expect(item).toEqual({ quality_rating: 'GREEN', id: IDS.healthy });

    const sub = await get(sim, `/v23.0/${IDS.healthy}?fields=health_status{can_send_message,entities{entity_type,errors{error_code}}}`);
    expect(sub.json.health_status).toEqual({
      can_send_message: 'BLOCKED',
      entities: [
        { entity_type: 'PHONE_NUMBER' },
        { entity_type: 'WABA' },
        { entity_type: 'BUSINESS', errors: [{ error_code: 141006 }] },
        { entity_type: 'APP' },
      ],
    });
  });

  it('calling alone BLOCKED (SIP not configured, 138024 / 138025): overall BLOCKED while every entity can send messages', async () => {
    sim.setAppHealth(SIP_ONLY_BLOCKED);
    for (const id of [IDS.healthy, IDS.clientHealthy, IDS.wabaSales, IDS.wabaClient]) {
      const h = await health(sim, id);
      expect(h.can_send_message, id).toBe('BLOCKED');
      expect(
        h.entities.map((e) => e.can_send_message),
        id,
      ).toEqual(h.entities.map(() => 'AVAILABLE'));
      expect(entity(h, 'APP'), id).toEqual({ entity_type: 'APP', id: APP_ID, ...SIP_ONLY_BLOCKED });
    }
    sim.setAppHealth(APP_SIP_NOT_CONFIGURED);
    const h = await health(sim, IDS.healthy);
    expect(h.can_send_message).toBe('BLOCKED');
    expect(entity(h, 'APP')).toMatchObject({
      can_send_message: 'AVAILABLE',
      can_receive_call_sip: 'BLOCKED',
      errors: [{ error_code: 138025 }],
    });
  });

  it('SIP trouble that is not a missing configuration, or only LIMITED, leaves the overall status alone', async () => {
    sim.setAppHealth({ ...SIP_ONLY_BLOCKED, can_receive_call_sip: 'LIMITED' });
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('AVAILABLE');
    sim.setAppHealth({ can_send_message: 'AVAILABLE', can_receive_call_sip: 'BLOCKED' });
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('AVAILABLE');
    sim.setAppHealth({ ...SIP_ONLY_BLOCKED, errors: [{ ...SIP_ONLY_BLOCKED.errors![0]!, error_code: 138000 }] });
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('AVAILABLE');
    // the same codes on the number's own entity block it too (the app alone is not special)
    sim.setAppHealth(null);
    sim.setPhoneField(IDS.healthy, 'health', SIP_ONLY_BLOCKED);
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('BLOCKED');
    expect((await health(sim, IDS.wabaSales)).can_send_message).toBe('AVAILABLE');
  });

  it('null puts each entity back to AVAILABLE (the app: messages and SIP calls)', async () => {
    sim.setBusinessHealth(IDS.business, BUSINESS_NOT_VERIFIED);
    sim.setWabaHealth(IDS.wabaSales, WABA_BANNED);
    sim.setAppHealth(SIP_ONLY_BLOCKED);
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('BLOCKED');
    sim.setWabaHealth(IDS.wabaSales, null);
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('BLOCKED'); // the app still blocks calling
    sim.setAppHealth(null);
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('LIMITED');
    sim.setBusinessHealth(IDS.business, null);
    const h = await health(sim, IDS.healthy);
    expect(h.can_send_message).toBe('AVAILABLE');
    expect(entity(h, 'APP')).toEqual({ entity_type: 'APP', id: APP_ID, can_send_message: 'AVAILABLE', can_receive_call_sip: 'AVAILABLE' });
    expect(entity(h, 'BUSINESS')).toEqual({ entity_type: 'BUSINESS', id: IDS.business, can_send_message: 'AVAILABLE' });
  });

  it('in process: invalid health or an unknown id throws and changes nothing; the presets cannot be changed', async () => {
    expect(() => sim.setBusinessHealth(IDS.business, { can_send_message: 'LIMITED', nope: 1 } as never)).toThrow(/invalid health/);
    expect(() => sim.setWabaHealth(IDS.wabaSales, { errors: [] } as never)).toThrow(/invalid health/);
    expect(() =>
      sim.setAppHealth({ can_send_message: 'BLOCKED', errors: [{ error_code: 141006, error_description: 'x' }] } as never),
    ).toThrow(/invalid health/);
    expect(() => sim.setBusinessHealth('999999999', BUSINESS_NOT_VERIFIED)).toThrow(/unknown business/);
    expect(() => sim.setWabaHealth(IDS.business, BUSINESS_NOT_VERIFIED)).toThrow(/unknown WABA/);
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('AVAILABLE');
    expect(() => {
      (BUSINESS_NOT_VERIFIED.errors as Array<{ error_code: number }>)[0]!.error_code = 1;
    }).toThrow(TypeError);
    expect(BUSINESS_NOT_VERIFIED).toMatchObject({ can_send_message: 'LIMITED', errors: [{ error_code: 141010 }] });
    expect(BUSINESS_NOT_VERIFIED.errors![0]!.error_description).toMatch(/not been verified/);
    expect(BUSINESS_NOT_VERIFIED.errors![0]!.possible_solution).toMatch(/^Start business verification/);
  });

  it('a reset brings back the scenario; a scenario can give the business, WABA and app entities', async () => {
    sim.setBusinessHealth(IDS.business, BUSINESS_NOT_VERIFIED);
    sim.reset();
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('AVAILABLE');

    const sc = readScenario('default') as {
      app: Record<string, unknown>;
      businesses: Array<Record<string, unknown>>;
      wabas: Array<Record<string, unknown>>;
    };
    sim.reset({
      ...sc,
      app: { ...sc.app, health: APP_SIP_NOT_CONFIGURED },
      businesses: sc.businesses.map((b) => (b.id === IDS.partnerBusiness ? { ...b, health: BUSINESS_NOT_VERIFIED } : b)),
      wabas: sc.wabas.map((w) => (w.id === IDS.wabaSupport ? { ...w, health: WABA_BANNED } : w)),
    } as never);
    try {
      const client = await health(sim, IDS.clientHealthy);
      expect(entity(client, 'BUSINESS')).toEqual({ entity_type: 'BUSINESS', id: IDS.partnerBusiness, ...BUSINESS_NOT_VERIFIED });
      expect(entity(client, 'APP')).toEqual({ entity_type: 'APP', id: APP_ID, ...APP_SIP_NOT_CONFIGURED });
      expect(entity(await health(sim, IDS.flagged), 'WABA')).toEqual({ entity_type: 'WABA', id: IDS.wabaSupport, ...WABA_BANNED });
    } finally {
      sim.reset('default');
    }
  });
});

describe('entity health through the control endpoints', () => {
  const sim = simulatorForSuite({ resetEachTest: true });

  const ctl = controlOf(sim);

  it('PATCH /__sim/businesses/<id>, /__sim/wabas/<id> and /__sim/app change what Graph answers; null resets', async () => {
    let r = await ctl('PATCH', `businesses/${IDS.business}`, { health: BUSINESS_NOT_VERIFIED });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ id: IDS.business, health: BUSINESS_NOT_VERIFIED });
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('LIMITED');

    r = await ctl('PATCH', `wabas/${IDS.wabaSales}`, { health: WABA_BANNED });
    expect(r.status).toBe(200);
    expect(r.json.health_status.can_send_message).toBe('BLOCKED');
    expect(entity(await health(sim, IDS.healthy), 'WABA')).toEqual({ entity_type: 'WABA', id: IDS.wabaSales, ...WABA_BANNED });

    r = await ctl('PATCH', 'app', { health: SIP_ONLY_BLOCKED });
    expect(r.status).toBe(200);
    expect(entity(await health(sim, IDS.clientHealthy), 'APP')).toEqual({ entity_type: 'APP', id: APP_ID, ...SIP_ONLY_BLOCKED });
    expect((await health(sim, IDS.clientHealthy)).can_send_message).toBe('BLOCKED');

    const st = (await ctl('GET', 'state')).json;
    expect(st.app.health).toEqual(SIP_ONLY_BLOCKED);
    expect(st.businesses.find((b: { id: string }) => b.id === IDS.business).health).toEqual(BUSINESS_NOT_VERIFIED);

    for (const path of [`businesses/${IDS.business}`, `wabas/${IDS.wabaSales}`, 'app'])
      expect((await ctl('PATCH', path, { health: null })).status, path).toBe(200);
    const h = await health(sim, IDS.healthy);
    expect(h.can_send_message).toBe('AVAILABLE');
    expect(h.entities.map((e) => e.can_send_message)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
  });

  it('PATCH /__sim/phones/<id> sets the PHONE_NUMBER entity with "health" (null: derived again)', async () => {
    const r = await ctl('PATCH', `phones/${IDS.healthy}`, { health: { can_send_message: 'LIMITED', additional_info: ['x'] } });
    expect(r.status).toBe(200);
    expect(entity(await health(sim, IDS.healthy), 'PHONE_NUMBER')).toEqual({
      entity_type: 'PHONE_NUMBER',
      id: IDS.healthy,
      can_send_message: 'LIMITED',
      additional_info: ['x'],
    });
    expect((await ctl('PATCH', `phones/${IDS.healthy}`, { health: { can_send_message: 7 } })).status).toBe(400);
    await ctl('PATCH', `phones/${IDS.healthy}`, { health: null });
    expect((await health(sim, IDS.healthy)).can_send_message).toBe('AVAILABLE');
  });

  it('refuses invalid bodies with 400 and unknown ids with 404, changing nothing', async () => {
    const bad: unknown[] = [
      {},
      { health: 'BLOCKED' },
      { health: {} },
      { health: { can_send_message: 1 } },
      { health: { can_send_message: 'BLOCKED', errors: [{ error_code: 141006 }] } },
      { health: { can_send_message: 'BLOCKED', errors: [{ ...WABA_BANNED.errors![0]!, error_code: '141006' }] } },
      { health: { can_send_message: 'LIMITED', additional_info: 'not a list' } },
      { health: { can_send_message: 'LIMITED', unknown_key: true } },
      { health: null, extra: 1 },
      '{not json',
      '[]',
    ];
    for (const path of [`businesses/${IDS.business}`, `wabas/${IDS.wabaSales}`, 'app'])
      for (const body of bad) {
        const r = await ctl('PATCH', path, body);
        expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
        expect(typeof r.json.error).toBe('string');
      }
    const h = await health(sim, IDS.healthy);
    expect(h.entities.map((e) => e.can_send_message)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
    expect(entity(h, 'APP')?.can_receive_call_sip).toBe('AVAILABLE');

    expect((await ctl('PATCH', 'businesses/999999999', { health: null })).status).toBe(404);
    expect((await ctl('PATCH', `wabas/${IDS.business}`, { health: null })).status).toBe(404);
    expect((await ctl('GET', `businesses/${IDS.business}`)).status).toBe(404);
  });
});
