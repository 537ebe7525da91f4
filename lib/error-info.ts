import type { MessageKey } from './i18n';
import { InfoError } from './info-error';
import type { ErrorInfo } from './messages/protocol';
import { type NextStepId, nextStepId } from './next-step';
import type { Text, Words } from './text';

/**
 * Failures for people, by ids: what happened and what to do next as texts of the catalogues
 * (public/_locales), with Meta's own words passed through as data. Shared by the background (which renders
 * with browser.i18n), the pages and the content script (which render with `t()`: lib/ui/reply-text.ts).
 * No zod, no Graph code: the content script bundles this. Never includes the token (Graph errors are
 * redacted at the source).
 */

/** What a stored failure (lib/storage/schemas.ts StoredError) or a GraphError itself says. */
export interface ErrorFacts {
  kind?: string;
  message?: string;
  code?: number;
  subcode?: number;
  userTitle?: string;
  userMessage?: string;
  fbtraceId?: string;
  httpStatus?: number;
  /** Meta's `error_data.details` (for 133008/133009: how long to wait). */
  details?: string;
  /** The Graph client's cause of a local failure (no answer from Meta): `message` is then a developer note. */
  local?: unknown;
}

/** Local failures of the Graph client: their words are ours, by cause (their `message` is never shown). */
const LOCAL_PROBLEMS: Partial<Record<string, MessageKey>> = {
  network: 'errGraphNetwork',
  timeout: 'errGraphTimeout',
  bad_response: 'errGraphBadResponse',
  invalid_input: 'errGraphInvalidInput',
  unsafe_url: 'errGraphUnsafeUrl',
};

const NEXT_STEP_KEYS: Record<NextStepId, MessageKey> = {
  certificate: 'uiNextCertificate',
  wrongPin: 'uiNextWrongPin',
  reverify: 'uiNextReverify',
  alreadyVerified: 'uiNextAlreadyVerified',
  wrongCode: 'uiNextWrongCode',
  tooManyAttempts: 'uiNextTooManyAttempts',
  blocked72h: 'uiNextBlocked72h',
  recentlyDeleted: 'uiNextRecentlyDeleted',
  notRegistered: 'uiNextNotRegistered',
  locked: 'uiNextLocked',
  auth: 'uiNextAuth',
  permission: 'uiNextPermission',
  rateLimit: 'uiNextRateLimit',
  transient: 'uiNextTransient',
  checkDetails: 'uiNextCheckDetails',
};

/** Meta's user-facing text when present, else its message: Meta's words, as Meta gave them. */
function metaWords(e: ErrorFacts): string | undefined {
  const title = e.userTitle?.trim();
  const body = (e.userMessage || e.message || '').trim();
  return (title && body && !body.startsWith(title) ? `${title}: ${body}` : body || title) || undefined;
}

/** A stored failure (or a GraphError) as ErrorInfo: ids, Meta's code and Meta's own words. */
export function storedErrorInfo(e: ErrorFacts): ErrorInfo {
  const local = typeof e.local === 'string' ? LOCAL_PROBLEMS[e.local] : undefined;
  const problem = local ?? (e.kind === 'internal' ? 'errUnexpected' : undefined);
  const meta = problem ? undefined : metaWords(e);
  const info: ErrorInfo = {};
  if (problem) info.problem = problem;
  else if (meta !== undefined) info.metaMessage = meta;
  else if (e.httpStatus !== undefined) {
    info.problem = 'errMetaNoWords';
    info.values = [String(e.httpStatus)];
  }
  const next = nextStepId(e);
  if (next) info.nextStep = next;
  if (next === 'tooManyAttempts' && e.details) info.wait = e.details;
  if (e.code !== undefined) info.code = e.code;
  if (e.subcode !== undefined) info.subcode = e.subcode;
  if (e.fbtraceId !== undefined) info.fbtraceId = e.fbtraceId;
  if (e.kind !== undefined) info.kind = e.kind;
  return info;
}

/** Any thrown value as ErrorInfo: an InfoError's own, a GraphError's facts, else "unexpected". */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof InfoError) return error.info;
  // Known by name: the content script does not bundle the Graph client.
  if (error instanceof Error && error.name === 'GraphError') return storedErrorInfo(error as ErrorFacts);
  return { problem: 'errUnexpected', kind: 'internal' };
}

/** What happened: our text or Meta's words, always with Meta's code when there is one (never twice). */
export function problemWords(info: ErrorInfo): Words {
  const head: Words = info.problem ? { key: info.problem, subs: info.values } : info.metaMessage?.trim() || { key: 'uiErrorUnknown' };
  if (info.code === undefined || (typeof head === 'string' && head.includes(String(info.code)))) return head;
  return { key: 'uiWithMetaCode', subs: [head, `${info.code}${info.subcode ? `/${info.subcode}` : ''}`] };
}

/** What to do next, when the failure has a next step (with Meta's wait, when it gave one). */
export function nextStepWords(info: Pick<ErrorInfo, 'nextStep' | 'wait'>): Text | undefined {
  const key = info.nextStep ? NEXT_STEP_KEYS[info.nextStep] : undefined;
  if (!key) return undefined;
  return info.wait ? { key: 'uiNextTooManyAttemptsWait', subs: [info.wait] } : { key };
}
