import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { CODE_VALID_MS } from '@/lib/engine/number-update';
import { t } from '@/lib/i18n';
import { uiLocale } from '@/lib/format/time';
import { sendRequest } from '@/lib/messages/client';
import type { ErrorInfo } from '@/lib/messages/protocol';
import { toErrorInfo } from '@/lib/ui/error-text';
import type { NumberView } from '@/lib/ui/number-list';
import { languageName, metaLanguage, VERIFY_LANGUAGES } from '@/lib/ui/verify-language';
import { Button, inputClass } from '@/components/ui/Button';
import { ErrorText } from '@/components/ui/ErrorText';
import { DigitsField, useCodeField } from '@/components/ui/Field';
import { useRegisterActions } from './RegisterActions';
import { RegisterResultView } from './RegisterResult';

type Method = 'SMS' | 'VOICE';
/** idle: choose how; sending: request_code out; sent: type the code; verifying: verify_code out; verified: register next. */
type Phase = 'idle' | 'sending' | 'sent' | 'verifying' | 'verified';

const SIX_DIGITS = /^\d{6}$/;
/** Meta has the number verified already (request_code): registration is next. */
const ALREADY_VERIFIED = 136024;

/**
 * "Verify ownership" in a number's details: for a stuck number Meta will not register until its ownership is
 * verified (decision `verify_ownership`: 133006, or a code_verification_status other than VERIFIED; never a
 * VERIFIED number). SMS or voice call and the language, "Send code" (request_code), the 6-digit code checked
 * before "Verify" (verify_code), then the popup's own "Complete registration" (its PIN dialog included).
 * The code lives in this form's state only, and is cleared once Meta accepted it.
 */
