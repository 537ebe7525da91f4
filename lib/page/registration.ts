import { t } from '../i18n';
import type { ErrorInfo, RegisterReply } from '../messages/protocol';
import { nextStepText, refusalText } from '../ui/reply-text';
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

/** Meta's words, its code (when the message does not carry it already), then what to do next. */
export function describeError(info: ErrorInfo): string {
  let text = info.message.trim();
  if (info.code !== undefined && !text.includes(String(info.code))) text += ` (${t('contentMetaCode', [info.code])})`;
  const action = nextStepText(info);
  return action ? `${text} ${action}` : text;
}

export function describeReply(reply: RegisterReply): RegistrationView {
  switch (reply.status) {
    case 'registered':
      return { phase: 'done', tone: 'success', message: t(reply.pinSaved ? 'contentRegisteredPinSaved' : 'contentRegistered') };
    case 'pin_needed':
      return { phase: 'pin', tone: 'info', message: t('contentPinNeeded') };
    case 'failed':
      // A wrong PIN: ask again rather than leaving the person with a dead end.
      return { phase: reply.error.code === WRONG_PIN ? 'pin' : 'error', tone: 'error', message: describeError(reply.error) };
    case 'refused':
      // In the person's language from the reason (the background's English message is only a fallback).
      return { phase: 'error', tone: 'error', message: refusalText(reply, Date.now()) };
  }
}

export function describeFailure(error: unknown): RegistrationView {
  const message = error instanceof InfoError ? describeError(error.info) : t('contentNoReply');
  return { phase: 'error', tone: 'error', message };
}
