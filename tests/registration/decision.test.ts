import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRegistration, type RegistrationDecision } from '@/lib/registration/decision';
import { classify, type HealthInput } from '@/lib/health/classify';

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
  // Ownership first: register would only spend one of the 10 calls per 72 h on a 133006.
  ['stuck, NOT_VERIFIED', { ...stuck, code_verification_status: 'NOT_VERIFIED' }, { action: 'verify_ownership' }],
  ['stuck, OTP EXPIRED', { ...stuck, code_verification_status: 'EXPIRED' }, { action: 'verify_ownership' }],
  ['stuck, UNVERIFIED', { ...stuck, code_verification_status: 'UNVERIFIED' }, { action: 'verify_ownership' }],
  ['stuck, an unknown verification value', { ...stuck, code_verification_status: 'SOME_NEW_VALUE' }, { action: 'verify_ownership' }],
  ['stuck, verification status missing', { ...stuck, code_verification_status: undefined }, { action: 'register' }],
  [
    'stuck, name DECLINED and NOT_VERIFIED: the name first (verification would expire during its review)',
    { ...stuck, name_status: 'DECLINED', code_verification_status: 'NOT_VERIFIED' },
    { action: 'fix_display_name', nameStatus: 'DECLINED' },
  ],
  [
    'stuck but BANNED and NOT_VERIFIED',
    { ...stuck, status: 'BANNED', code_verification_status: 'NOT_VERIFIED' },
    { action: 'none', why: 'blocked' },
  ],
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

/** Meta's answers about ownership (`ownershipVerified`) against the field read. */
const ownershipRows: Array<[string, Snapshot, boolean, RegistrationDecision]> = [
  [
    'code accepted, field still NOT_VERIFIED (Meta lags)',
    { ...stuck, code_verification_status: 'NOT_VERIFIED' },
    true,
    { action: 'register' },
  ],
  ['136024 (verified already), field EXPIRED', { ...stuck, code_verification_status: 'EXPIRED' }, true, { action: 'register' }],
  ['133006 without the field', { ...stuck, code_verification_status: undefined }, false, { action: 'verify_ownership' }],
  ['133006 with the field NOT_VERIFIED', { ...stuck, code_verification_status: 'NOT_VERIFIED' }, false, { action: 'verify_ownership' }],
  // A VERIFIED number is not offered verification (Meta would answer request_code with 136024), unless
  // register itself answered 133006: then Meta's refusal wins, since another register would be another 133006.
  ['133006 while the field says VERIFIED', stuck, false, { action: 'verify_ownership' }],
  ['the field VERIFIED, no answer from Meta', stuck, undefined as unknown as boolean, { action: 'register' }],
  ['verified, provisioned', provisioned, true, { action: 'none', why: 'not_stuck' }],
  ['133006, provisioned since', provisioned, false, { action: 'none', why: 'not_stuck' }],
];

describe('decideRegistration', () => {
  it.each(rows)('%s', (_name, snapshot, expected) => {
    expect(decideRegistration(snapshot)).toEqual(expected);
  });

  it.each(ownershipRows)('%s', (_name, snapshot, ownershipVerified, expected) => {
    expect(decideRegistration(snapshot, ownershipVerified)).toEqual(expected);
  });

  describe('properties', () => {
    const value = (...known: string[]) => fc.option(fc.oneof(fc.constantFrom(...known), fc.string()), { nil: undefined });
    const snapshots = fc.record({
      status: value('CONNECTED', 'PENDING', 'BANNED', 'FLAGGED', 'DELETED'),
      platform_type: value('CLOUD_API', 'NOT_APPLICABLE'),
      throughput: fc.option(fc.record({ level: value('STANDARD', 'NOT_APPLICABLE') }), { nil: undefined }),
      name_status: value('APPROVED', 'PENDING_REVIEW', 'DECLINED', 'EXPIRED'),
      code_verification_status: value('VERIFIED', 'NOT_VERIFIED', 'EXPIRED', 'UNVERIFIED'),
    });
    const answers = fc.constantFrom(undefined, true, false);

    it('registers only a stuck number whose ownership is not in doubt', () => {
      fc.assert(
        fc.property(snapshots, answers, (snapshot, ownershipVerified) => {
          const decision = decideRegistration(snapshot, ownershipVerified);
          if (decision.action !== 'register') return;
          expect(classify(snapshot).health).toBe('stuck');
          // A field present and not VERIFIED is only passed over after Meta accepted a code (or said 136024).
          const field = snapshot.code_verification_status;
          if (field && field !== 'VERIFIED') expect(ownershipVerified).toBe(true);
          if (!field) expect(ownershipVerified).not.toBe(false);
        }),
      );
    });

    it('offers ownership verification only to stuck numbers, and to a VERIFIED one only after register answered 133006', () => {
      fc.assert(
        fc.property(snapshots, answers, (snapshot, ownershipVerified) => {
          if (decideRegistration(snapshot, ownershipVerified).action !== 'verify_ownership') return;
          expect(classify(snapshot).health).toBe('stuck');
          if (snapshot.code_verification_status?.toUpperCase() === 'VERIFIED') expect(ownershipVerified).toBe(false);
          expect(ownershipVerified).not.toBe(true);
        }),
      );
    });

    it('never registers after a 133006 Meta has not taken back (property)', () => {
      fc.assert(
        fc.property(snapshots, (snapshot) => {
          expect(decideRegistration(snapshot, false).action).not.toBe('register');
        }),
      );
    });

    it('the ownership answer changes nothing but register <-> verify_ownership', () => {
      fc.assert(
        fc.property(snapshots, answers, (snapshot, ownershipVerified) => {
          const plain = decideRegistration(snapshot).action;
          const answered = decideRegistration(snapshot, ownershipVerified).action;
          if (plain !== answered) expect([plain, answered].sort()).toEqual(['register', 'verify_ownership']);
        }),
      );
    });
  });
});
