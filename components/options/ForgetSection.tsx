import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { t } from '@/lib/i18n';
import { sendRequest } from '@/lib/messages/client';
import { toErrorInfo } from '@/lib/ui/error-text';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { ErrorText } from '@/components/ui/ErrorText';
import { Section } from './Section';

/**
 * "Forget all data": after a confirmation, the background removes everything (token, PINs, numbers,
 * accounts, history, settings). The page follows storage, so it shows the fresh onboarding state.
 */
export function ForgetSection() {
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const queryClient = useQueryClient();
  const forget = useMutation({
    mutationFn: () => sendRequest<'forgetAll'>({ type: 'forgetAll' }),
    onMutate: () => setNote(''),
    onSuccess: async () => {
      setConfirming(false);
      setNote(t('optionsForgetDone'));
      // Storage watchers already follow the clear; re-read anyway so nothing from before stays cached.
      await queryClient.invalidateQueries({ queryKey: ['storage'] });
    },
  });

  return (
    <Section id="forget" title={t('optionsForgetHeading')} description={t('optionsForgetBody')}>
      <Button variant="danger" onClick={() => setConfirming(true)} aria-haspopup="dialog">
        {t('optionsForgetButton')}
      </Button>
      <p role="status" className="mt-2 min-h-5 text-slate-800 dark:text-slate-200">
        {note}
      </p>
      {confirming && (
        <ConfirmDialog
          title={t('optionsForgetTitle')}
          confirmLabel={t('optionsForgetConfirm')}
          onConfirm={() => forget.mutate()}
          onCancel={() => {
            forget.reset();
            setConfirming(false);
          }}
          pending={forget.isPending}
          footer={forget.isError ? <ErrorText error={toErrorInfo(forget.error)} lead={t('optionsForgetFailed')} /> : null}
        >
          <p>{t('optionsForgetWhat')}</p>
          <p className="mt-2">
            <span aria-hidden="true">⚠ </span>
            {t('optionsForgetPins')}
          </p>
          <p className="mt-2 text-xs">{t('optionsForgetKept')}</p>
        </ConfirmDialog>
      )}
    </Section>
  );
}
