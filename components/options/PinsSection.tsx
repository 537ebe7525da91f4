import { useMutation } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import { formatDate } from '@/lib/format/time';
import { isValidPin } from '@/lib/registration/pin';
import type { Accounts, NumberRegistration, PinEntry } from '@/lib/storage/schemas';
import { toErrorInfo } from '@/lib/ui/error-text';
import { type ListNumber, matchesFilter, toNumberView, type NumberView } from '@/lib/ui/number-list';
import { Button, inputClass } from '@/components/ui/Button';
import { ErrorText } from '@/components/ui/ErrorText';
import { Field } from '@/components/ui/Field';
import { Section } from './Section';

/** Rows rendered at once; a filter finds the others. */
export const PIN_ROWS_SHOWN = 50;

interface PinsSectionProps {
  numbers: Record<string, ListNumber>;
  accounts: Accounts;
  pins: Record<string, PinEntry>;
  registrations: Record<string, NumberRegistration>;
}

/** Numbers whose PIN matters most come first: generated PINs (keep them!), stored ones, needed ones. */
function pinRank(n: NumberView, pin: PinEntry | undefined, reg: NumberRegistration | undefined): number {
  if (pin?.source === 'generated') return 0;
  if (pin) return 1;
  if (reg?.skipped === 'pin_needed' || n.decision === 'register') return 2;
  return 3;
}

/** Two-step verification PINs per number: masked, can be revealed, set or changed. */
export function PinsSection({ numbers, accounts, pins, registrations }: PinsSectionProps) {
  const [query, setQuery] = useState('');
  const all = useMemo(
    () =>
      Object.values(numbers)
        .map((n) => toNumberView(n, accounts))
        .sort(
          (a, b) =>
            pinRank(a, pins[a.id], registrations[a.id]) - pinRank(b, pins[b.id], registrations[b.id]) ||
            a.display.localeCompare(b.display, undefined, { numeric: true }),
        ),
    [numbers, accounts, pins, registrations],
  );
  const matching = all.filter((n) => matchesFilter(n, accounts.wabas[n.wabaId] ?? {}, query));
  const shown = matching.slice(0, PIN_ROWS_SHOWN);

  return (
    <Section id="pins" title={t('optionsPinsHeading')} description={t('optionsPinsBody')}>
      {all.length === 0 ? (
        <p>{t('optionsPinsNone')}</p>
      ) : (
        <>
          {all.length > PIN_ROWS_SHOWN / 5 && (
            <Field
              wrapperClassName="mb-3"
              label={t('optionsPinsFilter')}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              className="max-w-sm"
              autoComplete="off"
            />
          )}
          <ul className="divide-y divide-slate-200 dark:divide-slate-700">
            {shown.map((n) => (
              <PinRow key={n.id} number={n} pin={pins[n.id]} />
            ))}
          </ul>
          {matching.length > shown.length && (
            <p className="mt-2 text-slate-700 dark:text-slate-300">{t('optionsPinsMore', [shown.length, matching.length])}</p>
          )}
        </>
      )}
    </Section>
  );
}

function PinRow({ number: n, pin }: { number: NumberView; pin?: PinEntry }) {
  const inputId = useId();
  const problemId = useId();
  const [revealed, setRevealed] = useState(false);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (p: string) => sendRequest<'setPin'>({ type: 'setPin', phoneId: n.id, pin: p }),
    onSuccess: () => setValue(''),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isValidPin(value.trim())) {
      setProblem(t('popupPinInvalid'));
      return;
    }
    setProblem(null);
    save.mutate(value.trim());
  };

  return (
    <li className="space-y-2 py-3" data-pin-phone-number-id={n.id}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-semibold">{n.display}</span>
        {n.verifiedName && <span className="text-slate-700 dark:text-slate-300">{n.verifiedName}</span>}
        <span className="flex items-center gap-2">
          {pin ? (
            <>
              {revealed ? (
                <span className="font-mono tracking-widest">{pin.pin}</span>
              ) : (
                <>
                  <span aria-hidden="true" className="font-mono tracking-widest">
                    ••••••
                  </span>
                  <span className="sr-only">{t('optionsPinHidden')}</span>
                </>
              )}
              <Button
                variant="link"
                aria-label={revealed ? t('optionsPinHideFor', [n.display]) : t('optionsPinShowFor', [n.display])}
                onClick={() => setRevealed((r) => !r)}
              >
                {revealed ? t('optionsPinHide') : t('optionsPinShow')}
              </Button>
            </>
          ) : (
            <span className="text-slate-700 dark:text-slate-300">
              {n.isPinEnabled === false ? t('optionsPinNoneAtMeta') : t('optionsPinNotStored')}
            </span>
          )}
        </span>
      </div>
      {pin?.source === 'generated' && (
        <p className="rounded-md border border-amber-600 bg-amber-50 p-2 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100">
          <span aria-hidden="true">⚠ </span>
          {t('optionsPinGeneratedNote', [formatDate(pin.at)])}
        </p>
      )}
      <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-xs font-medium">
            {pin ? t('optionsPinChangeLabel', [n.display]) : t('optionsPinSetLabel', [n.display])}
          </label>
          <input
            id={inputId}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              if (problem) setProblem(null);
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            className={`${inputClass} w-36 font-mono`}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={save.isPending} aria-label={t('optionsPinSaveFor', [n.display])}>
          {t('optionsPinSave')}
        </Button>
        {save.isSuccess && (
          <span role="status">
            <span aria-hidden="true">✓ </span>
            {t('optionsPinSaved')}
          </span>
        )}
      </form>
      {problem && (
        <p id={problemId} role="alert" className="text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
      {save.isError && <ErrorText error={toErrorInfo(save.error)} />}
    </li>
  );
}
