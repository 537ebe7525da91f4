// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp } from '@/components/popup/PopupApp';
import { RegisterActionsProvider } from '@/components/popup/RegisterActions';
import type { RegisterOutcome } from '@/components/popup/RegisterResult';
import { VerifyOwnership } from '@/components/popup/VerifyOwnership';
import { withOwnership } from '@/lib/engine/number-update';
import type { ErrorInfo } from '@/lib/messages/protocol';
import { numbersItem } from '@/lib/storage/items';
import type { NumberState } from '@/lib/storage/schemas';
import { toNumberView } from '@/lib/ui/number-list';
import { metaLanguage } from '@/lib/ui/verify-language';
import {
  fail,
  healthyPhone,
  isolateEachTest,
  lisbonShops,
  mockBackground,
  numberState,
  renderWithClient,
  requests,
  seed,
  STUCK,
  stuckPhone,
  validToken,
  WABA,
  HEALTHY,
} from '../support';

isolateEachTest();

const NOT_VERIFIED = () =>
  numberState(WABA, stuckPhone(STUCK, { code_verification_status: 'NOT_VERIFIED', display_phone_number: '+351 912 345 678' }));
const view = (n: NumberState) => toNumberView(n, lisbonShops(n.id));

/** A promise the test settles by hand (a request still out). */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** VerifyOwnership alone, inside the popup's registration actions (spies). */
function renderVerify(
  n: NumberState = NOT_VERIFIED(),
  actions: { results?: Record<string, RegisterOutcome>; pending?: Record<string, boolean> } = {},
) {
  const onRegister = vi.fn();
  const utils = renderWithClient(
    <RegisterActionsProvider onRegister={onRegister} results={actions.results ?? {}} pending={actions.pending ?? {}}>
      <VerifyOwnership number={view(n)} now={Date.now()} />
    </RegisterActionsProvider>,
  );
  return { onRegister, ...utils };
}

const section = () => screen.getByRole('region', { name: 'Verify ownership' });
const sendCode = () => userEvent.click(within(section()).getByRole('button', { name: 'Send code' }));
const codeBox = () => within(section()).getByRole('textbox', { name: 'Verification code' });

/** Meta's error, as the background answers it. */
const metaError = (code: number, extra: Partial<ErrorInfo> = {}): ErrorInfo => ({
  metaMessage: `(#${code}) Meta says no`,
  code,
  kind: 'user_action',
  ...extra,
});

