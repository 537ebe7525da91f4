// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { PopupApp } from '@/components/popup/PopupApp';
import { RegisterActionsProvider } from '@/components/popup/RegisterActions';
import type { RegisterOutcome } from '@/components/popup/RegisterResult';
import { VerifyOwnership } from '@/components/popup/VerifyOwnership';
import { withOwnership } from '@/lib/engine/number-update';
import type { NumberState } from '@/lib/storage/schemas';
import { numbersItem } from '@/lib/storage/items';
import { toNumberView } from '@/lib/ui/number-list';
import {
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

/** Verify ownership (popup) after an adversarial review: a code sent survives closing, Meta's later answers win over "verified here", focus follows the step. */
isolateEachTest();

const NOT_VERIFIED = () =>
  numberState(WABA, stuckPhone(STUCK, { code_verification_status: 'NOT_VERIFIED', display_phone_number: '+351 912 345 678' }));
const view = (n: NumberState) => toNumberView(n, lisbonShops(n.id));
const section = () => screen.getByRole('region', { name: 'Verify ownership' });

describe('Verify ownership (popup): across closes and later answers', () => {
  it('U1: a code already sent can be typed after the details (or the popup) closed and opened again, without a new request_code', async () => {
    // As the background does (lib/engine/verify.ts): the code sent is recorded on the number (not the code).
    const spy = mockBackground({
      requestCode: async (r) => {
        if (r.type === 'requestCode')
          await numbersItem.update(
            (all) => ({ ...all, [r.phoneId]: { ...all[r.phoneId]!, codeRequest: { sentAt: Date.now(), method: r.method } } }),
            { ids: [r.phoneId] },
          );
        return { ok: true };
      },
    });
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
    await userEvent.click(within(row).getByRole('button', { name: 'Verify ownership' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Send code' }));
    await within(dialog).findByRole('textbox', { name: 'Verification code' });
    // The person closes the details (or clicks outside the popup, which closes it) while the SMS arrives.
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await userEvent.click(within(row).getByRole('button', { name: 'Verify ownership' }));
    const again = await screen.findByRole('dialog');
    // The code box again (not only "Send code"): the code in hand can be typed without a second SMS.
    expect(await within(again).findByRole('textbox', { name: 'Verification code' }, { timeout: 3000 })).toBeInTheDocument();
    expect(requests(spy).filter((r) => r.type === 'requestCode')).toHaveLength(1);
  });

  const renderWith = (n: NumberState, results: Record<string, RegisterOutcome>) => (
    <RegisterActionsProvider onRegister={vi.fn()} results={results} pending={{}}>
      <VerifyOwnership number={view(n)} now={Date.now()} />
    </RegisterActionsProvider>
  );

  /** A NOT_VERIFIED number verified in this popup (Send code, the 6 digits, Verify). */
  async function verifiedHere() {
    mockBackground({ requestCode: () => ({ ok: true }), verifyCode: () => ({ ok: true }) });
    const n = NOT_VERIFIED();
    const { rerender } = render(renderWith(n, {}));
    await userEvent.click(within(section()).getByRole('button', { name: 'Send code' }));
    await userEvent.type(await screen.findByRole('textbox', { name: 'Verification code' }), '123456{Enter}');
    await within(section()).findByText('Ownership verified. Complete the registration now.');
    return { n, rerender };
  }

  it('U2: verified in this popup, then register answered 133006 (verify_ownership again): the section offers Send code, not "Ownership verified"', async () => {
    const { n, rerender } = await verifiedHere();
    // The background recorded the code, the registration went out, Meta answered 133006 (the number is
    // `verify_ownership` again: lib/engine/register.ts).
    const back = withOwnership(withOwnership(n, true, 1), false, 2);
    expect(back.decision).toBe('verify_ownership');
    const failed: RegisterOutcome = {
      status: 'failed',
      error: { code: 133006, kind: 'user_action', metaMessage: '(#133006) re-verification needed', nextStep: 'reverify' },
    };
    rerender(renderWith(back, { [STUCK]: failed }));
    expect(within(section()).getByRole('button', { name: 'Send code' })).toBeInTheDocument();
  });

  it('U3: verified in this popup, then the number got provisioned (decision none): no "Complete registration" left in its details', async () => {
    const { rerender } = await verifiedHere();
    // Registered meanwhile by the automatic retry (or on WhatsApp Manager); the next read says CONNECTED.
    const provisioned = numberState(WABA, healthyPhone(STUCK));
    expect(provisioned.decision).toBe('none');
    rerender(renderWith(provisioned, {}));
    expect(screen.queryByRole('button', { name: 'Complete registration' })).not.toBeInTheDocument();
  });

  it('U4: keyboard focus is not dropped to <body> when Send code is replaced by the code box', async () => {
    mockBackground({ requestCode: () => ({ ok: true }) });
    render(renderWith(NOT_VERIFIED(), {}));
    const send = within(section()).getByRole('button', { name: 'Send code' });
    send.focus();
    await userEvent.keyboard('{Enter}');
    const box = await screen.findByRole('textbox', { name: 'Verification code' });
    expect(document.activeElement).not.toBe(document.body);
    expect(box).toHaveFocus();
  });
});
