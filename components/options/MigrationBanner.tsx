import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import type { MigrationStatus } from '@/lib/storage/migration-runner';
import { toErrorInfo, whatHappenedText } from '@/lib/ui/error-text';
import { Button } from '@/components/ui/Button';

export const MIGRATION_STATUS_KEY = ['background', 'migrationStatus'] as const;

/**
 * Shown when the background could not update the stored data to this version: what happened, the error,
 * and "Try again" (a new migration run in the background). Nothing is shown while it is fine, or when
 * the background does not answer (the page still works from storage).
 */
export function MigrationBanner() {
  const headingId = useId();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const status = useQuery({
    queryKey: MIGRATION_STATUS_KEY,
    queryFn: () => sendRequest<'getMigrationStatus'>({ type: 'getMigrationStatus' }),
    retry: false,
    staleTime: Infinity,
    // A migration still running when the page opened: ask again shortly.
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 1_000 : false),
  });
  const retry = useMutation({
    mutationFn: () => sendRequest<'retryMigration'>({ type: 'retryMigration' }),
    onMutate: () => setNote(''),
    onSuccess: (next: MigrationStatus) => {
      queryClient.setQueryData(MIGRATION_STATUS_KEY, next);
      setNote(next.state === 'failed' ? t('optionsMigrationStillFailing') : t('optionsMigrationFixed'));
    },
    onError: (e) => setNote(whatHappenedText(toErrorInfo(e))),
  });

  const failed = status.data?.state === 'failed' ? status.data : undefined;
  if (!failed) {
    // After a successful retry the banner goes; the outcome stays announced.
    return note ? (
      <p role="status" className="text-emerald-800 dark:text-emerald-300">
        {note}
      </p>
    ) : null;
  }
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-2 rounded-lg border border-red-700 bg-red-50 p-4 text-red-950 dark:border-red-400 dark:bg-red-950 dark:text-red-100"
    >
      <h2 id={headingId} className="text-base font-semibold">
        <span aria-hidden="true" className="mr-1">
          ✕
        </span>
        {t('optionsMigrationHeading')}
      </h2>
      <p>{t('optionsMigrationBody')}</p>
      <p className="break-words font-mono text-xs">{t('optionsMigrationError', [failed.error])}</p>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="primary" onClick={() => retry.mutate()} disabled={retry.isPending} aria-busy={retry.isPending || undefined}>
          {retry.isPending ? t('optionsMigrationRetrying') : t('optionsMigrationRetry')}
        </Button>
        <p role="status" className="min-h-5">
          {note}
        </p>
      </div>
    </section>
  );
}
