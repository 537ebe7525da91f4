import type { ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import { timeAgo, timeUntil } from '@/lib/format/time';
import type { EngineState } from '@/lib/storage/schemas';
import { checkNowText, errorText, storedErrorInfo, toErrorInfo, whatHappenedText } from '@/lib/ui/error-text';
import { Button } from '@/components/ui/Button';
import { EngineProgress, engineProgress } from '@/components/ui/EngineProgress';

/** "Check now" and what the engine is doing: progress while a sweep runs, else when it last ran. */
export function useCheckNow() {
  return useMutation({ mutationFn: () => sendRequest<'checkNow'>({ type: 'checkNow' }) });
}

export function CheckNowButton({ check }: { check: ReturnType<typeof useCheckNow> }) {
  return (
    <Button variant="primary" disabled={check.isPending} onClick={() => check.mutate()}>
      {t('checkNow')}
    </Button>
  );
}

export function CheckStatus({ check, engine, now }: { check: ReturnType<typeof useCheckNow>; engine: EngineState; now: number }) {
  let content: ReactNode;
  if (engineProgress(engine, now, check.isPending)) {
    content = <EngineProgress engine={engine} now={now} checking={check.isPending} />;
  } else if (check.isError) {
    content = errorText(toErrorInfo(check.error));
  } else if (check.isSuccess) {
    content = checkNowText(check.data);
  } else if (engine.rateLimitedUntil !== undefined && engine.rateLimitedUntil > now) {
    content = t('popupRateLimited', [timeUntil(engine.rateLimitedUntil, now)]);
  } else if (engine.sweep.lastFinishedAt !== undefined) {
    content = engine.sweep.lastError
      ? t('popupLastSweepFailed', [timeAgo(engine.sweep.lastFinishedAt, now), whatHappenedText(storedErrorInfo(engine.sweep.lastError))])
      : t('popupLastSweep', [timeAgo(engine.sweep.lastFinishedAt, now)]);
  }
  return (
    <div role="status" aria-live="polite" className={`text-xs text-slate-700 dark:text-slate-300 ${content ? 'min-h-5' : ''}`}>
      {content}
    </div>
  );
}