export function VerifyOwnership({ number: n, now }: { number: NumberView; now: number }) {
  const actions = useRegisterActions();
  const [phase, setPhase] = useState<Phase>('idle');
  const [method, setMethod] = useState<Method>('SMS');
  const [sentBy, setSentBy] = useState<Method>('SMS');
  const [language, setLanguage] = useState(() => metaLanguage(uiLocale()));
  const [failure, setFailure] = useState<{ lead: string; error: ErrorInfo } | null>(null);
  const code = useCodeField();
  const codeInput = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const languageId = useId();
  const methodId = useId();

  const result = actions?.results[n.id];
  // Verified here, until Meta says otherwise: register answered 133006 again, or the number needs nothing now.
  const refusedAgain = result?.status === 'failed' && result.error.code === 133006;
  const verified = (phase === 'verified' || actions?.verified.has(n.id) === true) && !refusedAgain;
  const shown: Phase = verified ? 'verified' : phase === 'verified' ? 'idle' : phase;
  // A code sent a moment ago (the details or the popup were closed meanwhile): its box again, no new SMS.
  const recentCode = n.codeSent !== undefined && now - n.codeSent.at < CODE_VALID_MS;
  const restored = useRef(false);
  const codeMethod = n.codeSent?.method;
  useEffect(() => {
    if (restored.current || !recentCode) return;
    restored.current = true;
    setSentBy(codeMethod === 'VOICE' ? 'VOICE' : 'SMS');
    setPhase((p) => (p === 'idle' ? 'sent' : p));
  }, [recentCode, codeMethod]);
  // Keyboard focus follows the step: the code box once a code is on its way.
  useEffect(() => {
    if (shown === 'sent') codeInput.current?.focus();
  }, [shown]);
  if (n.removedAt !== undefined || n.decision === 'none' || (n.decision !== 'verify_ownership' && !verified)) return null;

  const onVerified = () => {
    setPhase('verified');
    actions?.markVerified(n.id);
  };

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (phase === 'sending') return;
    setPhase('sending');
    setFailure(null);
    try {
      await sendRequest<'requestCode'>({ type: 'requestCode', phoneId: n.id, method, language });
      setSentBy(method);
      setPhase('sent');
    } catch (e) {
      const error = toErrorInfo(e);
      setFailure({ lead: t('popupVerifySendFailed'), error });
      if (error.code === ALREADY_VERIFIED) onVerified();
      else setPhase('idle');
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    if (phase === 'verifying') return;
    const value = code.value.replace(/\s/g, '');
    if (!SIX_DIGITS.test(value)) {
      code.setProblem(t('popupVerifyCodeInvalid'));
      codeInput.current?.focus();
      return;
    }
    setPhase('verifying');
    setFailure(null);
    try {
      await sendRequest<'verifyCode'>({ type: 'verifyCode', phoneId: n.id, code: value });
      code.setValue('');
      onVerified();
    } catch (e) {
      setFailure({ lead: t('popupVerifyFailed'), error: toErrorInfo(e) });
      setPhase('sent');
    }
  };

  const registering = actions?.pending[n.id] === true;
  const muted = 'text-slate-700 dark:text-slate-300';

  return (
    <section
      aria-labelledby={headingId}
      data-verify-ownership={phase}
      className="mt-3 space-y-2 rounded-md border border-amber-600 bg-amber-50 p-2 text-slate-900 dark:border-amber-400 dark:bg-slate-800 dark:text-slate-100"
    >
      <h3 id={headingId} className="text-sm font-semibold">
        {t('popupVerifyOwnership')}
      </h3>

      {!verified && <p className={muted}>{t('popupVerifyIntro')}</p>}

      {(shown === 'idle' || shown === 'sending') && (
        <form onSubmit={send} noValidate className="space-y-2">
          <p id={methodId} className="font-medium">
            {t('popupVerifyMethod')}
          </p>
          <div role="radiogroup" aria-labelledby={methodId} className="flex flex-wrap items-center gap-3">
            {(['SMS', 'VOICE'] as const).map((m) => (
              <label key={m} className="inline-flex items-center gap-1">
                <input
                  type="radio"
                  name={`verify-method-${n.id}`}
                  value={m}
                  checked={method === m}
                  onChange={() => setMethod(m)}
                  className="accent-emerald-700 dark:accent-emerald-500"
                />
                {m === 'SMS' ? t('popupVerifySms') : t('popupVerifyVoice')}
              </label>
            ))}
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={languageId} className="font-medium">
              {t('popupVerifyLanguage')}
            </label>
            <select id={languageId} value={language} onChange={(e) => setLanguage(e.target.value)} className={inputClass}>
              {[...new Set([language, ...VERIFY_LANGUAGES])].map((code) => (
                <option key={code} value={code}>
                  {languageName(code, uiLocale())}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="primary" disabled={phase === 'sending'}>
            {t('popupVerifySend')}
          </Button>
          <Busy when={phase === 'sending'} text={t('popupVerifySending')} />
        </form>
      )}

      {(shown === 'sent' || shown === 'verifying') && (
        <>
          <p role="status">{t(sentBy === 'SMS' ? 'popupVerifySentSms' : 'popupVerifySentVoice', [n.display.replace(/ /g, '\u00a0')])}</p>
          <form onSubmit={verify} noValidate className="space-y-2">
            <DigitsField
              ref={codeInput}
              label={t('popupVerifyCodeLabel')}
              help={t('popupVerifyCodeHelp')}
              {...code.field}
              autoComplete="one-time-code"
            />
            <div className="flex flex-wrap gap-2">
              <Button type="submit" variant="primary" disabled={phase === 'verifying'}>
                {t('popupVerifyButton')}
              </Button>
              <Button
                variant="secondary"
                disabled={phase === 'verifying'}
                onClick={() => {
                  setFailure(null);
                  setPhase('idle');
                }}
              >
                {t('popupVerifySendAgain')}
              </Button>
            </div>
            <Busy when={phase === 'verifying'} text={t('popupVerifying')} />
          </form>
        </>
      )}

      {failure && <ErrorText error={failure.error} lead={failure.lead} />}

      {verified && (
        <>
          {!failure && result?.status !== 'registered' && (
            <p role="status">
              <span aria-hidden="true" className="mr-1 font-bold">
                ✓
              </span>
              {t('popupVerified')}
            </p>
          )}
          {actions && result?.status !== 'registered' && (
            <Button variant="primary" disabled={registering} onClick={() => actions.onRegister(n.id)}>
              {t('popupCompleteRegistration')}
            </Button>
          )}
          {registering && (
            <p role="status" className={muted}>
              {t('popupRegistering')}
            </p>
          )}
          {result && <RegisterResultView result={result} now={now} />}
        </>
      )}
    </section>
  );
}

/** What is under way (a code being sent or checked), announced politely. */
function Busy({ when, text }: { when: boolean; text: string }) {
  return when ? (
    <p role="status" className="text-slate-700 dark:text-slate-300">
      {text}
    </p>
  ) : null;
}
