import type { MessageKey } from '../i18n';
import type { DisplayNumber, DisplayState, ErrorInfo, RegisterReply } from '../messages/protocol';
import { NEXT_STEP_IDS, type NextStepId } from '../next-step';
import { parseUrl } from '../parse-url';

/**
 * Hand-written validators for what reaches the content script (replies from the background, and the
 * display state mirrored in storage.session, which a compromised page renderer could also write).
 * Deliberately not zod: the full zod is ~15-20 KB gzip, and these shapes are small. Each guard
 * sanitises into the typed shape (drops what does not fit) rather than trusting a cast.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 2000): string | undefined => (typeof v === 'string' && v.length <= max ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const ID = /^\d{1,25}$/;
const TOKEN_STATES = new Set(['none', 'unchecked', 'valid', 'invalid']);
const MANAGER_ORIGIN = 'https://business.facebook.com';

/** Only https links into WhatsApp Manager are ever put in an href (never javascript: or another host). */
export function safeManagerUrl(raw: unknown): string | undefined {
  const s = str(raw);
  if (!s) return undefined;
  const url = parseUrl(s);
  return url?.origin === MANAGER_ORIGIN ? url.href : undefined;
}

function reasons(raw: unknown): DisplayNumber['reasons'] {
  if (!Array.isArray(raw)) return [];
  const out: DisplayNumber['reasons'] = [];
  for (const r of raw.slice(0, 20)) {
    if (!isObj(r)) continue;
    const code = str(r.code, 64);
    if (!code) continue;
    out.push({
      code,
      value: str(r.value, 200),
      entity: str(r.entity, 64),
      detail: str(r.detail),
      solution: str(r.solution),
      errorCode: num(r.errorCode),
    });
  }
  return out;
}

function displayNumber(raw: unknown): DisplayNumber | null {
  if (!isObj(raw)) return null;
  const id = str(raw.id, 25);
  const wabaId = str(raw.wabaId, 64);
  const health = str(raw.health, 32);
  if (!id || !ID.test(id) || wabaId === undefined || !health) return null;
  return {
    id,
    wabaId,
    displayPhoneNumber: str(raw.displayPhoneNumber, 64),
    verifiedName: str(raw.verifiedName, 200),
    health,
    reasons: reasons(raw.reasons),
    decision: str(raw.decision, 64) ?? 'none',
    lastReadAt: num(raw.lastReadAt),
    stale: raw.stale === true,
    managerUrl: safeManagerUrl(raw.managerUrl) ?? '',
  };
}

export function parseDisplayState(raw: unknown): DisplayState | null {
  if (!isObj(raw) || !Array.isArray(raw.numbers)) return null;
  const tokenState = str(raw.tokenState, 16);
  if (!tokenState || !TOKEN_STATES.has(tokenState)) return null;
  const numbers: DisplayNumber[] = [];
  for (const n of raw.numbers) {
    const parsed = displayNumber(n);
    if (parsed) numbers.push(parsed);
  }
  return { tokenState: tokenState as DisplayState['tokenState'], numbers };
}

const KEY = /^[A-Za-z0-9_]{1,64}$/;
const NEXT_STEPS: ReadonlySet<string> = new Set(NEXT_STEP_IDS);

/** Ids as ids (a catalogue key, a next step the content script knows), Meta's words as bounded text. */
export function parseErrorInfo(raw: unknown): ErrorInfo | null {
  if (!isObj(raw)) return null;
  const problem = str(raw.problem, 64);
  const nextStep = str(raw.nextStep, 32);
  const values = Array.isArray(raw.values) ? raw.values.slice(0, 5).map((v) => str(v, 200) ?? '') : undefined;
  const info: ErrorInfo = {
    problem: problem && KEY.test(problem) ? (problem as MessageKey) : undefined,
    values,
    metaMessage: str(raw.metaMessage),
    nextStep: nextStep && NEXT_STEPS.has(nextStep) ? (nextStep as NextStepId) : undefined,
    code: num(raw.code),
    subcode: num(raw.subcode),
    fbtraceId: str(raw.fbtraceId, 200),
    kind: str(raw.kind, 64),
  };
  // An error that says nothing (no text, code or kind) is not one.
  return info.problem || info.metaMessage || info.code !== undefined || info.kind ? info : null;
}

export function parseRegisterReply(raw: unknown): RegisterReply | null {
  if (!isObj(raw)) return null;
  switch (raw.status) {
    case 'registered':
      // generatedPin is never sent to a content script; ignore it even if present.
      return { status: 'registered', pinSaved: raw.pinSaved === true || undefined };
    case 'pin_needed':
      return { status: 'pin_needed' };
    case 'failed': {
      const error = parseErrorInfo(raw.error);
      return error ? { status: 'failed', error } : null;
    }
    case 'refused':
      return { status: 'refused', reason: str(raw.reason, 64) ?? '', until: num(raw.until) };
    default:
      return null;
  }
}

/** The background's envelope: `{ ok: true, data }` or `{ ok: false, error }`. */
export function parseReply(raw: unknown): { ok: true; data: unknown } | { ok: false; error: ErrorInfo } | null {
  if (!isObj(raw)) return null;
  if (raw.ok === true && 'data' in raw) return { ok: true, data: raw.data };
  if (raw.ok === false) {
    const error = parseErrorInfo(raw.error);
    return error ? { ok: false, error } : null;
  }
  return null;
}
