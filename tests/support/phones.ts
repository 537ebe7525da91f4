import type { PhoneNumber } from '@/lib/graph/schemas';

/**
 * Phone-number snapshots as Meta sends them, shared by the engine's and the pages' tests (one builder,
 * not one per folder).
 */
export const healthyPhone = (id: string, extra: Partial<PhoneNumber> = {}): PhoneNumber => ({
  id,
  display_phone_number: `+1 555-010-${id.slice(-4)}`,
  verified_name: `Shop ${id.slice(-4)}`,
  status: 'CONNECTED',
  quality_rating: 'GREEN',
  name_status: 'APPROVED',
  platform_type: 'CLOUD_API',
  throughput: { level: 'STANDARD' },
  code_verification_status: 'VERIFIED',
  whatsapp_business_manager_messaging_limit: 'TIER_2K',
  is_pin_enabled: true,
  health_status: { can_send_message: 'AVAILABLE', entities: [] },
  ...extra,
});

/** Stuck: registration incomplete (not provisioned on the Cloud API), no PIN set at Meta. */
export const stuckPhone = (id: string, extra: Partial<PhoneNumber> = {}): PhoneNumber =>
  healthyPhone(id, {
    status: 'PENDING',
    platform_type: 'NOT_APPLICABLE',
    throughput: { level: 'NOT_APPLICABLE' },
    is_pin_enabled: false,
    ...extra,
  });
