import { describe, it, expect } from 'vitest';
import { GraphError, classifyGraphError, isGraphError } from '../../lib/graph/errors';
import type { ClassifyInput, GraphErrorKind } from '../../lib/graph/errors';

describe('classifyGraphError', () => {
  const table: Array<[ClassifyInput, GraphErrorKind]> = [
    // auth
    [{ code: 190, httpStatus: 400 }, 'auth'],
    [{ code: 190, httpStatus: 401 }, 'auth'],
    [{ code: 102 }, 'auth'],
    [{ code: 0, httpStatus: 401 }, 'auth'],
    // permission
    [{ code: 10, httpStatus: 403 }, 'permission'],
    [{ code: 200, httpStatus: 403 }, 'permission'],
    [{ code: 250 }, 'permission'],
    [{ code: 299 }, 'permission'],
    // rate limits
    [{ code: 4, httpStatus: 400 }, 'rate_limit'],
    [{ code: 4, httpStatus: 429 }, 'rate_limit'],
    [{ code: 17 }, 'rate_limit'],
    [{ code: 32 }, 'rate_limit'],
    [{ code: 341 }, 'rate_limit'],
    [{ code: 613 }, 'rate_limit'],
    [{ code: 80007 }, 'rate_limit'],
    [{ code: 80008, httpStatus: 400 }, 'rate_limit'],
    [{ code: 130429, httpStatus: 400 }, 'rate_limit'],
    // transient
    [{ code: 1, httpStatus: 500 }, 'transient'],
    [{ code: 2, httpStatus: 503 }, 'transient'],
    [{ code: 131000, httpStatus: 500 }, 'transient'],
    [{ code: 131016, httpStatus: 500 }, 'transient'],
    [{ code: 133004, httpStatus: 503 }, 'transient'],
    [{ httpStatus: 500 }, 'transient'],
    [{ httpStatus: 502 }, 'transient'],
    [{ httpStatus: 599 }, 'transient'],
    [{ local: 'network' }, 'transient'],
    [{ local: 'timeout' }, 'transient'],
    [{ local: 'bad_response', httpStatus: 200 }, 'transient'],
    [{ local: 'bad_response', httpStatus: 404 }, 'transient'],
    // user action
    [{ code: 100, httpStatus: 400 }, 'user_action'],
    [{ code: 100, httpStatus: 500 }, 'user_action'], // a code is more specific than the 5xx status
    [{ code: 133005 }, 'user_action'],
    [{ code: 133006 }, 'user_action'],
    [{ code: 133010 }, 'user_action'],
    [{ code: 131031, httpStatus: 403 }, 'user_action'],
    [{ code: 133016 }, 'user_action'],
    [{ code: 368, httpStatus: 403 }, 'user_action'],
    [{ code: 300 }, 'user_action'],
    [{ code: 9 }, 'user_action'],
    [{ httpStatus: 400 }, 'user_action'],
    [{ httpStatus: 404 }, 'user_action'],
    [{}, 'user_action'],
    [{ local: 'invalid_input' }, 'user_action'],
    [{ local: 'unsafe_url' }, 'user_action'],
    // status-only fallbacks and Meta's is_transient for codes without a rule
    [{ httpStatus: 429 }, 'rate_limit'],
    [{ httpStatus: 401 }, 'auth'],
    [{ httpStatus: 403 }, 'permission'],
    [{ code: 99999, isTransient: true }, 'transient'],
    [{ code: 190, isTransient: true }, 'auth'],
  ];

  it.each(table)('%j -> %s', (input, kind) => {
    expect(classifyGraphError(input)).toBe(kind);
  });
});

describe('GraphError', () => {
  const full = new GraphError({
    message: '(#80008) There have been too many calls to this WhatsApp Business account.',
    httpStatus: 400,
    code: 80008,
    subcode: 2446079,
    type: 'OAuthException',
    userTitle: 'Too many calls',
    userMessage: 'Try again later',
    fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
    details: 'details text',
    isTransient: false,
    retryAfterMs: 300_000,
    usage: {
      business: [{ objectId: '1', type: 'whatsapp_business_management', callCount: 100, estimatedTimeToRegainAccessMinutes: 5 }],
      maxPercent: 100,
      regainAccessMs: 300_000,
      observedAt: 1_700_000_000_000,
    },
  });

  it('is an Error, classified from its code', () => {
    expect(full).toBeInstanceOf(Error);
    expect(isGraphError(full)).toBe(true);
    expect(isGraphError(new Error('x'))).toBe(false);
    expect(full.name).toBe('GraphError');
    expect(full.kind).toBe('rate_limit');
    expect(full.retryable).toBe(true);
    expect(new GraphError({ message: 'x', code: 190 }).retryable).toBe(false);
  });

  it('round-trips through JSON and structured clone', () => {
    const json = full.toJSON();
    expect(json).toMatchObject({ name: 'GraphError', kind: 'rate_limit', code: 80008, subcode: 2446079, retryAfterMs: 300_000 });
    const viaString = GraphError.fromJSON(JSON.parse(JSON.stringify(full)));
    expect(viaString).toBeInstanceOf(GraphError);
    expect(viaString?.toJSON()).toEqual(json);
    expect(GraphError.fromJSON(structuredClone(json))?.toJSON()).toEqual(json);
  });

  it('omits absent members in toJSON', () => {
    const json = new GraphError({ message: 'Network down', local: 'network' }).toJSON();
    expect(json).toEqual({ name: 'GraphError', kind: 'transient', message: 'Network down', local: 'network' });
  });

  it('keeps an explicit kind', () => {
    expect(new GraphError({ message: 'x', code: 100, kind: 'transient' }).kind).toBe('transient');
  });

  it.each([null, 'text', 42, {}, { name: 'GraphError', kind: 'weird', message: 'x' }, { name: 'Error', kind: 'auth', message: 'x' }])(
    'fromJSON(%j) is undefined',
    (value) => {
      expect(GraphError.fromJSON(value)).toBeUndefined();
    },
  );

  it('withRedaction scrubs every text member', () => {
    const secret = 'SECRET';
    const e = new GraphError({ message: `a ${secret}`, userTitle: secret, userMessage: `b ${secret}`, details: secret, code: 100 });
    const r = e.withRedaction((t) => t.replaceAll(secret, '***'));
    expect(JSON.stringify(r.toJSON())).not.toContain(secret);
    expect(r.message).toBe('a ***');
    expect(r.code).toBe(100);
  });
});
