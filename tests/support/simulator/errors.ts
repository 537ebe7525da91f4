// Meta Graph API error envelope and the catalogue of errors the simulator emits.
// Shapes follow graph-api.md §6.1; messages are Meta's where known (see comments where they are not).

import { randomBytes } from 'node:crypto';

export interface ErrorSpec {
  code: number;
  message: string;
  type?: string; // default OAuthException
  subcode?: number;
  status?: number; // HTTP status; default derived from the code
  transient?: boolean;
  userTitle?: string;
  userMsg?: string;
  /** WhatsApp errors carry error_data { messaging_product, details }. */
  details?: string;
  /** rate-limit errors: minutes reported in X-Business-Use-Case-Usage.estimated_time_to_regain_access */
  regainMinutes?: number;
}

export interface GraphErrorBody {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
  error_data?: { messaging_product: 'whatsapp'; details: string };
  fbtrace_id: string;
}

export class GraphError extends Error {
  readonly spec: ErrorSpec;
  constructor(spec: ErrorSpec) {
    super(spec.message);
    this.name = 'GraphError';
    this.spec = spec;
  }
  get status(): number {
    return this.spec.status ?? httpStatusForCode(this.spec.code);
  }
  envelope(fbtraceId: string): { error: GraphErrorBody } {
    return errorEnvelope(this.spec, fbtraceId);
  }
  /** Graph sends WWW-Authenticate on OAuthException responses. */
  wwwAuthenticate(): string | undefined {
    if ((this.spec.type ?? 'OAuthException') !== 'OAuthException') return undefined;
    const kind =
      this.spec.code === 190 || this.spec.code === 104
        ? 'invalid_token'
        : this.spec.code === 10 || (this.spec.code >= 200 && this.spec.code <= 299)
          ? 'insufficient_scope'
          : 'invalid_request';
    const msg = this.spec.message.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
    return `OAuth "Facebook Platform" "${kind}" "${msg}"`;
  }
}

export function errorEnvelope(spec: ErrorSpec, fbtraceId: string): { error: GraphErrorBody } {
  const body: GraphErrorBody = {
    message: spec.message,
    type: spec.type ?? 'OAuthException',
    code: spec.code,
    fbtrace_id: fbtraceId,
  };
  // Key order as in Meta's samples: message, type, code, error_subcode, is_transient, user title/msg, error_data, fbtrace_id.
  const out: Record<string, unknown> = { message: body.message, type: body.type, code: body.code };
  if (spec.subcode !== undefined) out.error_subcode = spec.subcode;
  if (spec.transient !== undefined) out.is_transient = spec.transient;
  if (spec.userTitle !== undefined) out.error_user_title = spec.userTitle;
  if (spec.userMsg !== undefined) out.error_user_msg = spec.userMsg;
  if (spec.details !== undefined) out.error_data = { messaging_product: 'whatsapp', details: spec.details };
  out.fbtrace_id = fbtraceId;
  return { error: out as unknown as GraphErrorBody };
}

