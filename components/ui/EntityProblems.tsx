import { canSendLabel } from '@/lib/format/labels';
import type { EntityProblem } from '@/lib/health/entities';
import { metaErrorText } from '@/lib/health/reason-text';
import { t } from '@/lib/i18n';

/**
 * What Meta says of an entity above the numbers (portfolio, WABA, app) that cannot send freely: shown once,
 * on that entity's group. `data-entity-type`, `data-entity-id` and `data-error-codes` are promises to tests.
 */
export function EntityProblems({ problems, className = '' }: { problems: readonly EntityProblem[]; className?: string }) {
  if (!problems.length) return null;
  return (
    <div className={`space-y-0.5 ${className}`}>
      {problems.map((p) => {
        const blocked = p.canSend === 'BLOCKED';
        const lines = [
          ...p.errors.map((e) => metaErrorText({ errorCode: e.code, detail: e.description, solution: e.solution })),
          ...p.info,
        ];
        return (
          <div
            key={`${p.type}:${p.id ?? ''}`}
            data-entity-type={p.type}
            data-entity-id={p.id}
            data-can-send={p.canSend}
            data-error-codes={p.errors.map((e) => e.code ?? '').join(',') || undefined}
            className={`break-words text-xs font-medium normal-case tracking-normal ${blocked ? 'text-red-800 dark:text-red-300' : 'text-amber-800 dark:text-amber-300'}`}
          >
            <span aria-hidden="true">{blocked ? '✕ ' : '⚠ '}</span>
            <strong>{canSendLabel(p.canSend)}</strong>
            {lines.length > 0 && `: ${lines.join(' ')}`}
          </div>
        );
      })}
    </div>
  );
}

/** The app's own problems, once, above everything it serves (popup list, options accounts); nothing when none. */
export function AppProblems({
  problems,
  level,
  className,
  headingClassName,
}: {
  problems: readonly EntityProblem[];
  level: 2 | 3;
  className: string;
  headingClassName: string;
}) {
  if (!problems.length) return null;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section
      aria-labelledby="app-problems"
      data-entity-group="APP"
      className={`rounded-md border border-slate-300 dark:border-slate-700 ${className}`}
    >
      <Heading id="app-problems" className={headingClassName}>
        {t('popupAppProblems')}{' '}
        <span className="ml-1 font-mono text-xs font-normal normal-case">{problems.map((p) => p.id).join(', ')}</span>
      </Heading>
      <EntityProblems problems={problems} />
    </section>
  );
}
