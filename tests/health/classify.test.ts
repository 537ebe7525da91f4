import { describe, expect, it } from 'vitest';
import { classify, worstHealth, type Health, type HealthInput } from '@/lib/health/classify';

const provisioned: HealthInput = {
  status: 'CONNECTED',
  quality_rating: 'GREEN',
  name_status: 'APPROVED',
  platform_type: 'CLOUD_API',
  throughput: { level: 'STANDARD' },
  health_status: { can_send_message: 'AVAILABLE', entities: [] },
};

const rows: Array<[string, HealthInput | undefined, Health]> = [
  ['never read', undefined, 'unknown'],
  ['healthy, fully provisioned', provisioned, 'healthy'],
  ['BANNED', { ...provisioned, status: 'BANNED' }, 'blocked'],
  ['DELETED', { ...provisioned, status: 'DELETED' }, 'blocked'],
  ['DISCONNECTED', { ...provisioned, status: 'DISCONNECTED' }, 'blocked'],
  ['can_send_message BLOCKED', { ...provisioned, health_status: { can_send_message: 'BLOCKED' } }, 'blocked'],
  ['blocked beats stuck', { ...provisioned, status: 'BANNED', platform_type: 'NOT_APPLICABLE' }, 'blocked'],
  ['platform NOT_APPLICABLE', { ...provisioned, platform_type: 'NOT_APPLICABLE' }, 'stuck'],
  ['throughput NOT_APPLICABLE', { ...provisioned, throughput: { level: 'NOT_APPLICABLE' } }, 'stuck'],
  ['stuck beats attention', { ...provisioned, status: 'PENDING', platform_type: 'NOT_APPLICABLE' }, 'stuck'],
  ['quality YELLOW', { ...provisioned, quality_rating: 'YELLOW' }, 'attention'],
  ['quality RED', { ...provisioned, quality_rating: 'RED' }, 'attention'],
  ...(['FLAGGED', 'RESTRICTED', 'RATE_LIMITED', 'PENDING', 'UNVERIFIED', 'MIGRATED', 'UNKNOWN'] as const).map(
    (status): [string, HealthInput, Health] => [`status ${status}`, { ...provisioned, status }, 'attention'],
  ),
  ['can_send_message LIMITED', { ...provisioned, health_status: { can_send_message: 'LIMITED' } }, 'attention'],
  ['name PENDING_REVIEW', { ...provisioned, name_status: 'PENDING_REVIEW' }, 'attention'],
  ['name DECLINED', { ...provisioned, name_status: 'DECLINED' }, 'attention'],
  ['name EXPIRED', { ...provisioned, name_status: 'EXPIRED' }, 'attention'],
  ['quality NA is fine', { ...provisioned, quality_rating: 'NA' }, 'healthy'],
  ['unknown status value is not blocked', { ...provisioned, status: 'SOME_NEW_STATUS' }, 'healthy'],
  ['unknown platform value is not stuck', { ...provisioned, platform_type: 'SMB_CLOUD_API' }, 'healthy'],
  ['unknown throughput level is not stuck', { ...provisioned, throughput: { level: 'ULTRA' } }, 'healthy'],
  ['unknown can_send value', { ...provisioned, health_status: { can_send_message: 'SOMETIMES' } }, 'healthy'],
  ['empty snapshot (all fields missing)', {}, 'healthy'],
  ['nulls everywhere', { status: null, platform_type: null, throughput: null, health_status: null }, 'healthy'],
  ['lower-case values still match', { ...provisioned, status: 'banned' }, 'blocked'],
];

