import { useCallback, useMemo } from 'react';
import { messagingLimitLabel } from '@/lib/format/labels';
import { t } from '@/lib/i18n';
import type { NumberRegistration } from '@/lib/storage/schemas';
import { healthOfSeverity, type Row } from '@/lib/ui/number-list';
import { useVirtualList } from '@/lib/ui/use-virtual-list';
import { EntityProblems } from '@/components/ui/EntityProblems';
import { NumberCard } from './NumberCard';
import type { RegisterOutcome } from './RegisterResult';

/** Past this many rows only the rows near the viewport are rendered. */
export const VIRTUALISE_AFTER = 40;
export const LIST_HEIGHT = 450;
const ESTIMATE = { portfolio: 22, group: 26, number: 50, toggle: 36 } as const;
/** A portfolio's header grows by a line for each of its problems (its shared limit shares the name's line). */
const estimateRow = (row: Row | undefined): number =>
  !row ? ESTIMATE.number : row.kind === 'portfolio' ? ESTIMATE.portfolio + 16 * row.problems.length : ESTIMATE[row.kind];

export interface NumberListProps {
  rows: Row[];
  registrations: Record<string, NumberRegistration>;
  results: Record<string, RegisterOutcome>;
  pending: Record<string, boolean>;
  now: number;
  intervalMinutes: number;
  onRegister: (phoneId: string) => void;
  onDetails: (phoneId: string) => void;
  onDismiss: (phoneId: string) => void;
  onToggle: (wabaId: string) => void;
}

export function NumberList(props: NumberListProps) {
  const { rows } = props;
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const estimate = useCallback((i: number) => estimateRow(rows[i]), [rows]);
  const virtual = rows.length > VIRTUALISE_AFTER;
  const { containerRef, range, measureRef } = useVirtualList({ keys, estimate, enabled: virtual, fallbackViewport: LIST_HEIGHT });

  return (
    <div
      ref={containerRef}
      className="relative -mx-1 overflow-y-auto px-1"
      style={{ maxHeight: LIST_HEIGHT }}
      data-virtualised={virtual ? 'true' : undefined}
    >
      {range.before > 0 && <div aria-hidden="true" style={{ height: range.before }} />}
      {rows.slice(range.start, range.end).map((row, i) => (
        <div key={row.key} data-key={row.key} data-index={range.start + i} ref={measureRef} className="pb-0.5">
          <RowView row={row} {...props} />
        </div>
      ))}
      {range.after > 0 && <div aria-hidden="true" style={{ height: range.after }} />}
    </div>
  );
}

function RowView({ row, ...p }: NumberListProps & { row: Row }) {
  switch (row.kind) {
    case 'portfolio':
      return (
        <div className="pt-2" data-business-id={row.businessId} data-health={healthOfSeverity(row.worst)}>
          <div className="flex items-baseline gap-2">
            <h2 className="min-w-0 shrink truncate text-xs font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300">
              {row.name ?? (row.businessId ? t('popupPortfolioUnnamed', [row.businessId]) : t('popupPortfolioUnknown'))}
            </h2>
            {row.limit && (
              <p
                className="min-w-0 flex-1 truncate text-right text-xs text-slate-700 dark:text-slate-300"
                data-messaging-limit={row.limit}
                title={t('popupPortfolioLimit', [messagingLimitLabel(row.limit)])}
              >
                {t('popupPortfolioLimitShort', [messagingLimitLabel(row.limit)])}
              </p>
            )}
          </div>
          <EntityProblems problems={row.problems} />
        </div>
      );
    case 'group': {
      const g = row.group;
      return (
        <div className="pt-1" data-waba-id={g.id} data-webhooks={g.webhooks} data-health={healthOfSeverity(g.worst)}>
          <div className="flex items-baseline gap-2">
            <h3 className="min-w-0 shrink truncate text-sm font-semibold">{g.name ?? t('popupWabaUnnamed', [g.id])}</h3>
            <p className="min-w-0 flex-1 truncate text-xs text-slate-700 dark:text-slate-300">{t('popupWabaNumbers', [row.shown])}</p>
          </div>
          <EntityProblems problems={g.entities.filter((e) => e.type === 'WABA')} />
          {g.webhooks === 'none' && (
            <p className="text-xs font-medium text-amber-800 dark:text-amber-300">
              <span aria-hidden="true">⚠ </span>
              {t('popupWebhooksNone')}
            </p>
          )}
        </div>
      );
    }
    case 'toggle':
      return (
        <button
          type="button"
          aria-expanded={row.expanded}
          onClick={() => p.onToggle(row.group.id)}
          className="w-full rounded-md border border-dashed border-slate-400 px-2 py-1 text-left text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-500 dark:text-slate-200 dark:hover:bg-slate-800"
        >
          <span aria-hidden="true">{row.expanded ? '▾ ' : '▸ '}</span>
          {row.expanded ? t('popupHideHealthy', [row.healthy]) : t('popupShowHealthy', [row.healthy])}
        </button>
      );
    case 'number':
      return (
        <NumberCard
          number={row.number}
          registration={p.registrations[row.number.id]}
          result={p.results[row.number.id]}
          pending={p.pending[row.number.id] ?? false}
          now={p.now}
          intervalMinutes={p.intervalMinutes}
          onRegister={p.onRegister}
          onDetails={p.onDetails}
          onDismiss={p.onDismiss}
        />
      );
  }
}
