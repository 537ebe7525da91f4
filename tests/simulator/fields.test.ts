import { describe, expect, it } from 'vitest';
import { parseFields, serializeFields } from '../support/simulator/fields.ts';
import { IDS, expectEnvelope, get, simulatorForSuite } from './helpers.ts';

describe('fields parser', () => {
  it('parses nesting, modifiers before or after the block, and round-trips', () => {
    const src = 'id,name,owner_business_info,phone_numbers.limit(2){id,status,throughput{level}}';
    const sels = parseFields(src);
    expect(sels.map((s) => s.name)).toEqual(['id', 'name', 'owner_business_info', 'phone_numbers']);
    const pn = sels[3]!;
    expect(pn.modifiers).toEqual([{ name: 'limit', arg: '2' }]);
    expect(pn.children?.map((c) => c.name)).toEqual(['id', 'status', 'throughput']);
    expect(pn.children?.[2]?.children?.map((c) => c.name)).toEqual(['level']);
    expect(serializeFields(sels)).toBe(src);
    expect(parseFields('phone_numbers{id}.limit(3)')[0]!.modifiers[0]).toEqual({ name: 'limit', arg: '3' });
    expect(parseFields(' id , ,name ').map((s) => s.name)).toEqual(['id', 'name']);
  });
  it('rejects unbalanced braces with a Graph syntax error', () => {
    expect(() => parseFields('phone_numbers{id')).toThrow(/Syntax error/);
    expect(() => parseFields('id}')).toThrow(/Syntax error/);
    expect(() => parseFields('a.limit(2')).toThrow(/Syntax error/);
  });
});

