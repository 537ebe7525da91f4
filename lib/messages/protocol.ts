import * as z from 'zod/mini';
import '../zod-en';
import { DEFAULT_GRAPH_API_VERSION, isValidGraphVersion, MIN_GRAPH_API_VERSION } from '../graph/config';
import type { MigrationStatus } from '../storage/migration-runner';

/**
 * The one message protocol between popup, options page, content script and background.
 * Every request is validated with zod in the background; every handler checks the sender's role.
 * The content script may only use CONTENT_SCRIPT_REQUESTS and never receives the token or PINs.
 */
const phoneId = z.string().check(z.regex(/^\d{1,25}$/, 'Unknown phone number id.'));
const pin = z.string().check(z.maxLength(32));

export const SettingsPatchSchema = z.partial(
  z.strictObject({
    autoRetry: z.boolean(),
    intervalMinutes: z.number().check(z.int(), z.gte(5), z.lte(60)),
    notify: z.partial(z.object({ stuck: z.boolean(), blocked: z.boolean(), registered: z.boolean(), token: z.boolean() })),
    // The Graph client's own rule (lib/graph/config.ts): a version it would refuse is never stored.
    graphVersion: z
      .string()
      .check(
        z.refine(
          isValidGraphVersion,
          `A Graph API version looks like ${DEFAULT_GRAPH_API_VERSION} and is ${MIN_GRAPH_API_VERSION} or later.`,
        ),
      ),
  }),
);
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const requestSchemas = {
  ping: z.object({ type: z.literal('ping') }),
  checkNow: z.object({ type: z.literal('checkNow') }),
  completeRegistration: z.object({ type: z.literal('completeRegistration'), phoneId, pin: z.optional(pin) }),
  setPin: z.object({ type: z.literal('setPin'), phoneId, pin }),
  saveToken: z.object({ type: z.literal('saveToken'), token: z.string().check(z.maxLength(4096)) }),
  removeToken: z.object({ type: z.literal('removeToken') }),
  updateSettings: z.object({ type: z.literal('updateSettings'), patch: SettingsPatchSchema }),
  addWaba: z.object({ type: z.literal('addWaba'), wabaId: z.string().check(z.maxLength(64)) }),
  getDisplayState: z.object({ type: z.literal('getDisplayState') }),
  dismissNumber: z.object({ type: z.literal('dismissNumber'), phoneId }),
  /** Extension pages only: removes everything stored (token, PINs, numbers, accounts, history, settings). */
  forgetAll: z.object({ type: z.literal('forgetAll') }),
  /** Extension pages only: how the storage migration of this worker went (lib/storage/migration-runner.ts). */
  getMigrationStatus: z.object({ type: z.literal('getMigrationStatus') }),
  retryMigration: z.object({ type: z.literal('retryMigration') }),
} as const;

export type RequestType = keyof typeof requestSchemas;
export type RequestOf<T extends RequestType> = z.infer<(typeof requestSchemas)[T]>;
export type AnyRequest = { [T in RequestType]: RequestOf<T> }[RequestType];

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
  | { status: 'refused'; reason: string; until?: number; message: string };

/** What the background answers for each request type. */
export interface ResponseMap {
  ping: { pong: true };
  checkNow: { status: string; calls?: number; numbers?: number; reason?: string };
  completeRegistration: RegisterReply;
  setPin: { ok: true };
  saveToken: { ok: true };
  removeToken: { ok: true };
  updateSettings: { ok: true };
  addWaba: { ok: true };
  getDisplayState: DisplayState;
  dismissNumber: { ok: true };
  forgetAll: { ok: true };
  getMigrationStatus: MigrationStatus;
  retryMigration: MigrationStatus;
}

/** Requests a content script on WhatsApp Manager may send. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set<RequestType>(['ping', 'getDisplayState', 'completeRegistration']);

/** An error shaped for people: what happened, Meta's code when there is one, and what to do next. */
export const ErrorInfoSchema = z.object({
  message: z.string(),
  action: z.optional(z.string()),
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

const RequestSchema = z.discriminatedUnion('type', [
  requestSchemas.ping,
  requestSchemas.checkNow,
  requestSchemas.completeRegistration,
  requestSchemas.setPin,
  requestSchemas.saveToken,
  requestSchemas.removeToken,
  requestSchemas.updateSettings,
  requestSchemas.addWaba,
  requestSchemas.getDisplayState,
  requestSchemas.dismissNumber,
  requestSchemas.forgetAll,
  requestSchemas.getMigrationStatus,
  requestSchemas.retryMigration,
]);

export function parseRequest(raw: unknown): { ok: true; request: AnyRequest } | { ok: false; error: ErrorInfo } {
  const parsed = RequestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, request: parsed.data };
  const issue = parsed.error.issues[0];
  const message = issue?.message && !issue.message.startsWith('Invalid') ? issue.message : 'Malformed request.';
  return { ok: false, error: { message, kind: 'bad_request' } };
}

/** Thrown on the calling side when the background answers `{ ok: false }`. */
export class RequestFailedError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'RequestFailedError';
    this.info = info;
  }
}
