import { describe, expect, it } from 'vitest';
import { decideRegistration } from '@/lib/registration/decision';

/** decideRegistration and ownership: the field in any case, Meta's 133006 over a VERIFIED read. */
const stuck = {
  status: 'PENDING',
  platform_type: 'NOT_APPLICABLE',
  throughput: { level: 'NOT_APPLICABLE' },
  name_status: 'APPROVED',
};

describe('decideRegistration and ownership', () => {
  it('D1: a lower-case "verified" is VERIFIED: never offered Verify ownership', () => {
    expect(decideRegistration({ ...stuck, code_verification_status: 'verified' }).action).toBe('register');
    expect(decideRegistration({ ...stuck, code_verification_status: 'Verified' }).action).toBe('register');
  });

  it('D2: register answered 133006 (ownershipVerified false) on a number read VERIFIED is not `register` again', () => {
    // Otherwise: "Complete registration" stays, each press is another 133006 (one of 10 per 72 h), and the
    // 133006 next step ("Open its Details, choose Verify ownership") points at something the details do not show.
    expect(decideRegistration({ ...stuck, code_verification_status: 'VERIFIED' }, false).action).not.toBe('register');
  });
});
