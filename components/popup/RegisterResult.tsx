import type { ErrorInfo, RegisterReply } from '@/lib/messages/protocol';
import { t } from '@/lib/i18n';
import { refusalText } from '@/lib/ui/error-text';
import { ErrorText } from '@/components/ui/ErrorText';

/** The answer to "Complete registration", as shown inline in the number's element. */
export type RegisterOutcome = Exclude<RegisterReply, { status: 'pin_needed' | 'failed' }> | { status: 'failed'; error: ErrorInfo };

export function RegisterResultView({ result, now }: { result: RegisterOutcome; now: number }) {
  switch (result.status) {
    case 'registered':
      return (
        <div
          role="status"
          className="space-y-1 rounded-md border border-emerald-700 bg-emerald-50 p-2 text-emerald-950 dark:border-emerald-400 dark:bg-emerald-950 dark:text-emerald-100"
        >
          <p>
            <span aria-hidden="true" className="mr-1 font-bold">
              ✓
            </span>
            {t('popupRegistered')}
          </p>
          {result.generatedPin && (
            <p>
              {t('popupGeneratedPin')} <strong className="font-mono tracking-widest">{result.generatedPin}</strong>.{' '}
              {t('popupGeneratedPinKeep')}
            </p>
          )}
        </div>
      );
    case 'failed':
      return <ErrorText error={result.error} lead={t('popupRegisterFailed')} />;
    case 'refused':
      return (
        <p
          role="status"
          className="rounded-md border border-amber-600 bg-amber-50 p-2 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100"
        >
          <span aria-hidden="true" className="mr-1 font-bold">
            !
          </span>
          {refusalText(result, now)}
        </p>
      );
  }
}
