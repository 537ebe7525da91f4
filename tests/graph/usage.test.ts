import { describe, it, expect } from 'vitest';
import { parseAppUsage, parseBusinessUseCaseUsage, parseUsageHeaders } from '../../lib/graph/usage';
import { WABA_ID, bucHeader } from './fixtures';

describe('usage headers', () => {
  it('parses X-App-Usage percentages', () => {
    expect(parseAppUsage('{"call_count":28,"total_time":25,"total_cputime":25}')).toEqual({
      callCount: 28,
      totalTime: 25,
      totalCputime: 25,
    });
  });

  it('parses X-Business-Use-Case-Usage per object (OAS sample)', () => {
    const entries = parseBusinessUseCaseUsage(bucHeader(0));
    expect(entries).toEqual([
      {
        objectId: WABA_ID,
        type: 'whatsapp_business_management',
        callCount: 1,
        totalCputime: 1,
        totalTime: 1,
        estimatedTimeToRegainAccessMinutes: 0,
      },
      { objectId: WABA_ID, type: 'whatsapp', callCount: 1, totalCputime: 1, totalTime: 1, estimatedTimeToRegainAccessMinutes: 0 },
    ]);
  });

  it('computes maxPercent over all figures and regainAccessMs from minutes', () => {
    const headers = new Headers({
      'X-App-Usage': '{"call_count":28,"total_time":25,"total_cputime":25}',
      'X-Business-Use-Case-Usage': JSON.stringify({
        '111': [
          { type: 'whatsapp_business_management', call_count: 96, total_cputime: 12, total_time: 30, estimated_time_to_regain_access: 0 },
        ],
        '222': [
          { type: 'whatsapp_business_management', call_count: 100, total_cputime: 5, total_time: 101, estimated_time_to_regain_access: 7 },
        ],
      }),
    });
    const usage = parseUsageHeaders(headers, 1234);
    expect(usage?.maxPercent).toBe(101);
    expect(usage?.regainAccessMs).toBe(7 * 60_000);
    expect(usage?.business.map((e) => e.objectId)).toEqual(['111', '222']);
    expect(usage?.observedAt).toBe(1234);
  });

  it('reads header names case-insensitively, also from plain records', () => {
    const a = parseUsageHeaders({ 'x-app-usage': '{"call_count":5}' }, 0);
    const b = parseUsageHeaders({ 'X-APP-USAGE': '{"call_count":5}' }, 0);
    const c = parseUsageHeaders({ 'x-BUSINESS-use-case-usage': bucHeader(3, 40) }, 0);
    expect(a?.maxPercent).toBe(5);
    expect(b?.maxPercent).toBe(5);
    expect(c?.regainAccessMs).toBe(180_000);
    expect(c?.maxPercent).toBe(40);
  });

  it('returns undefined without usage headers', () => {
    expect(parseUsageHeaders(new Headers({ 'content-type': 'application/json' }), 0)).toBeUndefined();
  });

  it.each([
    ['not json', 'also not json'],
    ['[1,2,3]', '"string"'],
    ['null', '{"1": "not an array"}'],
    ['{"call_count":"abc"}', '{"1":[null, 5, "x", []]}'],
    ['{', '{"1":[{"call_count":-5,"estimated_time_to_regain_access":"soon"}]}'],
  ])('ignores malformed headers (%s / %s) without throwing', (app, buc) => {
    const usage = parseUsageHeaders({ 'x-app-usage': app, 'x-business-use-case-usage': buc }, 0);
    expect(usage?.maxPercent ?? 0).toBe(0);
    expect(usage?.regainAccessMs ?? 0).toBe(0);
    expect(usage?.app).toBeUndefined();
  });

  it('accepts numeric strings', () => {
    const usage = parseUsageHeaders({ 'x-app-usage': '{"call_count":"42","total_time":"7"}' }, 0);
    expect(usage?.app).toEqual({ callCount: 42, totalTime: 7 });
    expect(usage?.maxPercent).toBe(42);
  });
});
