import type { Health, Reason } from '../health/classify';
import { reasonText } from '../health/reason-text';
import { budget } from '../registration/policy';
import type { Accounts, NumberRegistration, NumberState } from '../storage/schemas';
import { boundTimeline } from '../timeline';
import { groupByWaba } from './number-list';

/**
 * Health report of every number, as CSV and JSON. Built from an explicit list of display fields:
 * the token and PINs are never inputs, and nothing from a snapshot is copied wholesale (a snapshot
 * may carry fields we do not know, so only named ones are read).
 */
export interface ReportRow {
  waba_id: string;
  waba_name: string;
  business_id: string;
  business_name: string;
  phone_number_id: string;
  display_phone_number: string;
  verified_name: string;
  health: string;
  reasons: string;
  status: string;
  quality_rating: string;
  messaging_limit: string;
  name_status: string;
  new_name_status: string;
  code_verification_status: string;
  platform_type: string;
  throughput_level: string;
  can_send_message: string;
  account_mode: string;
  registration_decision: string;
  register_attempts_72h: number;
  last_register_error: string;
  last_checked: string;
  stale: boolean;
  last_error: string;
  /** The newest entry of its change timeline (lib/timeline.ts): when, which field, from and to Meta's values. */
  last_change_at: string;
  last_change_field: string;
  last_change_from: string;
  last_change_to: string;
}

export const REPORT_COLUMNS: ReadonlyArray<keyof ReportRow> = [
  'waba_id',
  'waba_name',
  'business_id',
  'business_name',
  'phone_number_id',
  'display_phone_number',
  'verified_name',
  'health',
  'reasons',
  'status',
  'quality_rating',
  'messaging_limit',
  'name_status',
  'new_name_status',
  'code_verification_status',
  'platform_type',
  'throughput_level',
  'can_send_message',
  'account_mode',
  'registration_decision',
  'register_attempts_72h',
  'last_register_error',
  'last_checked',
  'stale',
  'last_error',
  'last_change_at',
  'last_change_field',
  'last_change_from',
  'last_change_to',
];

export interface ReportInput {
  numbers: Record<string, NumberState>;
  accounts: Accounts;
  registrations: Record<string, NumberRegistration>;
  now: number;
}

const iso = (at: number | undefined): string => (at === undefined ? '' : new Date(at).toISOString());

export function buildReportRows(input: ReportInput): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const group of groupByWaba(input.numbers, input.accounts)) {
    for (const n of group.numbers) {
      const reg = input.registrations[n.id];
      const last = reg?.attempts.at(-1);
      const change = boundTimeline(n.changes, input.now).at(-1);
      rows.push({
        waba_id: group.id,
        waba_name: group.name ?? '',
        business_id: group.businessId ?? '',
        business_name: group.businessName ?? '',
        phone_number_id: n.id,
        display_phone_number: n.display === n.id ? '' : n.display,
        verified_name: n.verifiedName ?? '',
        health: n.health,
        reasons: [...new Set(n.reasons.map((r) => reasonText(r)))].filter(Boolean).join('; '),
        status: n.status ?? '',
        quality_rating: n.quality ?? '',
        messaging_limit: n.messagingLimit ?? '',
        name_status: n.nameStatus ?? '',
        new_name_status: n.newNameStatus ?? '',
        code_verification_status: n.codeVerification ?? '',
        platform_type: n.platform ?? '',
        throughput_level: n.throughput ?? '',
        can_send_message: n.canSend ?? '',
        account_mode: n.accountMode ?? '',
        registration_decision: n.decision,
        register_attempts_72h: reg ? budget(reg, input.now).totalUsed : 0,
        last_register_error:
          last?.outcome === 'error' ? [last.code, last.message].filter((x) => x !== undefined && x !== '').join(' ') : '',
        last_checked: iso(n.lastReadAt),
        stale: n.stale,
        last_error: n.lastError ? [n.lastError.code, n.lastError.message].filter((x) => x !== undefined && x !== '').join(' ') : '',
        last_change_at: iso(change?.at),
        last_change_field: change?.field ?? '',
        last_change_from: change?.from ?? '',
        last_change_to: change?.to ?? '',
      });
    }
  }
  return rows;
}

/** One CSV cell: quoted when needed; a leading formula character is neutralised (CSV injection). */
export function csvCell(value: string | number | boolean): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^\+[\d\s().-]+$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportToCsv(rows: readonly ReportRow[]): string {
  const lines = [REPORT_COLUMNS.join(',')];
  for (const row of rows) lines.push(REPORT_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export interface JsonReport {
  generatedAt: string;
  numbers: Array<
    Omit<ReportRow, 'reasons'> & {
      reasons: Array<Pick<Reason, 'code' | 'value' | 'entity' | 'errorCode' | 'detail' | 'solution'> & { text: string }>;
      health: Health | string;
      /** Its change timeline, oldest first, and its health's transitions (ISO times). */
      timeline: Array<{ at: string; field: string; from?: string; to?: string }>;
      health_history: Array<{ at: string; from?: string; to: string }>;
    }
  >;
}

export function reportToJson(rows: readonly ReportRow[], input: ReportInput): string {
  const report: JsonReport = {
    generatedAt: iso(input.now),
    numbers: rows.map((row) => {
      const number = input.numbers[row.phone_number_id];
      const timeline = boundTimeline(number?.changes ?? [], input.now).map((c) => ({
        at: iso(c.at),
        field: c.field,
        from: c.from,
        to: c.to,
      }));
      const health_history = (number?.history ?? []).map((h) => ({ at: iso(h.at), from: h.from, to: h.to }));
      const reasons = ((number?.reasons ?? []) as Reason[]).map((r) => ({
        code: r.code,
        value: r.value,
        entity: r.entity,
        errorCode: r.errorCode,
        detail: r.detail,
        solution: r.solution,
        text: reasonText(r),
      }));
      return { ...row, reasons, timeline, health_history };
    }),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
