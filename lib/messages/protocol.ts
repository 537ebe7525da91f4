import * as z from 'zod/mini';
import { DEFAULT_GRAPH_API_VERSION, isValidGraphVersion, MIN_GRAPH_API_VERSION } from '../graph/config';
import type { SweepResult } from '../engine/deps';
import type { MessageKey } from '../i18n';
import { NEXT_STEP_IDS } from '../next-step';
import type { MigrationStatus } from '../storage/migration-runner';

/**
 * The one message protocol between popup, options page, content script, PIN frame and background:
 * PROTOCOL below declares each message once. Every request is validated with zod in the background and
 * every handler checks the sender's role. The content script never receives the token or PINs.
 */
// Issue messages are catalogue keys (ISSUE_PROBLEMS below turns them into a reply's problem).
const phoneId = z.string().check(z.regex(/^\d{1,25}$/, 'errUnknownNumber'));
const pin = z.string().check(z.maxLength(32));

export const SettingsPatchSchema = z.partial(
  z.strictObject({
    autoRetry: z.boolean(),
    intervalMinutes: z.number().check(z.int(), z.gte(5), z.lte(60)),
    notify: z.partial(z.object({ stuck: z.boolean(), blocked: z.boolean(), registered: z.boolean(), token: z.boolean() })),
    // The Graph client's own rule (lib/graph/config.ts): a version it would refuse is never stored.
    graphVersion: z.string().check(z.refine(isValidGraphVersion, 'optionsGraphVersionInvalid')),
  }),
);
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** Who may send a message (lib/messages/sender.ts classifies a sender into one of these, or none). */
export type SenderRole = 'extension_page' | 'content_script' | 'pin_frame';

/**
 * One message of the protocol, declared once: its request schema, the roles that may send it, and (as a
 * type only) its reply. Everything else is derived from PROTOCOL: the request union the background
 * validates, the per-role allow-lists, and the typed replies of every `send()`.
 */
interface MessageDef<S extends z.ZodMiniType, R> {
  schema: S;
  roles: readonly SenderRole[];
  /** Phantom: the reply type (never set at run time). */
  reply?: R;
}
const message =
  <R>() =>
  <S extends z.ZodMiniType>(schema: S, roles: readonly SenderRole[]): MessageDef<S, R> => ({ schema, roles });

const PAGES = ['extension_page'] as const;
const request = <T extends string, F extends Record<string, z.core.SomeType> = Record<never, never>>(type: T, fields?: F) =>
  z.object({ type: z.literal(type), ...(fields ?? ({} as F)) });

export const PROTOCOL = {
  ping: message<{ pong: true }>()(request('ping'), ['extension_page', 'content_script']),
  /** The engine's exact sweep result (lib/engine/deps.ts SweepResult). */
  checkNow: message<SweepResult>()(request('checkNow'), PAGES),
  /** The content script may not send a PIN (it is typed in the PIN frame): see roleMayRequest. */
  completeRegistration: message<RegisterReply>()(request('completeRegistration', { phoneId, pin: z.optional(pin) }), [
    'extension_page',
    'content_script',
    'pin_frame',
  ]),
  setPin: message<{ ok: true }>()(request('setPin', { phoneId, pin }), PAGES),
  /** Ownership verification (lib/engine/verify.ts): Meta sends a code by SMS or voice call, in `language` (e.g. en_US). */
  // The Graph client checks the language's shape (en, en_US) and the code's 6 digits again before any call.
  requestCode: message<{ ok: true }>()(
    request('requestCode', { phoneId, method: z.enum(['SMS', 'VOICE']), language: z.string().check(z.maxLength(8)) }),
    PAGES,
  ),
  /** The code the person received: in this message and the POST body only, never stored. */
  verifyCode: message<{ ok: true }>()(request('verifyCode', { phoneId, code: z.string().check(z.regex(/^\d{6}$/)) }), PAGES),
  saveToken: message<{ ok: true }>()(request('saveToken', { token: z.string().check(z.maxLength(4096)) }), PAGES),
  removeToken: message<{ ok: true }>()(request('removeToken'), PAGES),
  updateSettings: message<{ ok: true }>()(request('updateSettings', { patch: SettingsPatchSchema }), PAGES),
  addWaba: message<{ ok: true }>()(request('addWaba', { wabaId: z.string().check(z.maxLength(64)) }), PAGES),
  /** Every tracked number, or one WABA's (a WhatsApp Manager page shows one WABA). */
  getDisplayState: message<DisplayState>()(request('getDisplayState', { wabaId: z.optional(z.string().check(z.regex(/^\d{1,25}$/))) }), [
    'extension_page',
    'content_script',
  ]),
  dismissNumber: message<{ ok: true }>()(request('dismissNumber', { phoneId }), PAGES),
  /** Removes everything stored (token, PINs, numbers, accounts, history, settings). */
  forgetAll: message<{ ok: true }>()(request('forgetAll'), PAGES),
  /** How the storage migration of this worker went (lib/storage/migration-runner.ts), and a new run. */
  getMigrationStatus: message<MigrationStatus>()(request('getMigrationStatus'), PAGES),
  retryMigration: message<MigrationStatus>()(request('retryMigration'), PAGES),
};