export function httpStatusForCode(code: number): number {
  if (code === 190 || code === 102 || code === 0 || code === 104) return code === 104 ? 400 : 401;
  if (code === 10 || (code >= 200 && code <= 299) || code === 368) return 403;
  if (code === 1 || code === 3 || code === 131000 || code === 131016 || code === 133000) return 500;
  if (code === 2 || code === 133004) return 503;
  if (code === 130429) return 429;
  if (code === 803) return 404;
  return 400;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export function randomTraceId(len = 23): string {
  const bytes = randomBytes(len);
  let s = '';
  for (let i = 0; i < len; i++) s += B64[bytes[i]! & 63];
  return s;
}

/** "Tuesday, 14-Jul-26 10:00:00 PDT" — the format Graph uses in 190/463 messages (Pacific time). */
export function formatMetaDate(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    weekday: 'long',
    day: '2-digit',
    month: 'short',
    year: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(ms));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('weekday')}, ${p('day')}-${p('month')}-${p('year')} ${p('hour')}:${p('minute')}:${p('second')} ${p('timeZoneName')}`;
}

const UNSUPPORTED_TAIL =
  ' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';

export const Errors = {
  noToken: () => new GraphError({ code: 104, message: 'An access token is required to request this resource.' }),
  invalidToken: () => new GraphError({ code: 190, subcode: 467, message: 'Invalid OAuth access token - Cannot parse access token' }),
  expiredToken: (expiredAt: number, now: number) =>
    new GraphError({
      code: 190,
      subcode: 463,
      message: `Error validating access token: Session has expired on ${formatMetaDate(expiredAt)}. The current time is ${formatMetaDate(now)}.`,
    }),
  passwordChanged: () =>
    new GraphError({
      code: 190,
      subcode: 460,
      message:
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
    }),
  loggedOut: () =>
    new GraphError({
      code: 190,
      subcode: 467,
      message: 'Error validating access token: The user has not authorized application or the session was invalidated.',
    }),
  unknownPath: (rest: string) => new GraphError({ code: 2500, message: `Unknown path components: ${rest}` }),
  aliasNotFound: (alias: string) =>
    new GraphError({ code: 803, message: `(#803) Some of the aliases you requested do not exist: ${alias}` }),
  unsupported: (method: string, id: string) =>
    new GraphError({
      code: 100,
      subcode: 33,
      type: 'GraphMethodException',
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}'${UNSUPPORTED_TAIL}`,
    }),
  nonexistingField: (field: string, nodeType: string) =>
    new GraphError({ code: 100, message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` }),
  syntax: (msg: string, at: number, src: string) =>
    new GraphError({ code: 100, message: `(#100) Syntax error "${msg}" at character ${at}: ${src}` }),
  param: (message: string) => new GraphError({ code: 100, message: `(#100) ${message}` }),
  invalidParameter: () => new GraphError({ code: 100, message: 'Invalid parameter' }),
  permissions: () => new GraphError({ code: 200, message: '(#200) Permissions error' }),
  missingBusinessManagement: () =>
    new GraphError({ code: 200, message: '(#200) Requires business_management permission to manage the object' }),
  missingWhatsappPermission: (scope: string) =>
    new GraphError({ code: 200, message: `(#200) Requires ${scope} permission to manage the object` }),
  appRateLimit: (regainMinutes: number) =>
    new GraphError({ code: 4, message: '(#4) Application request limit reached', transient: true, regainMinutes }),
  bucRateLimit: (regainMinutes: number) =>
    new GraphError({
      code: 80008,
      message:
        '(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
      transient: true,
      regainMinutes,
    }),
  throughputRateLimit: (regainMinutes: number) =>
    new GraphError({
      code: 130429,
      message: '(#130429) Rate limit hit',
      transient: true,
      details: 'Cloud API message throughput has been reached.',
      regainMinutes,
    }),
  unknown: () => new GraphError({ code: 1, message: 'An unknown error occurred', transient: true }),
  service: () =>
    new GraphError({ code: 2, message: 'An unexpected error has occurred. Please retry your request later.', transient: true }),
  somethingWentWrong: () =>
    new GraphError({
      code: 131000,
      message: '(#131000) Something went wrong',
      transient: false,
      details: 'Something went wrong. Please try again later.',
    }),
  serverUnavailable: () =>
    new GraphError({
      code: 133004,
      message: '(#133004) Server temporarily unavailable',
      transient: true,
      details: 'Server is temporarily unavailable. Please try again later.',
    }),
  // --- registration family -------------------------------------------------------------------
  /** Field-observed (graph-api.md §5.1); the brief fixes this exact body for "display name under review". */
  cannotCreateCertificate: () =>
    new GraphError({
      code: 100,
      subcode: 2388001,
      message: 'Invalid parameter',
      transient: false,
      userTitle: 'Cannot Create Certificate',
      userMsg: 'Your display name could not be processed. Please edit your display name and try again.',
    }),
  pinMismatch: () =>
    new GraphError({
      code: 133005,
      message: '(#133005) Two step verification PIN Mismatch',
      transient: false,
      details: 'The two-step verification PIN you entered is incorrect. Enter the PIN currently set for this phone number, or reset it.',
    }),
  registerLimit: () =>
    new GraphError({
      code: 133016,
      message: '(#133016) Registration/deregistration attempts limit reached',
      transient: false,
      details:
        'This phone number has reached the limit of 10 registration or deregistration attempts in 72 hours. Registration is blocked for this number for 72 hours.',
    }),
  needsReverification: () =>
    new GraphError({
      code: 133006,
      message: '(#133006) Phone number re-verification needed',
      transient: false,
      details: 'The phone number must be verified (request_code / verify_code) before it can be registered.',
    }),
  accountLocked: () =>
    new GraphError({
      code: 131031,
      message: '(#131031) Business Account locked',
      status: 403,
      transient: false,
      details: 'This WhatsApp Business account has been locked. Check its health_status for details.',
    }),
  requestCodeError: () =>
    new GraphError({
      code: 136024,
      message: '(#136024) Request code error',
      transient: false,
      details: 'This phone number is already verified.',
    }),
  verifyCodeError: () =>
    new GraphError({
      code: 136025,
      message: '(#136025) Verify code error',
      transient: false,
      details: 'The code you entered is incorrect or has expired.',
    }),
};

/** Default error for a fault `{kind:'error', code}` when no message is given. */
export function errorForCode(code: number, subcode: number | undefined, now: number): GraphError {
  switch (code) {
    case 1:
      return Errors.unknown();
    case 2:
      return Errors.service();
    case 4:
      return Errors.appRateLimit(5);
    case 10:
      return new GraphError({ code: 10, message: '(#10) Application does not have permission for this action' });
    case 100:
      return Errors.invalidParameter();
    case 190:
      return subcode === 460 ? Errors.passwordChanged() : subcode === 467 ? Errors.invalidToken() : Errors.expiredToken(now - 60_000, now);
    case 200:
      return Errors.permissions();
    case 80008:
      return Errors.bucRateLimit(5);
    case 130429:
      return Errors.throughputRateLimit(5);
    case 131000:
      return Errors.somethingWentWrong();
    case 131031:
      return Errors.accountLocked();
    case 133004:
      return Errors.serverUnavailable();
    case 133005:
      return Errors.pinMismatch();
    case 133016:
      return Errors.registerLimit();
    default:
      return new GraphError({ code, subcode, message: `(#${code}) Simulated error` });
  }
}
