import { isGraphError } from './graph/errors';
import type { ErrorInfo } from './messages/protocol';
import { type NextStepId, nextStepId } from './next-step';
import type { StoredError } from './storage/schemas';

/**
 * Turns a failure into what a person needs: what happened (Meta's own words when it gave some), Meta's
 * code, and what to do next. Never includes the token (Graph errors are redacted at the source).
 */
/** The background's English words (it does not bundle the translation catalogues). */
const NEXT_STEP_TEXT: Record<NextStepId, string> = {
  certificate:
    'Meta cannot create the certificate yet, usually because the display name is still under review. WABA Health retries when the review moves (or in 12 hours). If the name was rejected, edit it in WhatsApp Manager.',
  wrongPin:
    'The two-step verification PIN does not match. Enter the PIN set for this number (WhatsApp Manager > Phone numbers > Two-step verification), or reset it there.',
  reverify: 'Meta needs the number verified again. Request and enter a new verification code in WhatsApp Manager, then retry.',
  blocked72h:
    'Meta allows 10 registration attempts per 72 hours and this number reached the limit. Nothing can be done until the block lifts; WABA Health waits for it.',
  recentlyDeleted: 'The number was deleted recently. Wait 5 minutes, then retry.',
  notRegistered: 'The number is not registered with WhatsApp Business yet. Complete registration.',
  locked: 'Meta has locked this business account. Open WhatsApp Manager (Account quality) to see why and appeal.',
  auth: 'Meta no longer accepts this access token. Generate a new one (Business settings > System users) and save it in WABA Health settings.',
  permission:
    'The token lacks a permission or access to this asset. Give the system user access to the WhatsApp account with whatsapp_business_management and whatsapp_business_messaging, then save the token again.',
  rateLimit: 'Meta is rate-limiting calls. WABA Health pauses and resumes automatically when Meta allows it.',
  transient: 'A temporary problem at Meta or on the network. WABA Health retries automatically; you can also retry later.',
};

export function nextStep(error: StoredError): string {
  const id = nextStepId(error);
  return id ? NEXT_STEP_TEXT[id] : 'Check the details in WhatsApp Manager, fix what Meta reports, then retry.';
}

/** One line a person can read: Meta's user-facing text when present, else its message. */
export function whatHappened(error: StoredError): string {
  const title = error.userTitle?.trim();
  const body = (error.userMessage ?? error.message ?? '').trim();
  const text = title && body && !body.startsWith(title) ? `${title}: ${body}` : body || title || 'Unknown error';
  return error.code !== undefined ? `${text} (Meta error ${error.code}${error.subcode ? `/${error.subcode}` : ''})` : text;
}

export function toErrorInfo(error: StoredError): ErrorInfo {
  return {
    message: whatHappened(error),
    action: nextStep(error),
    code: error.code,
    subcode: error.subcode,
    fbtraceId: error.fbtraceId,
    kind: error.kind,
  };
}

/** A GraphError (or its JSON) as stored: plain, token-free, timestamped. */
export function storedError(error: unknown, at: number): StoredError {
  if (isGraphError(error)) {
    const { usage: _usage, name: _name, ...rest } = error.toJSON();
    return { ...rest, at };
  }
  const message = error instanceof Error ? error.message : 'Unexpected error';
  return { kind: 'internal', message, at };
}
