import { t } from '../i18n';
import type { RegisterReply } from '../messages/protocol';
import { errorText, refusalText } from '../ui/reply-text';
import { InfoError } from '../info-error';

/**
 * What the page shows after a "Complete registration" attempt: the same outcomes as the popup
 * (registered, PIN needed, failed with Meta's code and what to do, refused by the retry policy).
 */
export type RegistrationPhase = 'idle' | 'busy' | 'pin' | 'done' | 'error';

export interface RegistrationView {
  phase: RegistrationPhase;
  message: string;
  tone: 'info' | 'success' | 'error';
}

const WRONG_PIN = 133005;

export function describeReply(reply: RegisterReply): RegistrationView {
  switch (reply.status) {
    case 'registered':
      return { phase: 'done', tone: 'success', message: t(reply.pinSaved ? 'contentRegisteredPinSaved' : 'contentRegistered') };
    case 'pin_needed':
      return { phase: 'pin', tone: 'info', message: t('contentPinNeeded') };
    case 'failed':
      // A wrong PIN: ask again rather than leaving the person with a dead end.
      return { phase: reply.error.code === WRONG_PIN ? 'pin' : 'error', tone: 'error', message: errorText(reply.error) };
    case 'refused':
      // In the person's language from the reason.
      return { phase: 'error', tone: 'error', message: refusalText(reply, Date.now()) };
  }
}

export function describeFailure(error: unknown): RegistrationView {
  const message = error instanceof InfoError ? errorText(error.info) : t('contentNoReply');
  return { phase: 'error', tone: 'error', message };
}
