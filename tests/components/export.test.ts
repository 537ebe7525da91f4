import { describe, expect, it } from 'vitest';
import { buildReportRows, csvCell, REPORT_COLUMNS, reportToCsv, reportToJson, type ReportInput } from '@/lib/ui/export';
import { accountsWith, healthyPhone, numberState, stuckPhone, TOKEN } from './support';

const PIN = '864209';

function input(): ReportInput {
  // A snapshot may carry fields we do not know (the simulator even keeps a hidden "pin"): none may leak.
  const leaky = { ...stuckPhone('2000000002'), pin: PIN, access_token: TOKEN } as ReturnType<typeof stuckPhone>;
  const numbers = [numberState('111', healthyPhone('1000000001', { verified_name: 'Café "Sol", Ltda' })), numberState('111', leaky)];
  return {
    numbers: Object.fromEntries(numbers.map((n) => [n.id, n])),
    accounts: accountsWith({
      id: '111',
      name: 'Alpha',
      businessId: '999',
      businessName: 'Alpha Ltd',
      phoneIds: ['1000000001', '2000000002'],
    }),
    registrations: {
      '2000000002': {
        attempts: [{ at: Date.now() - 60_000, mode: 'manual', outcome: 'error', code: 133005, message: 'PIN mismatch' }],
        transientFailures: 0,
      },
    },
    now: Date.now(),
  };
}

describe('health report export', () => {
  it('has one row per number, worst first, with the health fields', () => {
    const rows = buildReportRows(input());
    expect(rows.map((r) => [r.phone_number_id, r.health])).toEqual([
      ['2000000002', 'stuck'],
      ['1000000001', 'healthy'],
    ]);
    expect(rows[0]).toMatchObject({
      waba_name: 'Alpha',
      business_id: '999',
      registration_decision: 'register',
      register_attempts_72h: 1,
      last_register_error: '133005 PIN mismatch',
    });
    expect(rows[1]).toMatchObject({ messaging_limit: 'TIER_2K', quality_rating: 'GREEN', display_phone_number: '+1 555-010-0001' });
  });

  it('never contains the token or a PIN, in CSV or JSON', () => {
    const data = input();
    const rows = buildReportRows(data);
    for (const text of [reportToCsv(rows), reportToJson(rows, data)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PIN);
      expect(text.toLowerCase()).not.toContain('access_token');
    }
  });

  it('writes CSV with a header, quoting and CRLF', () => {
    const csv = reportToCsv(buildReportRows(input()));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(REPORT_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(csv).toContain('"Café ""Sol"", Ltda"');
    expect(csv).toContain(',+1 555-010-0001,');
  });

  it('neutralises spreadsheet formulas but keeps phone numbers readable', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+1 555-010-0001')).toBe('+1 555-010-0001');
    expect(csvCell('+1+cmd')).toBe("'+1+cmd");
    expect(csvCell(3)).toBe('3');
  });

  it('writes JSON with structured reasons and their text', () => {
    const data = input();
    const report = JSON.parse(reportToJson(buildReportRows(data), data));
    expect(report.numbers).toHaveLength(2);
    expect(report.numbers[0].reasons[0]).toMatchObject({
      code: 'platform_not_applicable',
      text: 'Registration incomplete (not provisioned on the Cloud API)',
    });
    expect(Date.parse(report.generatedAt)).toBe(data.now);
  });
});

describe('health report export: the change timeline', () => {
  it('carries the whole timeline in JSON and its newest change in the CSV columns', () => {
    const data = input();
    const at = Date.UTC(2026, 10, 20, 12);
    data.numbers['1000000001'] = {
      ...data.numbers['1000000001']!,
      changes: [
        { at: at - 3_600_000, field: 'messaging_limit', from: 'TIER_250', to: 'TIER_2K' },
        { at, field: 'quality_rating', from: 'GREEN', to: 'YELLOW' },
      ],
    };
    const rows = buildReportRows(data);
    const healthy = rows.find((r) => r.phone_number_id === '1000000001')!;
    expect(healthy).toMatchObject({
      last_change_at: '2026-11-20T12:00:00.000Z',
      last_change_field: 'quality_rating',
      last_change_from: 'GREEN',
      last_change_to: 'YELLOW',
    });
    expect(rows.find((r) => r.phone_number_id === '2000000002')).toMatchObject({ last_change_at: '', last_change_field: '' });
    const csv = reportToCsv(rows).split('\r\n');
    expect(csv[0]).toContain('last_change_at,last_change_field,last_change_from,last_change_to');
    expect(csv.find((l) => l.startsWith('111,Alpha,999,Alpha Ltd,1000000001'))).toMatch(
      /,2026-11-20T12:00:00\.000Z,quality_rating,GREEN,YELLOW$/,
    );
    const json = JSON.parse(reportToJson(rows, data)) as {
      numbers: Array<{ phone_number_id: string; timeline: unknown[]; health_history: unknown[] }>;
    };
    const entry = json.numbers.find((n) => n.phone_number_id === '1000000001')!;
    expect(entry.timeline).toEqual([
      { at: '2026-11-20T11:00:00.000Z', field: 'messaging_limit', from: 'TIER_250', to: 'TIER_2K' },
      { at: '2026-11-20T12:00:00.000Z', field: 'quality_rating', from: 'GREEN', to: 'YELLOW' },
    ]);
    expect(entry.health_history).toEqual([{ at: expect.any(String), to: 'healthy' }]);
  });
});
