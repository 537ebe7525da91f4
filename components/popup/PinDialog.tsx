import { useRef, type FormEvent } from 'react';
import { t } from '@/lib/i18n';
import { isValidPin } from '@/lib/registration/pin';
import { DigitsField, useCodeField } from '@/components/ui/Field';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';

export interface PinDialogProps {
  display: string;
  pending: boolean;
  /** Shown when Meta asked for the PIN again, or the previous one was wrong. */
  notice?: string;
  onSubmit: (pin: string) => void;
  onClose: () => void;
}

/** Asks for the two-step verification PIN: exactly 6 digits, checked before anything is sent. */
export function PinDialog({ display, pending, notice, onSubmit, onClose }: PinDialogProps) {
  const input = useRef<HTMLInputElement>(null);
  const pin = useCodeField();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const value = pin.value.trim();
    if (!isValidPin(value)) {
      pin.setProblem(t('popupPinInvalid'));
      input.current?.focus();
      return;
    }
    pin.setProblem(null);
    onSubmit(value);
  };

  return (
    <Dialog
      title={t('popupPinDialogTitle')}
      description={t('popupPinDialogBody', [display.replace(/ /g, '\u00a0')])}
      onClose={onClose}
      initialFocus={input}
    >
      <form onSubmit={submit} noValidate className="space-y-3">
        {notice && (
          <p className="rounded-md border border-amber-600 bg-amber-50 p-2 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100">
            {notice}
          </p>
        )}
        <DigitsField ref={input} label={t('popupPinLabel')} help={t('popupPinHelp')} {...pin.field} />
        {pending && (
          <p role="status" className="text-slate-800 dark:text-slate-200">
            {t('popupRegistering')}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t('uiCancel')}
          </Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {t('popupRegisterButton')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