export type RequestType = keyof typeof PROTOCOL;
export type RequestOf<T extends RequestType> = z.infer<(typeof PROTOCOL)[T]['schema']>;
export type AnyRequest = { [T in RequestType]: RequestOf<T> }[RequestType];
/** What the background answers for each request type. */
export type ResponseMap = { [T in RequestType]: NonNullable<(typeof PROTOCOL)[T]['reply']> };

const REQUEST_TYPES = Object.keys(PROTOCOL) as RequestType[];

/** The requests a role may send (derived from PROTOCOL). */
export function requestsFor(role: SenderRole): ReadonlySet<RequestType> {
  return new Set(REQUEST_TYPES.filter((type) => (PROTOCOL[type].roles as readonly SenderRole[]).includes(role)));
}

/** What a number looks like to the content script and the popup list: display data only. */
export interface DisplayNumber {
  id: string;
  wabaId: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
  health: string;
  reasons: Array<{ code: string; value?: string; entity?: string; detail?: string; solution?: string; errorCode?: number }>;
  decision: string;
  lastReadAt?: number;
  stale: boolean;
  managerUrl: string;
}

export interface DisplayState {
  tokenState: 'none' | 'unchecked' | 'valid' | 'invalid';
  numbers: DisplayNumber[];
}

export type RegisterReply =
  | { status: 'registered'; generatedPin?: string; pinSaved?: boolean }
  | { status: 'failed'; error: ErrorInfo }
  | { status: 'pin_needed' }
  /** Words for each reason: the catalogues (lib/ui/reply-text.ts refusalText). */
  | { status: 'refused'; reason: string; until?: number };

/**
 * A failure shaped for people, by ids and values, never our sentences: what happened (`problem`, a catalogue
 * key with its `values`, or Meta's own words in `metaMessage`), Meta's code, and what to do next (`nextStep`).
 * Words: lib/error-info.ts.
 */
export const ErrorInfoSchema = z.object({
  problem: z.optional(z.custom<MessageKey>((v) => typeof v === 'string')),
  values: z.optional(z.array(z.string())),
  /** Meta's own words (data from Meta, in the language Meta answered in). */
  metaMessage: z.optional(z.string()),
  nextStep: z.optional(z.enum(NEXT_STEP_IDS)),
  /** Meta's words for how long to wait before the next attempt (its `details` of 133008/133009). */
  wait: z.optional(z.string()),
  code: z.optional(z.number()),
  subcode: z.optional(z.number()),
  fbtraceId: z.optional(z.string()),
  kind: z.optional(z.string()),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

export const ReplySchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
]);

const RequestSchema = z.discriminatedUnion(
  'type',
  REQUEST_TYPES.map((type) => PROTOCOL[type].schema) as unknown as [z.ZodMiniObject, ...z.ZodMiniObject[]],
);

export function parseRequest(raw: unknown): { ok: true; request: AnyRequest } | { ok: false; error: ErrorInfo } {
  const parsed = RequestSchema.safeParse(raw);
  // The union is built from PROTOCOL at run time, so its static type is the general object's.
  if (parsed.success) return { ok: true, request: parsed.data as AnyRequest };
  const problem = ISSUE_PROBLEMS[parsed.error.issues[0]?.message ?? ''] ?? { problem: 'errBadRequest' };
  return { ok: false, error: { ...problem, kind: 'bad_request' } };
}

/** The schema checks whose message is a catalogue key; any other issue is errBadRequest. */
const ISSUE_PROBLEMS: Partial<Record<string, Pick<ErrorInfo, 'problem' | 'values'>>> = {
  errUnknownNumber: { problem: 'errUnknownNumber' },
  optionsGraphVersionInvalid: { problem: 'optionsGraphVersionInvalid', values: [DEFAULT_GRAPH_API_VERSION, MIN_GRAPH_API_VERSION] },
};
