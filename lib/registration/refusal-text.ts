/** Why a registration did not start, in words, with the time it may next be tried. */
export function describeRefusal(refusal: { reason: string; until?: number; code?: number }, now: number): string {
  const when = refusal.until !== undefined ? ` Next possible: ${formatWhen(refusal.until, now)}.` : '';
  switch (refusal.reason) {
    case 'budget':
      return `This number used its 10 registration attempts of the last 72 hours (Meta's limit).${when}`;
    case 'auto_budget':
      return `Automatic retries used their 8 attempts of the last 72 hours; 2 are kept for you.${when}`;
    case 'blocked_133016':
      return `Meta blocked registration of this number for 72 hours (error 133016).${when}`;
    case 'cooldown':
      return `A registration was just made or must wait a few minutes.${when}`;
    case 'auto_stopped':
      return `Automatic retry stopped after Meta error ${refusal.code ?? ''}; it needs you.`;
    case 'waiting_for_name':
      return `Waiting for Meta to review the display name before trying again.${when}`;
    case 'backoff':
      return `Meta had a temporary problem; retrying later.${when}`;
    case 'in_flight':
      return 'A registration for this number is already in progress.';
    case 'not_needed':
      return 'This number does not need registration.';
    case 'no_token':
      return 'Save a valid access token in WABA Health settings first.';
    case 'unknown_number':
      return 'This number is not tracked by WABA Health.';
    case 'already_registered':
      return 'Meta already shows this number as registered: nothing was sent.';
    case 'removed':
      return 'This number is no longer in its WhatsApp Business Account.';
    case 'check_failed':
      return 'WABA Health could not check the number with Meta right before registering; it tries again later.';
    case 'rate_limited':
      return `Meta is rate-limiting calls; WABA Health resumes automatically.${when}`;
    default:
      return 'Registration cannot start right now.';
  }
}

function formatWhen(at: number, now: number): string {
  const minutes = Math.max(1, Math.round((at - now) / 60_000));
  const time = `${new Date(at).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  if (minutes < 90) return `in ${minutes} min (${time})`;
  return `in ${Math.round(minutes / 60)} h (${time})`;
}