describe('classify', () => {
  it.each(rows)('%s -> %s', (_name, input, expected) => {
    expect(classify(input).health).toBe(expected);
  });

  it('explains a stuck number under name review with both reasons', () => {
    const result = classify({ ...provisioned, status: 'PENDING', platform_type: 'NOT_APPLICABLE', name_status: 'PENDING_REVIEW' });
    expect(result.reasons.map((r) => r.code)).toEqual(['platform_not_applicable', 'status', 'name_status']);
    expect(result.reasons.find((r) => r.code === 'name_status')?.value).toBe('PENDING_REVIEW');
  });

  it("carries Meta's health_status errors with their possible solution", () => {
    const result = classify({
      ...provisioned,
      health_status: {
        can_send_message: 'BLOCKED',
        entities: [
          { entity_type: 'PHONE_NUMBER', id: '1', can_send_message: 'AVAILABLE' },
          {
            entity_type: 'WABA',
            id: '2',
            can_send_message: 'BLOCKED',
            errors: [{ error_code: 141014, error_description: 'WABA banned', possible_solution: 'Appeal in Business Support Home' }],
          },
        ],
      },
    });
    expect(result.health).toBe('blocked');
    // The number says who blocks it; the WABA's error is kept with the WABA's id for its group.
    expect(result.reasons[0]).toEqual({ code: 'can_send_blocked', value: 'BLOCKED', entity: 'WABA', entityId: '2' });
    expect(result.reasons).toContainEqual({
      code: 'health_error',
      entity: 'WABA',
      entityId: '2',
      errorCode: 141014,
      detail: 'WABA banned',
      solution: 'Appeal in Business Support Home',
    });
  });

  it('says a number is limited by its portfolio when only the BUSINESS entity is LIMITED', () => {
    const result = classify({
      ...provisioned,
      health_status: {
        can_send_message: 'LIMITED',
        entities: [
          { entity_type: 'PHONE_NUMBER', id: '1', can_send_message: 'AVAILABLE' },
          { entity_type: 'WABA', id: '2', can_send_message: 'AVAILABLE' },
          {
            entity_type: 'BUSINESS',
            id: '3',
            can_send_message: 'LIMITED',
            errors: [{ error_code: 141010, error_description: 'Business not verified', possible_solution: 'Verify it' }],
          },
        ],
      },
    });
    expect(result.health).toBe('attention');
    expect(result.reasons[0]).toEqual({ code: 'can_send_limited', value: 'LIMITED', entity: 'BUSINESS', entityId: '3' });
    expect(result.reasons.filter((r) => r.code === 'can_send_limited')).toHaveLength(1);
  });

  it('keeps the plain limited reason when the number itself is LIMITED too', () => {
    const result = classify({
      ...provisioned,
      health_status: {
        can_send_message: 'LIMITED',
        entities: [
          { entity_type: 'PHONE_NUMBER', id: '1', can_send_message: 'LIMITED', additional_info: ['Low quality'] },
          { entity_type: 'BUSINESS', id: '3', can_send_message: 'LIMITED' },
        ],
      },
    });
    expect(result.reasons.filter((r) => r.code === 'can_send_limited')).toEqual([{ code: 'can_send_limited', value: 'LIMITED' }]);
  });

  it('does not call a BLOCKED that comes only from calling a messaging outage', () => {
    const calling = {
      entity_type: 'APP',
      id: '9',
      can_send_message: 'AVAILABLE',
      can_receive_call_sip: 'BLOCKED',
      errors: [{ error_code: 138024, error_description: 'SIP not configured', possible_solution: 'Configure SIP' }],
    };
    const result = classify({
      ...provisioned,
      health_status: {
        can_send_message: 'BLOCKED',
        entities: [{ entity_type: 'PHONE_NUMBER', id: '1', can_send_message: 'AVAILABLE' }, calling],
      },
    });
    expect(result.health).toBe('healthy');
    expect(result.reasons).toEqual([
      { code: 'calling', entity: 'APP', entityId: '9', errorCode: 138024, detail: 'SIP not configured', solution: 'Configure SIP' },
    ]);
    // Calling alongside a real messaging block stays blocked.
    const both = classify({
      ...provisioned,
      health_status: {
        can_send_message: 'BLOCKED',
        entities: [{ entity_type: 'PHONE_NUMBER', id: '1', can_send_message: 'BLOCKED' }, calling],
      },
    });
    expect(both.health).toBe('blocked');
    // Without entities Meta's overall BLOCKED is all there is to go by.
    expect(classify({ ...provisioned, health_status: { can_send_message: 'BLOCKED' } }).health).toBe('blocked');
  });

  it('keeps additional_info of a LIMITED entity as a reason', () => {
    const info = 'Your display name has not been approved yet.';
    const result = classify({
      ...provisioned,
      health_status: { can_send_message: 'LIMITED', entities: [{ entity_type: 'PHONE_NUMBER', additional_info: [info] }] },
    });
    expect(result.health).toBe('attention');
    expect(result.reasons).toContainEqual({ code: 'health_info', entity: 'PHONE_NUMBER', detail: info });
  });
});

describe('worstHealth', () => {
  it('orders blocked > stuck > attention > unknown > healthy', () => {
    expect(worstHealth(['healthy', 'attention', 'stuck'])).toBe('stuck');
    expect(worstHealth(['stuck', 'blocked'])).toBe('blocked');
    expect(worstHealth(['healthy', 'unknown'])).toBe('unknown');
    expect(worstHealth([])).toBeUndefined();
  });
});
