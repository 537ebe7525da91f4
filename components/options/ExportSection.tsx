import { t } from '@/lib/i18n';
import { numbersItem } from '@/lib/storage/items';
import type { Accounts, NumberRegistration } from '@/lib/storage/schemas';
import { downloadText } from '@/lib/ui/download';
import { buildReportRows, reportToCsv, reportToJson, type ReportInput } from '@/lib/ui/export';
import { Button } from '@/components/ui/Button';
import { Section } from './Section';

export interface ExportSectionProps {
  /** How many numbers there are (the report reads them in full when asked). */
  count: number;
  accounts: Accounts;
  registrations: Record<string, NumberRegistration>;
  /** Injected in tests; saves a file in the browser. */
  save?: (filename: string, text: string, mime: string) => void;
}

/** Health report of every number as CSV or JSON. Built from display fields only: never the token or PINs. */
export function ExportSection({ count, accounts, registrations, save = downloadText }: ExportSectionProps) {
  const run = async (format: 'csv' | 'json') => {
    const input: ReportInput = { numbers: await numbersItem.getValue(), accounts, registrations, now: Date.now() };
    const rows = buildReportRows(input);
    const stamp = new Date(input.now).toISOString().slice(0, 16).replace(/[:T]/g, '-');
    if (format === 'csv') save(`waba-health-report-${stamp}.csv`, reportToCsv(rows), 'text/csv;charset=utf-8');
    else save(`waba-health-report-${stamp}.json`, reportToJson(rows, input), 'application/json');
  };
  return (
    <Section id="export" title={t('optionsExportHeading')} description={t('optionsExportBody')}>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" disabled={count === 0} onClick={() => void run('csv')}>
          {t('optionsExportCsv')}
        </Button>
        <Button variant="secondary" disabled={count === 0} onClick={() => void run('json')}>
          {t('optionsExportJson')}
        </Button>
      </div>
      {count === 0 && <p className="mt-2 text-slate-700 dark:text-slate-300">{t('optionsExportEmpty')}</p>}
    </Section>
  );
}
