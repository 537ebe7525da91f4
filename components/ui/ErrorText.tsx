import type { ErrorInfo } from '@/lib/messages/protocol';
import { t } from '@/lib/i18n';
import { nextStepText, whatHappenedText } from '@/lib/ui/error-text';

/** A failure for people: what happened (with Meta's code) and what to do next. */
/** `live` (default) announces it as an alert; a standing state (e.g. a refused token) passes false. */
export function ErrorText({ error, lead, id, live = true }: { error: ErrorInfo; lead?: string; id?: string; live?: boolean }) {
  const next = nextStepText(error);
  return (
    <div
      id={id}
      role={live ? 'alert' : undefined}
      className="space-y-1 rounded-md border border-red-700 bg-red-50 p-2 text-red-950 dark:border-red-400 dark:bg-red-950 dark:text-red-100"
    >
      <p>
        <span aria-hidden="true" className="mr-1 font-bold">
          ✕
        </span>
        {lead ? <strong className="font-semibold">{lead} </strong> : null}
        {whatHappenedText(error)}
      </p>
      {next && (
        <p>
          <strong className="font-semibold">{t('uiWhatToDo')}</strong> {next}
        </p>
      )}
    </div>
  );
}
