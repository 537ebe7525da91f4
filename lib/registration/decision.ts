import { classify, type HealthInput } from '../health/classify';

/**
 * Whether to call POST /{phone-number-id}/register. Pure; tested row by row. First match wins:
 *   never read                                        -> none (never_read)
 *   blocked (BANNED, can_send BLOCKED...)             -> none (blocked)
 *   not stuck (provisioned, or attention only)        -> none (not_stuck)
 *   display name DECLINED / EXPIRED                   -> fix_display_name
 *   ownership not verified                            -> verify_ownership (request_code, verify_code first)
 *   otherwise                                         -> register
 * Ownership (register would only spend one of Meta's 10 calls per 72 h on a 133006):
 *   register answered 133006 (`ownershipVerified` false) -> not verified, whatever the field says (another
 *     register would be another 133006)
 *   verify_code accepted, or request_code answered 136024 (`ownershipVerified` true) -> verified, until a
 *     read confirms VERIFIED (the field may lag; after that Meta's newest read speaks, see number-update.ts)
 *   else `code_verification_status` present -> verified only when VERIFIED, in any case (NOT_VERIFIED,
 *     EXPIRED, UNVERIFIED... need verification); a VERIFIED number is not offered it (Meta answers 136024)
 *   else (no field) -> verified
 * Unlike the seed system, a provisioned number is never registered, whatever its code_verification_status
 * (EXPIRED is normal 14 days after the OTP), and name review is taken into account.
 */
export type RegistrationDecision =
  | { action: 'register' }
  | { action: 'verify_ownership' }
  | { action: 'fix_display_name'; nameStatus: string }
  | { action: 'none'; why: 'never_read' | 'blocked' | 'not_stuck' };

const NAME_NEEDS_FIX: ReadonlySet<string> = new Set(['DECLINED', 'EXPIRED']);

export function decideRegistration(
  snapshot: (HealthInput & { name_status?: string | null; code_verification_status?: string | null }) | null | undefined,
  ownershipVerified?: boolean,
): RegistrationDecision {
  const { health } = classify(snapshot);
  if (health === 'unknown') return { action: 'none', why: 'never_read' };
  if (health === 'blocked') return { action: 'none', why: 'blocked' };
  if (health !== 'stuck') return { action: 'none', why: 'not_stuck' };
  const nameStatus = snapshot?.name_status?.toUpperCase();
  if (nameStatus && NAME_NEEDS_FIX.has(nameStatus)) return { action: 'fix_display_name', nameStatus };
  // Meta's latest word wins: register's 133006 (false) over a VERIFIED read (Meta contradicts itself: one more
  // register would only be another 133006), a code accepted (true) over a read that may lag.
  const code = snapshot?.code_verification_status?.toUpperCase();
  const verified = ownershipVerified ?? (code ? code === 'VERIFIED' : true);
  if (!verified) return { action: 'verify_ownership' };
  return { action: 'register' };
}
