/**
 * GraphError: the one error type the Graph client throws or returns, whether Meta answered with an error
 * or the request failed locally. Serialisable with toJSON()/GraphError.fromJSON() for storage and
 * runtime messages. Text fields are token-redacted by the client before an error is built.
 */
import * as z from 'zod/mini';
import type { GraphUsage } from './usage';

/**
 * What the caller should do:
 * - auth: the token is invalid/expired -> ask for a new token, never retry;
 * - permission: token lacks a permission or asset access -> fix in Business settings;
 * - rate_limit: wait `retryAfterMs`, then retry;
 * - transient: retry with backoff;
 * - user_action: the request or the account state needs a human (show Meta's message).
 */
export const GRAPH_ERROR_KINDS = ['auth', 'permission', 'rate_limit', 'transient', 'user_action'] as const;
export type GraphErrorKind = (typeof GRAPH_ERROR_KINDS)[number];

/**
 * Failures detected on our side (no Meta error envelope). Their `message` is a developer note in English
 * (for logs and tests), never shown: people read the catalogue text of the cause (lib/error-info.ts), and
 * a stored error keeps the cause, not the note (lib/errors-for-people.ts).
 *
 * - network: fetch rejected; timeout: no complete answer in time (incl. batch items Meta left `null`);
 * - bad_response: not JSON (HTML page), truncated, or not the expected shape;
 * - invalid_input: refused before any request (bad id, PIN, code...);
 * - unsafe_url: a URL that would carry the token off the Graph origin (e.g. a foreign `paging.next`).
 */
export const GRAPH_LOCAL_CAUSES = ['network', 'timeout', 'bad_response', 'invalid_input', 'unsafe_url'] as const;
export type GraphLocalCause = (typeof GRAPH_LOCAL_CAUSES)[number];

const AUTH_CODES = new Set([0, 102, 190]);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613, 80007, 80008, 130429]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004]);

export interface ClassifyInput {
  code?: number;
  httpStatus?: number;
  local?: GraphLocalCause;
  /** Meta's `is_transient`; only consulted for codes with no rule of their own. */
  isTransient?: boolean;
}

/**
 * Decides the kind of an error. Precedence: local cause, then Meta's `code`, then the HTTP status.
 * auth = 0, 102, 190; permission = 10, 200-299; rate_limit = 4, 17, 32, 341, 613, 80007, 80008, 130429;
 * transient = 1, 2, 131000, 131016, 133004, network/timeout/bad_response, HTTP 5xx without a code;
 * user_action = everything else (100, 131031, 133005, 133006, 133010, 133016, ...).
 */
export function classifyGraphError(input: ClassifyInput): GraphErrorKind {
  const { code, httpStatus, local, isTransient } = input;
  if (local === 'network' || local === 'timeout' || local === 'bad_response') return 'transient';
  if (local === 'invalid_input' || local === 'unsafe_url') return 'user_action';
  if (code !== undefined) {
    if (AUTH_CODES.has(code)) return 'auth';
    if (code === 10 || (code >= 200 && code <= 299)) return 'permission';
    if (RATE_LIMIT_CODES.has(code)) return 'rate_limit';
    if (TRANSIENT_CODES.has(code)) return 'transient';
    return isTransient === true ? 'transient' : 'user_action';
  }
  if (httpStatus !== undefined) {
    if (httpStatus >= 500 && httpStatus <= 599) return 'transient';
    if (httpStatus === 429) return 'rate_limit';
    if (httpStatus === 401) return 'auth';
    if (httpStatus === 403) return 'permission';
  }
  return isTransient === true ? 'transient' : 'user_action';
}

export interface GraphErrorInit {
  /** Derived with classifyGraphError when omitted. */
  kind?: GraphErrorKind;
  /** Meta's words (its `message`), or '' when Meta gave none; for a `local` failure, a developer note. */
  message: string;
  httpStatus?: number;
  code?: number;
  subcode?: number;
  type?: string;
  userTitle?: string;
  userMessage?: string;
  fbtraceId?: string;
  details?: string;
  isTransient?: boolean;
  retryAfterMs?: number;
  local?: GraphLocalCause;
  usage?: GraphUsage;
}

/** Plain-object form of a GraphError (structured-clone and JSON safe). Absent members are omitted. */
export interface GraphErrorJSON extends Omit<GraphErrorInit, 'kind'> {
  name: 'GraphError';
  kind: GraphErrorKind;
}

