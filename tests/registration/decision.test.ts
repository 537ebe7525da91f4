import { describe, expect, it } from 'vitest';
import { decideRegistration, type RegistrationDecision } from '@/lib/registration/decision';
import type { HealthInput } from '@/lib/health/classify';

type Snapshot = HealthInput & { code_verification_status?: string };
const provisioned: Snapshot = {
  status: 'CONNECTED',
  platform_type: 'CLOUD_API',
  throughput: { level: 'STANDARD' },
  name_status: 'APPROVED',
  code_verification_status: 'VERIFIED',
};
const stuck: Snapshot = { ...provisioned, status: 'PENDING', platform_type: 'NOT_APPLICABLE', throughput: { level: 'NOT_APPLICABLE' } };

const rows: Array<[string, Snapshot | undefined, RegistrationDecision]> = [
  ['never read', undefined, { action: 'none', why: 'never_read' }],
  ['provisioned, verified', provisioned, { action: 'none', why: 'not_stuck' }],
  [
    'provisioned, OTP EXPIRED (normal after 14 days)',
    { ...provisioned, code_verification_status: 'EXPIRED' },
    { action: 'none', why: 'not_stuck' },
  ],
  ['provisioned, NOT_VERIFIED', { ...provisioned, code_verification_status: 'NOT_VERIFIED' }, { action: 'none', why: 'not_stuck' }],
  ['stuck, verified but unprovisioned', stuck, { action: 'register' }],
  ['stuck, unverified', { ...stuck, code_verification_status: 'NOT_VERIFIED' }, { action: 'register' }],
  ['stuck via platform only', { ...provisioned, platform_type: 'NOT_APPLICABLE' }, { action: 'register' }],
  ['stuck via throughput only', { ...provisioned, throughput: { level: 'NOT_APPLICABLE' } }, { action: 'register' }],
  ['stuck, name PENDING_REVIEW (register; Meta may answer 2388001)', { ...stuck, name_status: 'PENDING_REVIEW' }, { action: 'register' }],
  ['stuck, name DECLINED', { ...stuck, name_status: 'DECLINED' }, { action: 'fix_display_name', nameStatus: 'DECLINED' }],
  ['stuck, name EXPIRED', { ...stuck, name_status: 'EXPIRED' }, { action: 'fix_display_name', nameStatus: 'EXPIRED' }],
  ['stuck, name status missing', { ...stuck, name_status: undefined }, { action: 'register' }],
  ['stuck, unknown name status', { ...stuck, name_status: 'BRAND_NEW_VALUE' }, { action: 'register' }],
  ['stuck but BANNED', { ...stuck, status: 'BANNED' }, { action: 'none', why: 'blocked' }],
  ['stuck but can_send BLOCKED', { ...stuck, health_status: { can_send_message: 'BLOCKED' } }, { action: 'none', why: 'blocked' }],
  ['attention only (FLAGGED)', { ...provisioned, status: 'FLAGGED' }, { action: 'none', why: 'not_stuck' }],
  ['all fields missing', {}, { action: 'none', why: 'not_stuck' }],
  ['unknown platform value', { ...provisioned, platform_type: 'SOMETHING_NEW' }, { action: 'none', why: 'not_stuck' }],
];

describe('decideRegistration', () => {
  it.each(rows)('%s', (_name, snapshot, expected) => {
    expect(decideRegistration(snapshot)).toEqual(expected);
  });
});
