import { classify, type HealthInput } from '../health/classify';

/**
 * Whether to call POST /{phone-number-id}/register. Pure; tested row by row.
 * register  <=> the number is `stuck` (registration incomplete) and its display name is not DECLINED/EXPIRED.
 * Unlike the seed system, a provisioned number is never registered, whatever its code_verification_status
 * (EXPIRED is normal 14 days after the OTP), and name review is taken into account.
 */
export type RegistrationDecision =
  | { action: 'register' }
  | { action: 'fix_display_name'; nameStatus: string }
  | { action: 'none'; why: 'never_read' | 'blocked' | 'not_stuck' };

const NAME_NEEDS_FIX: ReadonlySet<string> = new Set(['DECLINED', 'EXPIRED']);

export function decideRegistration(snapshot: (HealthInput & { name_status?: string | null }) | null | undefined): RegistrationDecision {
  const { health } = classify(snapshot);
  if (health === 'unknown') return { action: 'none', why: 'never_read' };
  if (health === 'blocked') return { action: 'none', why: 'blocked' };
  if (health !== 'stuck') return { action: 'none', why: 'not_stuck' };
  const nameStatus = snapshot?.name_status?.toUpperCase();
  if (nameStatus && NAME_NEEDS_FIX.has(nameStatus)) return { action: 'fix_display_name', nameStatus };
  return { action: 'register' };
}
