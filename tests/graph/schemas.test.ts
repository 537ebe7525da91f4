import { describe, it, expect } from 'vitest';
import {
  DebugTokenResponseSchema,
  HealthStatusEntitySchema,
  PHONE_STATUS_VALUES,
  PageEnvelopeSchema,
  PhoneNumberSchema,
  QUALITY_RATING_VALUES,
  WabaSchema,
  isKnownValue,
  messagingLimit,
} from '../../lib/graph/schemas';
import {
  blockedTemplateEntity,
  debugTokenSystemUserSample,
  debugTokenUserSample,
  healthBlockedSample,
  healthLimitedSample,
  healthSipSample,
  phoneNodeSample,
  phoneNumbersPageSample,
} from './fixtures';

describe('PhoneNumberSchema', () => {
  it('parses the documented phone node and keeps extra fields', () => {
    const phone = PhoneNumberSchema.parse(phoneNodeSample);
    expect(phone.id).toBe('106540352242922');
    expect(phone.throughput?.level).toBe('STANDARD');
    expect(phone.platform_type).toBe('CLOUD_API');
    expect((phone as Record<string, unknown>).webhook_configuration).toEqual({ application: 'https://www.luckyshrub.com/webhooks' });
  });

  it('lets unknown enum values and extra fields survive', () => {
    const phone = PhoneNumberSchema.parse({
      id: '1',
      status: 'QUANTUM_SUSPENDED',
      quality_rating: 'PURPLE',
      whatsapp_business_manager_messaging_limit: 'TIER_5M',
      throughput: { level: 'ULTRA', burst: 9000 },
      brand_new_field: { nested: [1, 2] },
      health_status: {
        can_send_message: 'SOMETIMES',
        future_member: true,
        entities: [{ entity_type: 'GALAXY', id: '9', can_send_message: 'MAYBE', new_thing: 'x' }],
      },
    });
    expect(phone.status).toBe('QUANTUM_SUSPENDED');
    expect(phone.quality_rating).toBe('PURPLE');
    expect(phone.throughput).toEqual({ level: 'ULTRA', burst: 9000 });
    expect((phone as Record<string, unknown>).brand_new_field).toEqual({ nested: [1, 2] });
    expect(phone.health_status?.can_send_message).toBe('SOMETIMES');
    expect((phone.health_status as Record<string, unknown>).future_member).toBe(true);
    expect(phone.health_status?.entities?.[0]).toMatchObject({ entity_type: 'GALAXY', new_thing: 'x' });
    expect(isKnownValue(PHONE_STATUS_VALUES, phone.status)).toBe(false);
    expect(isKnownValue(QUALITY_RATING_VALUES, 'YELLOW')).toBe(true);
  });

  it('parses health_status samples: LIMITED, BLOCKED with errors, SIP', () => {
    const limited = PhoneNumberSchema.parse(healthLimitedSample);
    expect(limited.health_status?.entities).toHaveLength(4);
    expect(limited.health_status?.entities?.[0]?.additional_info?.[0]).toMatch(/display name has not been approved/);

    const blocked = PhoneNumberSchema.parse(healthBlockedSample);
    expect(blocked.health_status?.can_send_message).toBe('BLOCKED');
    expect(blocked.health_status?.entities?.[1]?.errors?.[0]).toEqual({
      error_code: 141014,
      error_description: 'Your WhatsApp Business Account has been banned.',
      possible_solution: 'Visit Business Support Home https://business.facebook.com/accountquality',
    });

    const sip = PhoneNumberSchema.parse(healthSipSample);
    expect(sip.health_status?.entities?.map((e) => e.can_receive_call_sip)).toEqual(['LIMITED', 'BLOCKED']);
    expect(sip.health_status?.entities?.every((e) => e.can_send_message === 'AVAILABLE')).toBe(true);

    expect(HealthStatusEntitySchema.parse(blockedTemplateEntity).errors?.[0]?.error_code).toBe(141002);
  });

  it('reads null as absent', () => {
    const phone = PhoneNumberSchema.parse({ id: '1', verified_name: null, throughput: null });
    expect(phone.verified_name).toBeUndefined();
    expect(phone.throughput).toBeUndefined();
  });

  it.each([
    ['numeric id', { id: 106540352242922 }],
    ['missing id', { display_phone_number: '+1 555' }],
    ['empty id', { id: '' }],
    ['boolean as string', { id: '1', is_pin_enabled: 'true' }],
    ['error_code as string', { id: '1', health_status: { entities: [{ errors: [{ error_code: '141014' }] }] } }],
    ['not an object', 'phone'],
  ])('rejects %s', (_label, value) => {
    expect(PhoneNumberSchema.safeParse(value).success).toBe(false);
  });

  it('derives the messaging limit, preferring the portfolio field', () => {
    expect(messagingLimit({ whatsapp_business_manager_messaging_limit: 'TIER_2K', messaging_limit_tier: 'TIER_1K' })).toEqual({
      tier: 'TIER_2K',
      source: 'whatsapp_business_manager_messaging_limit',
    });
    expect(messagingLimit({ messaging_limit_tier: 'TIER_1K' })).toEqual({ tier: 'TIER_1K', source: 'messaging_limit_tier' });
    expect(messagingLimit({})).toBeUndefined();
  });
});

describe('WABA, page and debug_token schemas', () => {
  it('parses a WABA with owner business info and extra members', () => {
    const waba = WabaSchema.parse({
      id: '1906385232743451',
      name: 'My WhatsApp Business Account',
      currency: 'USD',
      timezone_id: '1',
      owner_business_info: { id: '506914307656634', name: 'Jasper' },
    });
    expect(waba.owner_business_info).toEqual({ id: '506914307656634', name: 'Jasper' });
    expect((waba as Record<string, unknown>).currency).toBe('USD');
  });

  it('parses the phone_numbers page envelope with cursors', () => {
    const page = PageEnvelopeSchema.parse(phoneNumbersPageSample);
    expect(page.data).toHaveLength(2);
    expect(page.paging?.cursors?.after).toBe('QVFIU...');
    expect(page.paging?.next).toBeUndefined();
    expect(PageEnvelopeSchema.safeParse({ data: 'nope' }).success).toBe(false);
  });

  it('parses a user token debug_token answer', () => {
    const { data } = DebugTokenResponseSchema.parse(debugTokenUserSample);
    expect(data.type).toBe('USER');
    expect(data.expires_at).toBe(1665090000);
    expect(data.granular_scopes[0]?.target_ids).toEqual(['102289599326934', '101569239400667']);
  });

  it('parses the system-user variant: never expires, no target_ids', () => {
    const { data } = DebugTokenResponseSchema.parse(debugTokenSystemUserSample);
    expect(data.type).toBe('SYSTEM_USER');
    expect(data.expires_at).toBe(0);
    expect(data.data_access_expires_at).toBe(0);
    expect(data.issued_at).toBe(1700000000);
    expect(data.granular_scopes.every((g) => g.target_ids === undefined)).toBe(true);
  });

  it('parses an invalid-token answer with missing members', () => {
    const { data } = DebugTokenResponseSchema.parse({
      data: { error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, is_valid: false, scopes: [] },
    });
    expect(data.is_valid).toBe(false);
    expect(data.granular_scopes).toEqual([]);
    expect(data.error?.code).toBe(190);
  });

  it('rejects a debug_token answer whose is_valid is not a boolean', () => {
    expect(DebugTokenResponseSchema.safeParse({ data: { is_valid: 'true' } }).success).toBe(false);
  });
});
