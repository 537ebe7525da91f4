import { t } from '@/lib/i18n';
import type { ErrorInfo, RegisterReply } from '@/lib/messages/protocol';
import { InfoError } from '@/lib/info-error';
import { pinFrameResult, type PinFrameResult } from '@/lib/page/pin-frame';
import { describeFailure, describeReply, type RegistrationView } from '@/lib/page/registration';
import { isValidPin } from '@/lib/registration/pin';

/**
 * The PIN prompt inside the extension's own frame (entrypoints/pin-prompt/): a document of the
 * extension's origin, so Meta's page can neither read the field nor see its key events. The frame
 * registers the number itself (the PIN goes straight to the background) and tells the badge only the
 * outcome. A wrong PIN (Meta 133005) is asked for again here; any other outcome is handed to the badge.
 * Plain DOM, texts via textContent.
 */
export interface PinPromptDeps {
  /** The number to register, from the frame's URL (null: malformed URL, nothing to do). */
  phoneId: string | null;
  register(phoneId: string, pin: string): Promise<RegisterReply>;
  /** Hands the outcome (never the PIN) to the badge: `window.parent.postMessage(result, WhatsApp Manager)`. */
  post(result: PinFrameResult): void;
  /** Whether an event comes from the person (defaults to `event.isTrusted`). */
  isTrusted?(event: Event): boolean;
  /**
   * The number as the extension knows it (display number and name), read by the frame itself: a page
   * that points the frame at another number cannot hide which number the PIN will register.
   */
  numberName?: Promise<string | undefined>;
}

export function mountPinPrompt(doc: Document, deps: PinPromptDeps) {
  const trusted = deps.isTrusted ?? ((e: Event) => e.isTrusted);
  const main = doc.createElement('main');
  const msg = doc.createElement('p');
  msg.className = 'msg';
  msg.setAttribute('role', 'status');
  const err = doc.createElement('p');
  err.className = 'err';
  err.setAttribute('role', 'alert');

  const show = (view: Pick<RegistrationView, 'message' | 'tone'>) => {
    msg.className = view.tone === 'success' ? 'msg success' : 'msg';
    msg.textContent = view.tone === 'error' ? '' : view.message;
    err.textContent = view.tone === 'error' ? view.message : '';
  };

  const phoneId = deps.phoneId;
  if (!phoneId) {
    main.append(msg, err);
    doc.body.replaceChildren(main);
    show({ tone: 'error', message: t('contentNoReply') });
    return { form: null, input: null };
  }

  const form = doc.createElement('form');
  form.noValidate = true;
  const label = doc.createElement('label');
  label.htmlFor = 'pin';
  label.textContent = t('contentPinLabel');
  const row = doc.createElement('div');
  row.className = 'row';
  const input = doc.createElement('input');
  input.id = 'pin';
  input.name = 'pin';
  input.type = 'text';
  input.inputMode = 'numeric';
  input.autocomplete = 'off';
  input.maxLength = 6;
  input.spellcheck = false;
  input.setAttribute('aria-describedby', 'err msg');
  err.id = 'err';
  msg.id = 'msg';
  const submit = doc.createElement('button');
  submit.type = 'submit';
  submit.textContent = t('contentRegister');
  row.append(input, submit);
  form.append(label, row);
  main.append(form, msg, err);
  doc.body.replaceChildren(main);
  show({ tone: 'info', message: t('contentPinNeeded') });
  void deps.numberName?.then((name) => {
    if (name && !busy && !err.textContent) show({ tone: 'info', message: t('contentPinNeededFor', [name]) });
  });

  let busy = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (busy || !trusted(e)) return;
    const pin = input.value.trim();
    if (!isValidPin(pin)) {
      show({ tone: 'error', message: t('contentPinFormat') });
      input.focus();
      return;
    }
    busy = true;
    submit.disabled = true;
    input.readOnly = true;
    show({ tone: 'info', message: t('contentRegistering') });
    void deps.register(phoneId, pin).then(
      (reply) => finish(describeReply(reply), { reply }),
      (error: unknown) => finish(describeFailure(error), { error: errorInfo(error) }),
    );
  });

  const finish = (view: RegistrationView, outcome: { reply: RegisterReply } | { error: ErrorInfo }) => {
    busy = false;
    submit.disabled = false;
    input.readOnly = false;
    input.value = '';
    show(view);
    // A wrong PIN (or Meta asking for one again): stay here and ask again.
    if (view.phase === 'pin') {
      input.focus();
      return;
    }
    deps.post(pinFrameResult(phoneId, outcome));
  };

  return { form, input };
}

function errorInfo(error: unknown): ErrorInfo {
  return error instanceof InfoError ? error.info : { problem: 'contentNoReply', kind: 'no_reply' };
}