const UsageJSONSchema = z.object({
  app: z.optional(z.object({ callCount: z.optional(z.number()), totalTime: z.optional(z.number()), totalCputime: z.optional(z.number()) })),
  business: z.array(
    z.object({
      objectId: z.string(),
      type: z.optional(z.string()),
      callCount: z.optional(z.number()),
      totalCputime: z.optional(z.number()),
      totalTime: z.optional(z.number()),
      estimatedTimeToRegainAccessMinutes: z.optional(z.number()),
    }),
  ),
  maxPercent: z.number(),
  regainAccessMs: z.number(),
  observedAt: z.number(),
});

const GraphErrorJSONSchema = z.object({
  name: z.literal('GraphError'),
  kind: z.enum(GRAPH_ERROR_KINDS),
  message: z.string(),
  httpStatus: z.optional(z.number()),
  code: z.optional(z.number()),
  subcode: z.optional(z.number()),
  type: z.optional(z.string()),
  userTitle: z.optional(z.string()),
  userMessage: z.optional(z.string()),
  fbtraceId: z.optional(z.string()),
  details: z.optional(z.string()),
  isTransient: z.optional(z.boolean()),
  retryAfterMs: z.optional(z.number()),
  local: z.optional(z.enum(GRAPH_LOCAL_CAUSES)),
  usage: z.catch(z.optional(UsageJSONSchema), undefined),
});

export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly kind: GraphErrorKind;
  readonly httpStatus?: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly type?: string;
  readonly userTitle?: string;
  readonly userMessage?: string;
  readonly fbtraceId?: string;
  /** `error_data.details` (WhatsApp errors): Meta advises keying logic on code + details. */
  readonly details?: string;
  readonly isTransient?: boolean;
  /** For rate_limit errors: how long to wait before retrying. */
  readonly retryAfterMs?: number;
  /** Set for failures detected locally (no Meta error envelope). */
  readonly local?: GraphLocalCause;
  /** Usage headers of the response that produced this error, if any. */
  readonly usage?: GraphUsage;

  constructor(init: GraphErrorInit) {
    super(init.message);
    this.kind = init.kind ?? classifyGraphError(init);
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.code !== undefined) this.code = init.code;
    if (init.subcode !== undefined) this.subcode = init.subcode;
    if (init.type !== undefined) this.type = init.type;
    if (init.userTitle !== undefined) this.userTitle = init.userTitle;
    if (init.userMessage !== undefined) this.userMessage = init.userMessage;
    if (init.fbtraceId !== undefined) this.fbtraceId = init.fbtraceId;
    if (init.details !== undefined) this.details = init.details;
    if (init.isTransient !== undefined) this.isTransient = init.isTransient;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.local !== undefined) this.local = init.local;
    if (init.usage !== undefined) this.usage = init.usage;
  }

  /** Worth retrying automatically (after `retryAfterMs` for rate limits). */
  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rate_limit';
  }

  toJSON(): GraphErrorJSON {
    const json: GraphErrorJSON = { name: 'GraphError', kind: this.kind, message: this.message };
    if (this.httpStatus !== undefined) json.httpStatus = this.httpStatus;
    if (this.code !== undefined) json.code = this.code;
    if (this.subcode !== undefined) json.subcode = this.subcode;
    if (this.type !== undefined) json.type = this.type;
    if (this.userTitle !== undefined) json.userTitle = this.userTitle;
    if (this.userMessage !== undefined) json.userMessage = this.userMessage;
    if (this.fbtraceId !== undefined) json.fbtraceId = this.fbtraceId;
    if (this.details !== undefined) json.details = this.details;
    if (this.isTransient !== undefined) json.isTransient = this.isTransient;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    if (this.local !== undefined) json.local = this.local;
    if (this.usage !== undefined) json.usage = structuredClone(this.usage);
    return json;
  }

  /** Rebuilds a GraphError from toJSON() output (e.g. read back from storage); undefined if not one. */
  static fromJSON(value: unknown): GraphError | undefined {
    const parsed = GraphErrorJSONSchema.safeParse(value);
    if (!parsed.success) return undefined;
    const { name: _name, usage, ...rest } = parsed.data;
    return new GraphError(usage ? { ...rest, usage } : rest);
  }

  /** Copy with every text member passed through `redact` (messages may echo request data). */
  withRedaction(redact: (text: string) => string): GraphError {
    const { name: _name, ...json } = this.toJSON();
    const scrub = (text: string | undefined) => (text === undefined ? undefined : redact(text));
    return new GraphError({
      ...json,
      message: redact(json.message),
      type: scrub(json.type),
      userTitle: scrub(json.userTitle),
      userMessage: scrub(json.userMessage),
      fbtraceId: scrub(json.fbtraceId),
      details: scrub(json.details),
    });
  }
}

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof GraphError;
}

/** Error refused before any request is made (kind user_action, local cause invalid_input); `note` is for developers. */
export function invalidInput(note: string): GraphError {
  return new GraphError({ message: note, local: 'invalid_input' });
}
