import { describe, it, expect } from 'vitest';
import {
  DEFAULT_GRAPH_API_VERSION,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_TIMEOUT_MS,
  GRAPH_BASE_URL,
  MAX_BATCH_SIZE,
  MAX_PAGES,
  isValidGraphVersion,
  normaliseBaseOrigin,
} from '../../lib/graph/config';
import { BUSINESS_FIELDS, PHONE_HEALTH_FIELDS, WABA_FIELDS, edgeExpansion, wabaWithPhoneNumbersFields } from '../../lib/graph/fields';

describe('config', () => {
  it('has the agreed defaults', () => {
    expect(GRAPH_BASE_URL).toBe('https://graph.facebook.com');
    expect(DEFAULT_GRAPH_API_VERSION).toBe('v25.0');
    expect(DEFAULT_TIMEOUT_MS).toBe(20_000);
    expect(MAX_BATCH_SIZE).toBe(50);
    expect(DEFAULT_PAGE_LIMIT).toBe(100);
    expect(MAX_PAGES).toBeGreaterThan(1);
    expect(isValidGraphVersion(DEFAULT_GRAPH_API_VERSION)).toBe(true);
  });

  it.each([
    ['v24.0', true],
    ['v24.1', true],
    ['v25.0', true],
    ['v26.0', true],
    ['v100.0', true],
    ['v23.0', false],
    ['v23.9', false],
    ['v2.12', false],
    ['24.0', false],
    ['v25', false],
    ['v25.0 ', false],
    ['V25.0', false],
    ['v25.0/me', false],
    ['', false],
  ])('isValidGraphVersion(%j) = %s', (version, expected) => {
    expect(isValidGraphVersion(version)).toBe(expected);
  });

  it.each([
    ['https://graph.facebook.com', 'https://graph.facebook.com'],
    ['https://graph.facebook.com/', 'https://graph.facebook.com'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://127.0.0.1:9000/', 'http://127.0.0.1:9000'],
    ['http://graph.facebook.com', undefined],
    ['https://graph.facebook.com.evil.example', undefined],
    ['https://evil.example', undefined],
    ['https://graph.facebook.com/v25.0', undefined],
    ['https://user:pw@graph.facebook.com', undefined],
    ['not a url', undefined],
  ])('normaliseBaseOrigin(%j) = %j', (input, expected) => {
    expect(normaliseBaseOrigin(input)).toBe(expected);
  });
});

describe('fields', () => {
  it('lists every health field exactly once', () => {
    expect([...PHONE_HEALTH_FIELDS].sort()).toEqual(
      [
        'id',
        'display_phone_number',
        'verified_name',
        'status',
        'quality_rating',
        'code_verification_status',
        'name_status',
        'new_name_status',
        'platform_type',
        'throughput',
        'whatsapp_business_manager_messaging_limit',
        'messaging_limit_tier',
        'account_mode',
        'is_pin_enabled',
        'is_official_business_account',
        'is_on_biz_app',
        'last_onboarded_time',
        'health_status',
        'webhook_configuration',
      ].sort(),
    );
    expect(WABA_FIELDS).toEqual(['id', 'name', 'owner_business_info']);
    expect(BUSINESS_FIELDS).toEqual(['id', 'name']);
  });

  it('builds field expansions', () => {
    expect(edgeExpansion('phone_numbers', ['id', 'status'], 100)).toBe('phone_numbers.limit(100){id,status}');
    expect(wabaWithPhoneNumbersFields(100)).toBe(
      `id,name,owner_business_info,subscribed_apps{whatsapp_business_api_data},phone_numbers.limit(100){${PHONE_HEALTH_FIELDS.join(',')}}`,
    );
    // Without the apps: the read again of a WABA whose apps Meta would not list.
    expect(wabaWithPhoneNumbersFields(100, false)).toBe(
      `id,name,owner_business_info,phone_numbers.limit(100){${PHONE_HEALTH_FIELDS.join(',')}}`,
    );
  });
});