describe('field selection over HTTPS', () => {
  const sim = simulatorForSuite();

  it('returns the default fields when `fields` is absent', async () => {
    const r = await get(sim, `/v23.0/${IDS.healthy}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      id: IDS.healthy,
      display_phone_number: '+1 555-010-0001',
      verified_name: 'Acme Bakery',
      quality_rating: 'GREEN',
    });
  });

  it('returns only the requested fields plus id (id appended last)', async () => {
    const r = await get(sim, `/v23.0/${IDS.healthy}?fields=status`);
    expect(r.json).toEqual({ status: 'CONNECTED', id: IDS.healthy });
    expect(Object.keys(r.json)).toEqual(['status', 'id']);
    const all = await get(
      sim,
      `/v23.0/${IDS.stuckReview}?fields=status,name_status,platform_type,throughput,is_pin_enabled,code_verification_status,last_onboarded_time`,
    );
    expect(all.json).toEqual({
      status: 'PENDING',
      name_status: 'PENDING_REVIEW',
      platform_type: 'NOT_APPLICABLE',
      throughput: { level: 'NOT_APPLICABLE' },
      is_pin_enabled: false,
      code_verification_status: 'VERIFIED',
      last_onboarded_time: '2024-02-02T10:00:00+0000',
      id: IDS.stuckReview,
    });
  });

  it('omits absent fields instead of returning null', async () => {
    const r = await get(sim, `/v23.0/${IDS.healthy}?fields=new_display_name,new_name_status`);
    expect(r.json).toEqual({ id: IDS.healthy });
    const n = await get(sim, `/v23.0/${IDS.nameChange}?fields=new_display_name,new_name_status`);
    expect(n.json).toEqual({ new_display_name: 'Northwind Clinics Care', new_name_status: 'PENDING_REVIEW', id: IDS.nameChange });
  });

  it('nonexisting field -> code 100, HTTP 400, exact Meta message', async () => {
    const r = await get(sim, `/v23.0/${IDS.healthy}?fields=id,foo`);
    expect(r.status).toBe(400);
    const e = expectEnvelope(r);
    expect(e).toMatchObject({
      message: '(#100) Tried accessing nonexisting field (foo) on node type (WhatsAppBusinessPhoneNumber)',
      type: 'OAuthException',
      code: 100,
    });
    const w = await get(sim, `/v23.0/${IDS.wabaSales}?fields=phone_numbers{bogus}`);
    expect(expectEnvelope(w).message).toContain('(bogus) on node type (WhatsAppBusinessPhoneNumber)');
    const s = await get(sim, `/v23.0/${IDS.healthy}?fields=throughput{nope}`);
    expect(s.status).toBe(400);
    expect(expectEnvelope(s).message).toMatch(/nonexisting field \(nope\)/);
  });

  it('whatsapp_business_manager_messaging_limit exists only from v24.0', async () => {
    const old = await get(sim, `/v23.0/${IDS.healthy}?fields=whatsapp_business_manager_messaging_limit`);
    expect(old.status).toBe(400);
    expect(expectEnvelope(old).message).toBe(
      '(#100) Tried accessing nonexisting field (whatsapp_business_manager_messaging_limit) on node type (WhatsAppBusinessPhoneNumber)',
    );
    const v24 = await get(sim, `/v24.0/${IDS.healthy}?fields=whatsapp_business_manager_messaging_limit`);
    expect(v24.status).toBe(200);
    expect(v24.json).toEqual({ whatsapp_business_manager_messaging_limit: 'TIER_2K', id: IDS.healthy });
    expect(v24.headers.get('facebook-api-version')).toBe('v24.0');
    const v25 = await get(sim, `/v25.0/${IDS.healthy}?fields=whatsapp_business_manager_messaging_limit`);
    expect(v25.status).toBe(200);
    // unversioned calls use the app's default version (v23.0 in the default scenario)
    const unversioned = await get(sim, `/${IDS.healthy}?fields=whatsapp_business_manager_messaging_limit`);
    expect(unversioned.status).toBe(400);
    expect(unversioned.headers.get('facebook-api-version')).toBe('v23.0');
  });

  it('supports sub-field selection inside objects', async () => {
    const r = await get(
      sim,
      `/v23.0/${IDS.stuckReview}?fields=throughput{level},health_status{can_send_message,entities{entity_type,can_send_message}}`,
    );
    expect(r.status).toBe(200);
    expect(r.json.throughput).toEqual({ level: 'NOT_APPLICABLE' });
    // Name under review: Meta's documented LIMITED state (no invented BLOCKED for unregistered numbers).
    expect(r.json.health_status.can_send_message).toBe('LIMITED');
    expect(r.json.health_status.entities).toEqual([
      { entity_type: 'PHONE_NUMBER', can_send_message: 'LIMITED' },
      { entity_type: 'WABA', can_send_message: 'AVAILABLE' },
      { entity_type: 'BUSINESS', can_send_message: 'AVAILABLE' },
      { entity_type: 'APP', can_send_message: 'AVAILABLE' },
    ]);
  });

  it('health_status reflects the number state (full object)', async () => {
    const flagged = await get(sim, `/v23.0/${IDS.flagged}?fields=health_status`);
    expect(flagged.json.health_status.can_send_message).toBe('LIMITED');
    const phoneEntity = flagged.json.health_status.entities[0];
    expect(phoneEntity).toMatchObject({ entity_type: 'PHONE_NUMBER', id: IDS.flagged, can_send_message: 'LIMITED' });
    expect(phoneEntity.additional_info[0]).toMatch(/quality rating/);
    const banned = await get(sim, `/v23.0/${IDS.banned}?fields=health_status`);
    expect(banned.json.health_status.entities[0].errors[0]).toHaveProperty('error_code');
    const ok = await get(sim, `/v23.0/${IDS.healthy}?fields=health_status`);
    expect(ok.json.health_status.can_send_message).toBe('AVAILABLE');
    expect(ok.json.health_status.entities.map((e: any) => e.entity_type)).toEqual(['PHONE_NUMBER', 'WABA', 'BUSINESS', 'APP']);
  });

  it('keeps unknown enum values as-is (tolerance testing)', async () => {
    const r = await get(sim, `/v23.0/${IDS.unknownStatus}?fields=status,health_status{can_send_message}`);
    expect(r.json.status).toBe('SOME_NEW_STATUS');
    expect(r.json.health_status.can_send_message).toBe('AVAILABLE');
  });

  it('WABA, business and user nodes have their own defaults and node types', async () => {
    const w = await get(sim, `/v23.0/${IDS.wabaClient}`);
    expect(w.json).toEqual({
      id: IDS.wabaClient,
      name: 'Northwind Clinics',
      currency: 'EUR',
      timezone_id: '55',
      message_template_namespace: 'northwind_77be10',
    });
    const info = await get(sim, `/v23.0/${IDS.wabaClient}?fields=owner_business_info,ownership_type`);
    expect(info.json.owner_business_info).toEqual({ id: IDS.partnerBusiness, name: 'Northwind Clinics' });
    const b = await get(sim, `/v23.0/${IDS.business}?fields=id,name,verification_status`);
    expect(b.json).toEqual({ id: IDS.business, name: 'Acme Bakery Group', verification_status: 'verified' });
    const bad = await get(sim, `/v23.0/${IDS.business}?fields=zzz`);
    expect(expectEnvelope(bad).message).toContain('node type (Business)');
    const me = await get(sim, '/v23.0/me');
    expect(me.json).toEqual({ id: '122098765432100001', name: 'WABA Health Monitor' });
  });

  it('syntax errors in fields are code 100', async () => {
    const r = await get(sim, `/v23.0/${IDS.wabaSales}?fields=${encodeURIComponent('phone_numbers{id')}`);
    expect(r.status).toBe(400);
    expect(expectEnvelope(r)).toMatchObject({ code: 100 });
    expect(r.json.error.message).toMatch(/Syntax error/);
  });
});