describe('Verify ownership (component)', () => {
  it('idle: a radio group SMS / Voice call, the language (from the browser, in Meta’s codes), and Send code', async () => {
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('pt-BR');
    renderVerify();
    const region = section();
    expect(within(region).getByRole('heading', { name: 'Verify ownership' })).toBeInTheDocument();
    expect(region).toHaveTextContent('Meta will not register this number until its ownership is verified');
    const group = within(region).getByRole('radiogroup', { name: 'Receive the code by' });
    expect(within(group).getByRole('radio', { name: 'SMS' })).toBeChecked();
    expect(within(group).getByRole('radio', { name: 'Voice call' })).not.toBeChecked();
    const language = within(region).getByRole('combobox', { name: 'Language of the message' });
    expect(language).toHaveValue('pt_BR');
    expect(
      within(language)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(expect.arrayContaining(['en_US', 'es_ES', 'es_LA', 'pt_BR']));
    expect(within(region).getByRole('button', { name: 'Send code' })).toBeEnabled();
    expect(within(region).queryByRole('textbox', { name: 'Verification code' })).not.toBeInTheDocument();
  });

  it.each([
    ['pt-BR', 'pt_BR'],
    ['pt-PT', 'pt_PT'],
    ['es', 'es_ES'],
    ['es-ES', 'es_ES'],
    ['es-419', 'es_LA'],
    ['es-MX', 'es_LA'],
    ['en', 'en_US'],
    ['en-GB', 'en_GB'],
    ['fr-FR', 'fr'],
    ['zh-CN', 'zh_CN'],
    ['xx', 'en_US'],
    [undefined, 'en_US'],
  ])('the browser language %s is offered as Meta’s %s', (ui, meta) => {
    expect(metaLanguage(ui)).toBe(meta);
  });

  it('sending, then code sent: says where it went (SMS), with the method and language asked for', async () => {
    const call = later<{ ok: true }>();
    const spy = mockBackground({ requestCode: () => call.promise });
    renderVerify();
    await userEvent.selectOptions(within(section()).getByRole('combobox', { name: 'Language of the message' }), 'es_LA');
    await sendCode();
    expect(within(section()).getByRole('status')).toHaveTextContent('Asking Meta to send the code…');
    expect(within(section()).getByRole('button', { name: 'Send code' })).toBeDisabled();
    call.resolve({ ok: true });
    await waitFor(() => expect(within(section()).getByRole('status')).toHaveTextContent('Meta sent a code by SMS to +351 912 345 678.'));
    expect(requests(spy)).toEqual([{ type: 'requestCode', phoneId: STUCK, method: 'SMS', language: 'es_LA' }]);
    const box = codeBox();
    expect(box).toHaveAttribute('inputmode', 'numeric');
    expect(box).toHaveAttribute('autocomplete', 'one-time-code');
    expect(within(section()).getByRole('button', { name: 'Verify' })).toBeEnabled();
  });

  it('a voice call: says Meta is calling the number', async () => {
    const spy = mockBackground({ requestCode: () => ({ ok: true }) });
    renderVerify();
    await userEvent.click(within(section()).getByRole('radio', { name: 'Voice call' }));
    await sendCode();
    await waitFor(() =>
      expect(within(section()).getByRole('status')).toHaveTextContent('Meta is calling +351 912 345 678 to read out a code.'),
    );
    expect(requests(spy)[0]).toMatchObject({ method: 'VOICE' });
  });

  it('checks the 6 digits before sending anything, with a clear message', async () => {
    const spy = mockBackground({ requestCode: () => ({ ok: true }), verifyCode: () => ({ ok: true }) });
    renderVerify();
    await sendCode();
    await screen.findByRole('textbox', { name: 'Verification code' });
    for (const bad of ['', '12345', '1234567', '12a456']) {
      await userEvent.clear(codeBox());
      if (bad) await userEvent.type(codeBox(), bad);
      await userEvent.click(within(section()).getByRole('button', { name: 'Verify' }));
      expect(within(section()).getByRole('alert')).toHaveTextContent('The verification code is exactly 6 digits (0–9).');
      expect(codeBox()).toHaveAttribute('aria-invalid', 'true');
      expect(codeBox()).toHaveFocus();
    }
    expect(requests(spy).map((r) => r.type)).toEqual(['requestCode']);
    // Typing again clears the message.
    await userEvent.type(codeBox(), '1');
    expect(within(section()).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('verifying, then verified: the code is cleared and Complete registration goes to the popup’s own registration', async () => {
    const call = later<{ ok: true }>();
    const spy = mockBackground({ requestCode: () => ({ ok: true }), verifyCode: () => call.promise });
    const { onRegister } = renderVerify();
    await sendCode();
    await userEvent.type(await screen.findByRole('textbox', { name: 'Verification code' }), '123 456{Enter}');
    expect(within(section()).getByText('Checking the code with Meta…')).toBeInTheDocument();
    expect(within(section()).getByRole('button', { name: 'Verify' })).toBeDisabled();
    call.resolve({ ok: true });
    expect(await within(section()).findByText('Ownership verified. Complete the registration now.')).toBeInTheDocument();
    expect(requests(spy).at(-1)).toEqual({ type: 'verifyCode', phoneId: STUCK, code: '123456' });
    expect(within(section()).queryByRole('textbox')).not.toBeInTheDocument();
    expect(section()).not.toHaveTextContent('123456');
    await userEvent.click(within(section()).getByRole('button', { name: 'Complete registration' }));
    expect(onRegister).toHaveBeenCalledWith(STUCK);
  });

  it('verified: the registration in progress, then its result (a failure keeps Complete registration to try again)', async () => {
    mockBackground({ requestCode: () => ({ ok: true }), verifyCode: () => ({ ok: true }) });
    const n = NOT_VERIFIED();
    const onRegister = vi.fn();
    const at = (actions: { results?: Record<string, RegisterOutcome>; pending?: Record<string, boolean> }) => (
      <RegisterActionsProvider onRegister={onRegister} results={actions.results ?? {}} pending={actions.pending ?? {}}>
        <VerifyOwnership number={view(n)} now={Date.now()} />
      </RegisterActionsProvider>
    );
    const { rerender } = render(at({}));
    await sendCode();
    await userEvent.type(await screen.findByRole('textbox', { name: 'Verification code' }), '123456{Enter}');
    await within(section()).findByText('Ownership verified. Complete the registration now.');

    rerender(at({ pending: { [STUCK]: true } }));
    expect(within(section()).getByRole('button', { name: 'Complete registration' })).toBeDisabled();
    expect(within(section()).getByText('Registering with Meta…')).toBeInTheDocument();

    const failed: RegisterOutcome = { status: 'failed', error: metaError(133005, { nextStep: 'wrongPin' }) };
    rerender(at({ results: { [STUCK]: failed } }));
    expect(within(section()).getByRole('alert')).toHaveTextContent('Registration failed:');
    expect(within(section()).getByRole('button', { name: 'Complete registration' })).toBeEnabled();

    rerender(at({ results: { [STUCK]: { status: 'registered' } } }));
    expect(section()).toHaveTextContent('Registration completed');
    expect(section()).not.toHaveTextContent('Complete the registration now');
    expect(within(section()).queryByRole('button', { name: 'Complete registration' })).not.toBeInTheDocument();
  });

  it.each([
    ['136025 (wrong or expired code): check it or send a new one', 136025, 'wrongCode', /send a new code/],
    [
      '133008 (too many attempts) with Meta’s wait',
      133008,
      'tooManyAttempts',
      /Wait before trying again; Meta says: “Try again in 10 minutes”/,
    ],
    ['133009 (too fast) without a wait', 133009, 'tooManyAttempts', /Wait a while before trying again/],
  ] as const)('verify fails with %s; the code stays to correct, and a new code can be sent', async (_name, code, nextStep, next) => {
    const wait = code === 133008 ? { wait: 'Try again in 10 minutes' } : {};
    const spy = mockBackground({
      requestCode: () => ({ ok: true }),
      verifyCode: () => Promise.reject(fail(metaError(code, { nextStep, ...wait }))),
    });
    renderVerify();
    await sendCode();
    await userEvent.type(await screen.findByRole('textbox', { name: 'Verification code' }), '654321{Enter}');
    const alert = await within(section()).findByRole('alert');
    expect(alert).toHaveTextContent('The code was not accepted:');
    expect(alert).toHaveTextContent(`(#${code}) Meta says no`);
    expect(alert).toHaveTextContent(next);
    expect(codeBox()).toHaveValue('654321');
    expect(within(section()).queryByRole('button', { name: 'Complete registration' })).not.toBeInTheDocument();

    await userEvent.click(within(section()).getByRole('button', { name: 'Send a new code' }));
    await sendCode();
    expect(requests(spy).map((r) => r.type)).toEqual(['requestCode', 'verifyCode', 'requestCode']);
    await waitFor(() => expect(within(section()).queryByRole('alert')).not.toBeInTheDocument());
  });

  it('send fails with 136024 (verified already): says so and goes straight to registration', async () => {
    mockBackground({ requestCode: () => Promise.reject(fail(metaError(136024, { nextStep: 'alreadyVerified' }))) });
    const { onRegister } = renderVerify();
    await sendCode();
    const alert = await within(section()).findByRole('alert');
    expect(alert).toHaveTextContent('The code was not sent:');
    expect(alert).toHaveTextContent('Meta has this number verified already: no code is needed. Complete the registration now.');
    expect(within(section()).queryByRole('button', { name: 'Send code' })).not.toBeInTheDocument();
    await userEvent.click(within(section()).getByRole('button', { name: 'Complete registration' }));
    expect(onRegister).toHaveBeenCalledWith(STUCK);
  });

  it('send fails (133009 too fast, or no token): the error and what to do, and Send code again', async () => {
    mockBackground({
      requestCode: vi
        .fn()
        .mockRejectedValueOnce(fail(metaError(133009, { nextStep: 'tooManyAttempts' })))
        .mockRejectedValueOnce(fail({ problem: 'errNoToken', kind: 'auth', nextStep: 'auth' })),
    });
    renderVerify();
    await sendCode();
    expect(await within(section()).findByRole('alert')).toHaveTextContent(/The code was not sent: \(#133009\) Meta says no.*Wait a while/);
    await sendCode();
    await waitFor(() => expect(within(section()).getByRole('alert')).toHaveTextContent('Save a valid access token first.'));
    expect(within(section()).getByRole('button', { name: 'Send code' })).toBeEnabled();
  });

  it('is never rendered for a VERIFIED number, one that needs only registration, or a removed one', () => {
    const verified = numberState(WABA, stuckPhone(STUCK, { code_verification_status: 'VERIFIED' }));
    expect(verified.decision).toBe('register');
    renderVerify(verified);
    renderVerify(numberState(WABA, healthyPhone(HEALTHY, { code_verification_status: 'NOT_VERIFIED' })));
    renderVerify({ ...NOT_VERIFIED(), removedAt: Date.now() });
    expect(screen.queryByRole('region', { name: 'Verify ownership' })).not.toBeInTheDocument();
  });
});

describe('Verify ownership in the popup', () => {
  /** The background as the real one answers: a code accepted makes the number registrable. */
  const background = (register: (pin?: string) => unknown = () => ({ status: 'registered', generatedPin: '482913' })) =>
    mockBackground({
      requestCode: () => ({ ok: true }),
      verifyCode: async (r) => {
        const id = r.type === 'verifyCode' ? r.phoneId : '';
        await numbersItem.update((all) => ({ ...all, [id]: withOwnership(all[id]!, true, Date.now()) }), { ids: [id] });
        return { ok: true };
      },
      completeRegistration: (r) => register(r.type === 'completeRegistration' ? r.pin : undefined),
    });

  async function openVerify() {
    await seed({
      token: validToken(),
      accounts: lisbonShops(STUCK, HEALTHY),
      numbers: [NOT_VERIFIED(), numberState(WABA, healthyPhone(HEALTHY))],
    });
    renderWithClient(<PopupApp />);
    const row = await waitFor(() => {
      const el = document.querySelector<HTMLElement>(`[data-phone-number-id="${STUCK}"]`);
      if (!el) throw new Error('no row yet');
      return el;
    });
    // The row offers Verify ownership instead of Complete registration.
    expect(within(row).queryByRole('button', { name: 'Complete registration' })).not.toBeInTheDocument();
    await userEvent.click(within(row).getByRole('button', { name: 'Verify ownership' }));
    const dialog = await screen.findByRole('dialog');
    return { row, dialog };
  }

  it('row -> details -> Send code -> Verify -> Complete registration -> registered', async () => {
    const spy = background();
    const { dialog } = await openVerify();
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Send code' }));
    await userEvent.type(await within(dialog).findByRole('textbox', { name: 'Verification code' }), '123456');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Verify' }));
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Complete registration' }));
    await waitFor(() => expect(section()).toHaveTextContent(/Registration completed: Meta accepted it.*482913/));
    expect(within(section()).queryByRole('button', { name: 'Complete registration' })).not.toBeInTheDocument();
    expect(requests(spy).map((r) => r.type)).toEqual(['requestCode', 'verifyCode', 'completeRegistration']);
  });

  it('the PIN dialog when Meta needs the PIN; the details come back on the registration step with its result', async () => {
    const spy = background((pin) => (pin ? { status: 'registered' } : { status: 'pin_needed' }));
    const { dialog } = await openVerify();
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Send code' }));
    await userEvent.type(await within(dialog).findByRole('textbox', { name: 'Verification code' }), '123456{Enter}');
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Complete registration' }));

    const pinDialog = await screen.findByRole('dialog', { name: 'Complete registration' });
    await userEvent.type(within(pinDialog).getByRole('textbox', { name: 'Two-step verification PIN' }), '246810{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Complete registration' })).not.toBeInTheDocument());
    expect(await within(section()).findByText(/Registration completed: Meta accepted it/)).toBeInTheDocument();
    expect(requests(spy).map((r) => (r.type === 'completeRegistration' ? `register${r.pin ? ' with PIN' : ''}` : r.type))).toEqual([
      'requestCode',
      'verifyCode',
      'register',
      'register with PIN',
    ]);
  });
});
