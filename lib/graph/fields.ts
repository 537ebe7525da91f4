/**
 * Graph API field lists, in one place. Requesting a field the schema does not know is harmless (it is kept
 * as an extra key); dropping one here removes it from every read.
 */
import { DEFAULT_PAGE_LIMIT } from './config';

/** Everything a health sweep reads per phone number. */
export const PHONE_HEALTH_FIELDS = [
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
  // Deprecated, still requested as a fallback for numbers where the portfolio-level field is absent.
  'messaging_limit_tier',
  'account_mode',
  'is_pin_enabled',
  'is_official_business_account',
  'is_on_biz_app',
  'last_onboarded_time',
  'health_status',
  // Override callback URLs at the number, WABA and app level (the details show the host only).
  'webhook_configuration',
] as const;

/** WABA node; `owner_business_info` gives the owning business portfolio id and name. */
export const WABA_FIELDS = ['id', 'name', 'owner_business_info'] as const;

/** Business portfolio node (User -> businesses edge). */
export const BUSINESS_FIELDS = ['id', 'name'] as const;

/** `['id', 'name']` -> `'id,name'`. */
export function fieldList(fields: readonly string[]): string {
  return fields.join(',');
}

/** Field expansion of an edge: `edgeExpansion('phone_numbers', ['id'], 100)` -> `'phone_numbers.limit(100){id}'`. */
export function edgeExpansion(edge: string, fields: readonly string[], limit: number = DEFAULT_PAGE_LIMIT): string {
  return `${edge}.limit(${limit}){${fieldList(fields)}}`;
}

/** `fields` value reading a WABA together with its first page of phone numbers (all health fields). */
/** The apps subscribed to a WABA's webhooks, as a field expansion on the WABA node. */
export const SUBSCRIBED_APPS_EXPANSION = 'subscribed_apps{whatsapp_business_api_data}';

/**
 * A WABA with its numbers (and, unless `withApps` is false, its subscribed apps) in one read: the sweep's
 * batch item. Without the apps is the fallback when reading them is refused.
 */
export function wabaWithPhoneNumbersFields(limit: number = DEFAULT_PAGE_LIMIT, withApps = true): string {
  return fieldList([
    ...WABA_FIELDS,
    ...(withApps ? [SUBSCRIBED_APPS_EXPANSION] : []),
    edgeExpansion('phone_numbers', PHONE_HEALTH_FIELDS, limit),
  ]);
}
