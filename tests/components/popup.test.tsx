// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { PopupApp } from '@/components/popup/PopupApp';
import type { HealthStatusEntity } from '@/lib/graph/schemas';
import { engineItem, numbersItem, registrationsItem, tokenStatusItem } from '@/lib/storage/items';
import {
  accountsWith,
  fail,
  healthyPhone,
  MIN,
  mockBackground,
  mockOpenOptions,
  numberState,
  renderWithClient,
  requests,
  seed,
  stuckPhone,
  validToken,
  WABA,
  STUCK,
  HEALTHY,
  isolateEachTest,
  lisbonShops,
} from './support';

const ODD = '106540352240002';

isolateEachTest();

async function seedSmall() {
  await seed({
    token: validToken(),
    accounts: lisbonShops(STUCK, HEALTHY, ODD),
    numbers: [
      numberState(WABA, healthyPhone(HEALTHY)),
      numberState(WABA, stuckPhone(STUCK, { name_status: 'APPROVED' })),
      numberState(
        WABA,
        healthyPhone(ODD, {
          quality_rating: 'YELLOW',
          status: 'SOME_NEW_VALUE',
          whatsapp_business_manager_messaging_limit: 'TIER_UNLIMITED',
        }),
        { stale: true },
      ),
    ],
  });
}

/** The stuck number, its sending limited by Meta for a payment method issue (error 141006), and any other health entities. */
const paymentLimited = (error: { possible_solution?: string } = {}, ...others: HealthStatusEntity[]) =>
  stuckPhone(STUCK, {
    health_status: {
      can_send_message: 'LIMITED',
      entities: [
        {
          entity_type: 'PHONE_NUMBER',
          id: STUCK,
          can_send_message: 'LIMITED',
          errors: [{ error_code: 141006, error_description: 'Payment method issue', ...error }],
        },
        ...others,
      ],
    },
  });

const card = (id: string) => document.querySelector<HTMLElement>(`[data-phone-number-id="${id}"]`)!;
const findCard = (id: string) =>
  waitFor(() => {
    const el = card(id);
    if (!el) throw new Error(`no element for ${id}`);
    return el;
  });
const cards = () => [...document.querySelectorAll<HTMLElement>('[data-phone-number-id]')];

describe('popup', () => {
  it('without a token: short onboarding with a button to the options page', async () => {
    const open = mockOpenOptions();
    renderWithClient(<PopupApp />);
    expect(await screen.findByRole('heading', { name: 'Connect your WhatsApp Business account' })).toBeInTheDocument();
    expect(cards()).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    expect(open).toHaveBeenCalledOnce();
  });

  it('shows a loading state until stored state is read, then paints from storage without any request', async () => {
    await seedSmall();
    const spy = mockBackground({});
    renderWithClient(<PopupApp />);
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    await waitFor(() => expect(cards()).toHaveLength(3));
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
    expect(spy).not.toHaveBeenCalled();
  });

  it('lists numbers grouped by WABA, worst first, as compact rows: health, number, name, the most important line; the full card in Details', async () => {
    await seedSmall();
    renderWithClient(<PopupApp />);
    await waitFor(() => expect(cards()).toHaveLength(3));
    expect(cards().map((c) => [c.dataset.phoneNumberId, c.dataset.health])).toEqual([
      [STUCK, 'stuck'],
      [ODD, 'attention'],
      [HEALTHY, 'healthy'],
    ]);
    // Portfolio (h2) -> WABA (h3) -> number (h4).
    expect(screen.getByRole('heading', { level: 3, name: 'Lisbon shops' })).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 2 }).length).toBeGreaterThan(0);

    const healthy = within(card(HEALTHY));
    expect(healthy.getByRole('heading', { name: '+1 555-010-0001' })).toBeInTheDocument();
    expect(healthy.getByText('Shop 0001')).toBeInTheDocument();
    expect(healthy.getByText('Healthy')).toBeInTheDocument();
    // Nothing wrong: the row's line says when it was checked.
    expect(healthy.getByText('Checked 3 min ago')).toBeInTheDocument();
    expect(healthy.queryByText(/Stale/)).not.toBeInTheDocument();
    expect(healthy.queryByRole('button', { name: 'Complete registration' })).not.toBeInTheDocument();

    // A failed last read is marked stale in words (for screen readers) and by a glyph.
    const odd = within(card(ODD));
    expect(odd.getByText('Stale: the last check failed')).toBeInTheDocument();
    expect(odd.getByText('Quality rating: Medium quality')).toBeInTheDocument();
    expect(card(ODD).textContent).not.toMatch(/SOME_NEW_VALUE|TIER_/);

    const stuck = within(card(STUCK));
    expect(stuck.getByText('Stuck')).toBeInTheDocument();
    expect(stuck.getAllByText('Registration incomplete (not provisioned on the Cloud API)')).toHaveLength(1);
    expect(stuck.getByRole('button', { name: 'Complete registration' })).toBeInTheDocument();
    // Few numbers: no filter box, nothing collapsed.
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();

    // The full card: every attribute, humanised, in Details.
    await userEvent.click(within(card(ODD)).getByRole('button', { name: 'Details' }));
    const dialog = within(await screen.findByRole('dialog'));
    for (const text of ['Some new value', 'Unlimited customers']) expect(dialog.getAllByText(text).length).toBeGreaterThan(0);
  });

  it('shows at least 8 numbers on the first screen: each row is compact (about 56 px)', async () => {
    await seedSmall();
    renderWithClient(<PopupApp />);
    await waitFor(() => expect(cards()).toHaveLength(3));
    // jsdom has no layout: the row's structure is what keeps it short: two lines, no lists, no badges.
    for (const c of cards()) {
      expect(c.querySelectorAll('ul, li')).toHaveLength(0);
      expect(c.children.length).toBeLessThanOrEqual(2);
    }
  });

  it('follows storage live: a number changing state re-renders without reopening', async () => {
    await seedSmall();
    renderWithClient(<PopupApp />);
    await waitFor(() => expect(card(STUCK)).toHaveAttribute('data-health', 'stuck'));
    await act(async () => {
      await numbersItem.update((n) => ({ ...n, [STUCK]: numberState(WABA, healthyPhone(STUCK)) }));
    });
    await waitFor(() => expect(card(STUCK)).toHaveAttribute('data-health', 'healthy'));
    expect(within(card(STUCK)).queryByRole('button', { name: 'Complete registration' })).not.toBeInTheDocument();
  });

  it('Complete registration: sends the request and shows success inline in that number', async () => {
    await seedSmall();
    const spy = mockBackground({ completeRegistration: () => ({ status: 'registered', generatedPin: '482913' }) });
    renderWithClient(<PopupApp />);
    const button = await within(await findCard(STUCK)).findByRole('button', { name: 'Complete registration' });
    await userEvent.click(button);
    const status = await within(card(STUCK)).findByRole('status');
    expect(status).toHaveTextContent('Registration completed: Meta accepted it.');
    expect(status).toHaveTextContent('482913');
    expect(requests(spy)).toEqual([{ type: 'completeRegistration', phoneId: STUCK }]);
    expect(within(card(STUCK)).queryByRole('button', { name: 'Complete registration' })).not.toBeInTheDocument();
    expect(within(card(HEALTHY)).queryByRole('status')).not.toBeInTheDocument();
  });

  it('PIN dialog: opens when Meta needs the PIN, checks exactly 6 digits, Escape closes and returns focus', async () => {
    await seedSmall();
    const spy = mockBackground({
      completeRegistration: (r) => (r.type === 'completeRegistration' && r.pin ? { status: 'registered' } : { status: 'pin_needed' }),
    });
    renderWithClient(<PopupApp />);
    const button = await within(await findCard(STUCK)).findByRole('button', { name: 'Complete registration' });
    await userEvent.click(button);

    const dialog = await screen.findByRole('dialog', { name: 'Complete registration' });
    const pin = within(dialog).getByRole('textbox', { name: 'Two-step verification PIN' });
    await waitFor(() => expect(pin).toHaveFocus());
    expect(screen.getByRole('main')).toHaveAttribute('inert');

    for (const bad of ['12345', '1234567', '12a456', '']) {
      await userEvent.clear(pin);
      if (bad) await userEvent.type(pin, bad);
      await userEvent.click(within(dialog).getByRole('button', { name: 'Register' }));
      expect(within(dialog).getByRole('alert')).toHaveTextContent('The PIN is exactly 6 digits');
      expect(pin).toHaveAttribute('aria-invalid', 'true');
    }
    expect(requests(spy)).toHaveLength(1); // only the first, PIN-less attempt

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(button).toHaveFocus());

    await userEvent.click(button);
    const again = await screen.findByRole('dialog');
    await userEvent.type(within(again).getByRole('textbox', { name: 'Two-step verification PIN' }), '123456{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await within(card(STUCK)).findByRole('status')).toHaveTextContent('Registration completed');
    expect(requests(spy).at(-1)).toEqual({ type: 'completeRegistration', phoneId: STUCK, pin: '123456' });
  });

  it("Meta's error shows inline with its code, its message and what to do next; a wrong PIN is asked for again", async () => {
    await seedSmall();
    const spy = mockBackground({
      completeRegistration: () => ({
        status: 'failed',
        error: {
          metaMessage: 'Two step verification PIN Mismatch (Meta error 133005)',
          code: 133005,
          kind: 'user_action',
          nextStep: 'wrongPin',
        },
      }),
    });
    renderWithClient(<PopupApp />);
    await userEvent.click(await within(await findCard(STUCK)).findByRole('button', { name: 'Complete registration' }));
    const alert = await within(card(STUCK)).findByRole('alert');
    expect(alert).toHaveTextContent('Registration failed:');
    expect(alert).toHaveTextContent('Two step verification PIN Mismatch');
    expect(alert).toHaveTextContent('133005');
    expect(alert).toHaveTextContent('What to do next: The two-step verification PIN does not match.');

    // The stored PIN is wrong: the next attempt asks for the PIN instead of reusing it.
    await userEvent.click(within(card(STUCK)).getByRole('button', { name: 'Complete registration' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Meta refused the last PIN (error 133005)');
    expect(requests(spy)).toHaveLength(1);
  });

  it('a request the background refuses shows its error inline too', async () => {
    await seedSmall();
    mockBackground({ completeRegistration: () => Promise.reject(fail({ problem: 'errNoToken', kind: 'auth', nextStep: 'auth' })) });
    renderWithClient(<PopupApp />);
    await userEvent.click(await within(await findCard(STUCK)).findByRole('button', { name: 'Complete registration' }));
    const alert = await within(card(STUCK)).findByRole('alert');
    expect(alert).toHaveTextContent('Save a valid access token first.');
    expect(alert).toHaveTextContent('Meta no longer accepts this access token');
  });

  it('a refusal is explained with the next possible time', async () => {
    await seedSmall();
    mockBackground({
      completeRegistration: () => ({ status: 'refused', reason: 'blocked_133016', until: Date.now() + 5 * 60 * MIN }),
    });
    renderWithClient(<PopupApp />);
    await userEvent.click(await within(await findCard(STUCK)).findByRole('button', { name: 'Complete registration' }));
    expect(await within(card(STUCK)).findByRole('status')).toHaveTextContent(
      /Meta blocked registration of this number for 72 hours \(error 133016\)\. Next possible: in 5 h/,
    );
  });

  it('shows registration in progress from storage and disables the button', async () => {
    await seedSmall();
    await registrationsItem.setValue({
      [STUCK]: {
        attempts: [],
        transientFailures: 0,
        inFlight: { id: 'lease-1', at: Date.now(), until: Date.now() + 60_000, mode: 'auto', owner: 'w' },
      },
    });
    renderWithClient(<PopupApp />);
    const button = await within(await findCard(STUCK)).findByRole('button', { name: 'Complete registration' });
    expect(button).toBeDisabled();
    expect(card(STUCK)).toHaveTextContent('Registering with Meta…');
  });

  it('token invalid: a clear banner with a button to fix it', async () => {
    await seedSmall();
    await tokenStatusItem.setValue(
      validToken({ state: 'invalid', error: { kind: 'auth', message: 'Error validating access token: Session has expired', code: 190 } }),
    );
    const open = mockOpenOptions();
    renderWithClient(<PopupApp />);
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('Meta no longer accepts your access token.');
    expect(banner).toHaveTextContent('Session has expired (Meta error 190)');
    await userEvent.click(within(banner).getByRole('button', { name: 'Fix the token' }));
    expect(open).toHaveBeenCalledOnce();
    expect(cards()).toHaveLength(3); // the last known state stays visible
  });

  it('token expiring soon: a banner says when', async () => {
    await seedSmall();
    await tokenStatusItem.setValue(validToken({ expiresAt: Date.now() + 2 * 24 * 60 * MIN + MIN }));
    renderWithClient(<PopupApp />);
    const banner = await screen.findByRole('region', { name: 'Token problem' });
    expect(banner).toHaveTextContent('Your access token expires in 2 d');
    expect(within(banner).getByRole('button', { name: 'Fix the token' })).toBeInTheDocument();
  });

  it('a valid, lasting token shows no banner', async () => {
    await seedSmall();
    renderWithClient(<PopupApp />);
    await waitFor(() => expect(cards()).toHaveLength(3));
    expect(screen.queryByRole('region', { name: 'Token problem' })).not.toBeInTheDocument();
  });

  it('Check now: immediate sweep with progress from the engine, then the result', async () => {
    await seedSmall();
    let finish!: (v: unknown) => void;
    const spy = mockBackground({ checkNow: () => new Promise((r) => (finish = r)) });
    renderWithClient(<PopupApp />);
    await waitFor(() => expect(cards()).toHaveLength(3));
    await userEvent.click(screen.getByRole('button', { name: 'Check now' }));
    expect(requests(spy)).toEqual([{ type: 'checkNow' }]);
    expect(screen.getByRole('button', { name: 'Check now' })).toBeDisabled();
    expect(await screen.findByText('Checking your numbers…')).toBeInTheDocument();

    await act(async () => {
      await engineItem.setValue({
        sweep: { running: { id: 'x', startedAt: Date.now(), until: Date.now() + 60_000 }, progress: { done: 1, total: 3 } },
      });
    });
    expect(await screen.findByText('Checking: 1 of 3 accounts')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Check progress' });
    expect(bar).toHaveAttribute('value', '1');
    expect(bar).toHaveAttribute('max', '3');

    await act(async () => {
      await engineItem.setValue({ sweep: { lastFinishedAt: Date.now() } });
      finish({ status: 'done', numbers: 3, calls: 2 });
    });
    expect(await screen.findByText('Checked 3 numbers just now.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled();
  });

  it('Details: every health field, Meta health entities with solutions, attempts, timeline and a WhatsApp Manager link', async () => {
    await seed({
      token: validToken(),
      accounts: accountsWith({ id: WABA, name: 'Lisbon shops', businessId: '506914307656634', phoneIds: [STUCK] }),
      numbers: [
        numberState(
          WABA,
          paymentLimited(
            { possible_solution: 'Add a payment method' },
            { entity_type: 'NEW_ENTITY_KIND', id: '77', can_send_message: 'AVAILABLE', additional_info: ['Meta says hello'] },
          ),
        ),
      ],
    });
    await registrationsItem.setValue({
      [STUCK]: {
        attempts: [
          { at: Date.now() - 30 * MIN, mode: 'auto', outcome: 'error', code: 100, subcode: 2388001, message: 'Cannot Create Certificate' },
        ],
        transientFailures: 0,
      },
    });
    renderWithClient(<PopupApp />);
    const details = await within(await findCard(STUCK)).findByRole('button', { name: 'Details' });
    await userEvent.click(details);
    const dialog = await screen.findByRole('dialog', { name: 'Details of +1 555-010-2922' });
    const d = within(dialog);
    for (const text of [
      'Pending',
      'Not provisioned',
      'No throughput',
      'Sending limited',
      'Verified',
      'Name approved',
      '2K customers / 24 h',
    ]) {
      expect(d.getAllByText(text).length).toBeGreaterThan(0);
    }
    expect(dialog).toHaveTextContent('(141006) Payment method issue');
    expect(dialog).toHaveTextContent('Possible solution: Add a payment method');
    expect(dialog).toHaveTextContent('New entity kind');
    expect(dialog).toHaveTextContent('Meta says hello');
    expect(dialog).toHaveTextContent('1 of 10 attempts used in the last 72 hours.');
    expect(dialog).toHaveTextContent('Cannot Create Certificate (Meta error 100/2388001)');
    expect(dialog).toHaveTextContent('First seen: Stuck');
    const link = d.getByRole('link', { name: 'Open in WhatsApp Manager' });
    expect(link.getAttribute('href')).toContain(`asset_id=${WABA}`);
    expect(link.getAttribute('href')).toContain('business_id=506914307656634');

    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(details).toHaveFocus());
  });

  it('paints the list from the lean summaries and reads the full numbers only when Details opens', async () => {
    const stuck = numberState(WABA, paymentLimited());
    await seed({ token: validToken(), accounts: accountsWith({ id: WABA, name: 'Lisbon shops', phoneIds: [STUCK] }), numbers: [stuck] });
    // Which IndexedDB stores the popup opens transactions on.
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const readStores = () => new Set(transaction.mock.calls.flatMap((c) => [c[0]].flat()));
    renderWithClient(<PopupApp />);
    const card = await findCard(STUCK);
    expect(card).toHaveAttribute('data-health', 'stuck');
    expect(within(card).getByRole('heading', { name: '+1 555-010-2922' })).toBeInTheDocument();
    expect(screen.getByText(/1 stuck/)).toBeInTheDocument();
    expect(readStores()).toContain('summaries');
    expect(readStores()).not.toContain('numbers');

    await userEvent.click(within(card).getByRole('button', { name: 'Details' }));
    const dialog = await screen.findByRole('dialog', { name: 'Details of +1 555-010-2922' });
    expect(readStores()).toContain('numbers');
    expect(dialog).toHaveTextContent('(141006) Payment method issue');
    expect(dialog).toHaveTextContent('First seen: Stuck');
    expect(within(dialog).getAllByText('Verified').length).toBeGreaterThan(0);
  });

  it('keeps Tab inside an open dialog', async () => {
    await seedSmall();
    mockBackground({ completeRegistration: () => ({ status: 'pin_needed' }) });
    renderWithClient(<PopupApp />);
    await userEvent.click(await within(await findCard(STUCK)).findByRole('button', { name: 'Complete registration' }));
    const dialog = await screen.findByRole('dialog');
    for (let i = 0; i < 6; i++) {
      await userEvent.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await userEvent.tab({ shift: true });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });
});

describe('popup: a number removed from its account', () => {
  it('says so instead of offering registration, is not counted, sorts last, and the person can dismiss it', async () => {
    const removed = { ...numberState(WABA, stuckPhone(STUCK)), removedAt: Date.now() - MIN, decision: 'none' };
    await seed({
      token: validToken(),
      accounts: accountsWith({ id: WABA, name: 'Lisbon shops', phoneIds: [HEALTHY] }),
      numbers: [numberState(WABA, healthyPhone(HEALTHY)), removed],
    });
    const spy = mockBackground({ dismissNumber: () => ({ ok: true }) });
    renderWithClient(<PopupApp />);
    const el = await findCard(STUCK);
    expect(el).toHaveAttribute('data-removed', 'true');
    expect(within(el).getByText(/Removed from its account/)).toBeInTheDocument();
    expect(within(el).queryByRole('button', { name: 'Complete registration' })).toBeNull();
    expect(cards().map((c) => c.getAttribute('data-phone-number-id'))).toEqual([HEALTHY, STUCK]);
    expect(screen.getByText(/1 number|1 tracked/i).textContent).toMatch(/1 removed/);
    await userEvent.click(within(el).getByRole('button', { name: /^Dismiss / }));
    expect(requests(spy)).toContainEqual({ type: 'dismissNumber', phoneId: STUCK });
  });
});

describe('popup: opened from a summary notification', () => {
  it('shows only the numbers the notification listed, and all of them on request', async () => {
    const { alarmedAtParam } = await import('@/components/popup/PopupApp');
    expect(alarmedAtParam('?alarmedAt=1790000000000')).toBe(1790000000000);
    expect(alarmedAtParam('?alarmedAt=abc')).toBeUndefined();
    expect(alarmedAtParam('')).toBeUndefined();

    await seedSmall();
    const stuckAt = (await numbersItem.getValue())[STUCK]!.history.at(-1)!.at;
    window.history.replaceState(null, '', `/popup.html?alarmedAt=${stuckAt}`);
    try {
      renderWithClient(<PopupApp />);
      await findCard(STUCK);
      expect(cards().map((c) => c.getAttribute('data-phone-number-id'))).toEqual([STUCK]);
      expect(screen.getByText('Showing the 1 numbers of the notification.')).toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'Show all numbers' }));
      await waitFor(() => expect(cards()).toHaveLength(3));
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });
});

describe('popup: who receives a WABA’s webhooks', () => {
  it('each WABA group carries data-waba-id and data-webhooks; one with no subscribed app says inbound messages reach no app', async () => {
    const OTHER = '102290129340999';
    const accounts = accountsWith(
      { id: WABA, name: 'Lisbon shops', phoneIds: [HEALTHY] },
      { id: OTHER, name: 'Porto shops', phoneIds: [STUCK] },
    );
    accounts.wabas[WABA]!.webhooks = { state: 'none', apps: [], at: Date.now() };
    accounts.wabas[OTHER]!.webhooks = { state: 'ok', apps: [{ id: '1400000000000001', name: 'Acme Inbox' }], at: Date.now() };
    await seed({
      token: validToken(),
      accounts,
      numbers: [numberState(WABA, healthyPhone(HEALTHY)), numberState(OTHER, stuckPhone(STUCK))],
    });
    renderWithClient(<PopupApp />);
    await findCard(STUCK);
    const group = (id: string) => document.querySelector(`[data-waba-id="${id}"]`) as HTMLElement;
    await waitFor(() => expect(group(WABA)).not.toBeNull());
    expect(group(WABA)).toHaveAttribute('data-webhooks', 'none');
    expect(within(group(WABA)).getByText(/No app receives this account's messages/)).toBeInTheDocument();
    expect(group(OTHER)).toHaveAttribute('data-webhooks', 'ok');
    expect(within(group(OTHER)).queryByText(/No app receives/)).toBeNull();
  });

  it('the details name the subscribed apps and only the host of the number’s override URL', async () => {
    const accounts = accountsWith({ id: WABA, name: 'Lisbon shops', phoneIds: [STUCK] });
    accounts.wabas[WABA]!.webhooks = { state: 'ok', apps: [{ id: '1400000000000001', name: 'Acme Inbox' }], at: Date.now() };
    const stuck = numberState(
      WABA,
      stuckPhone(STUCK, { webhook_configuration: { phone_number: 'https://hooks.example.com/secret/path?key=abc' } } as never),
    );
    await seed({ token: validToken(), accounts, numbers: [stuck] });
    renderWithClient(<PopupApp />);
    await userEvent.click(within(await findCard(STUCK)).getByRole('button', { name: 'Details' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Acme Inbox');
    expect(dialog).toHaveTextContent('This number overrides the URL: hooks.example.com');
    expect(dialog).not.toHaveTextContent('secret/path');
  });
});

describe('popup: root causes above the number', () => {
  const BIZ = '506914307656634';
  const OTHER = '102290129340999';
  const notVerified = {
    type: 'BUSINESS',
    id: BIZ,
    canSend: 'LIMITED',
    errors: [{ code: 141010, description: 'The business has not been verified.', solution: 'Verify the business.' }],
    info: [],
  };
  const limitedByBusiness = (id: string) =>
    healthyPhone(id, {
      whatsapp_business_manager_messaging_limit: 'TIER_2K',
      health_status: {
        can_send_message: 'LIMITED',
        entities: [
          { entity_type: 'PHONE_NUMBER', id, can_send_message: 'AVAILABLE' },
          {
            entity_type: 'BUSINESS',
            id: BIZ,
            can_send_message: 'LIMITED',
            errors: [
              { error_code: 141010, error_description: 'The business has not been verified.', possible_solution: 'Verify the business.' },
            ],
          },
        ],
      },
    });

  it("shows a portfolio's error once on its group, with its shared limit; its numbers say they are limited by it", async () => {
    const accounts = accountsWith(
      { id: WABA, name: 'Lisbon shops', businessId: BIZ, businessName: 'Sol Lda', phoneIds: [HEALTHY] },
      { id: OTHER, name: 'Porto shops', businessId: BIZ, businessName: 'Sol Lda', phoneIds: [STUCK] },
    );
    accounts.wabas[WABA]!.entities = [notVerified];
    accounts.wabas[OTHER]!.entities = [notVerified];
    await seed({
      token: validToken(),
      accounts,
      numbers: [numberState(WABA, limitedByBusiness(HEALTHY)), numberState(OTHER, limitedByBusiness(STUCK))],
    });
    renderWithClient(<PopupApp />);
    await findCard(STUCK);
    const portfolio = await waitFor(() => document.querySelector(`[data-business-id="${BIZ}"]`) as HTMLElement);
    expect(portfolio).toHaveAttribute('data-health', 'attention');
    const problem = within(portfolio)
      .getByText(/141010/)
      .closest('[data-entity-type]');
    expect(problem).toHaveAttribute('data-entity-type', 'BUSINESS');
    expect(problem).toHaveAttribute('data-error-codes', '141010');
    expect(problem).toHaveTextContent(
      'Sending limited: (141010) The business has not been verified. Possible solution: Verify the business.',
    );
    // Once in the whole list, though both WABAs and both numbers report it.
    expect(document.body.textContent?.match(/141010/g)).toHaveLength(1);
    const limit = within(portfolio).getByText('Shared limit: 2K customers / 24 h');
    expect(limit).toHaveAttribute('title', 'Messaging limit: 2K customers / 24 h, shared by all its numbers');
    for (const id of [HEALTHY, STUCK]) expect(card(id)).toHaveTextContent('Limited by its business portfolio');
    // Both numbers are still listed one by one.
    expect(cards()).toHaveLength(2);
  });

  it("counts the portfolio's own problem in its health, shows a WABA's on the WABA and the app's above the list", async () => {
    const accounts = accountsWith({ id: WABA, name: 'Lisbon shops', businessId: BIZ, businessName: 'Sol Lda', phoneIds: [HEALTHY] });
    accounts.wabas[WABA]!.entities = [
      { ...notVerified, canSend: 'BLOCKED', errors: [{ code: 141006, description: 'Payment method problem.' }] },
      { type: 'WABA', id: WABA, canSend: 'LIMITED', errors: [], info: ['The account is under review.'] },
      { type: 'APP', id: '871203945566102', canSend: 'LIMITED', errors: [{ code: 141002 }], info: [] },
    ];
    await seed({ token: validToken(), accounts, numbers: [numberState(WABA, healthyPhone(HEALTHY))] });
    renderWithClient(<PopupApp />);
    await findCard(HEALTHY);
    expect(card(HEALTHY)).toHaveAttribute('data-health', 'healthy');
    const portfolio = document.querySelector(`[data-business-id="${BIZ}"]`) as HTMLElement;
    expect(portfolio).toHaveAttribute('data-health', 'blocked');
    expect(portfolio).toHaveTextContent('Sending blocked: (141006) Payment method problem.');
    const group = document.querySelector(`[data-waba-id="${WABA}"]`) as HTMLElement;
    expect(group).toHaveAttribute('data-health', 'attention');
    expect(group).toHaveTextContent('Sending limited: The account is under review.');
    const app = screen.getByRole('region', { name: 'The app 871203945566102' });
    expect(within(app).getByText(/141002/)).toBeInTheDocument();
  });

  it('keeps calling notes off the card and in the details', async () => {
    const phone = healthyPhone(HEALTHY, {
      health_status: {
        can_send_message: 'BLOCKED',
        entities: [
          { entity_type: 'PHONE_NUMBER', id: HEALTHY, can_send_message: 'AVAILABLE' },
          {
            entity_type: 'APP',
            id: '871203945566102',
            can_send_message: 'AVAILABLE',
            can_receive_call_sip: 'BLOCKED',
            errors: [{ error_code: 138024, error_description: 'SIP is not configured.' }],
          },
        ],
      },
    });
    await seed({ token: validToken(), accounts: lisbonShops(HEALTHY), numbers: [numberState(WABA, phone)] });
    renderWithClient(<PopupApp />);
    const el = await findCard(HEALTHY);
    expect(el).toHaveAttribute('data-health', 'healthy');
    expect(el).not.toHaveTextContent('138024');
    await userEvent.click(within(el).getByRole('button', { name: 'Details' }));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Calls (messages are not affected): (138024) SIP is not configured.');
  });
});

describe('popup: change timeline in the details', () => {
  it('lists changes in words, newest first, beside a chart of quality and health over 30 days', async () => {
    const HOUR = 60 * MIN;
    const base = numberState(WABA, healthyPhone(HEALTHY, { quality_rating: 'YELLOW' }));
    const now = Date.now();
    const number = {
      ...base,
      history: [
        { at: now - 5 * 24 * HOUR, to: 'healthy' as const },
        { at: now - 3 * HOUR, from: 'healthy' as const, to: 'attention' as const },
      ],
      changes: [
        { at: now - 2 * 24 * HOUR, field: 'messaging_limit', from: 'TIER_250', to: 'TIER_2K' },
        { at: now - 3 * HOUR, field: 'quality_rating', from: 'GREEN', to: 'YELLOW' },
        { at: now - 40 * 24 * HOUR, field: 'webhooks', from: 'ok', to: 'none' },
      ],
    };
    await seed({ token: validToken(), accounts: lisbonShops(HEALTHY), numbers: [number] });
    renderWithClient(<PopupApp />);
    await userEvent.click(within(await findCard(HEALTHY)).getByRole('button', { name: 'Details' }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(within(dialog).getByText('Quality: High quality → Medium quality, 3 h ago')).toBeInTheDocument());
    const items = within(dialog).getByText('Quality: High quality → Medium quality, 3 h ago').closest('ol')!.querySelectorAll('li');
    expect([...items].map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^(Quality: High quality → Medium quality|Health: Healthy → Needs attention), 3 h ago$/),
      expect.stringMatching(/^(Quality: High quality → Medium quality|Health: Healthy → Needs attention), 3 h ago$/),
      'Messaging limit: 250 customers / 24 h → 2K customers / 24 h, 2 d ago',
      'First seen: Healthy, 5 d ago',
      'Webhooks: an app receives them → no app receives them, 40 d ago',
    ]);
    const chart = within(dialog).getByRole('img', { name: /Quality and health over the last 30 days/ });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    // Two moves in the window (the webhook change is older, and not a quality or health move).
    expect(chart).toHaveAccessibleName(
      'Quality and health over the last 30 days: quality now Medium quality, health now Needs attention, 2 changes',
    );
    // The quality line steps down (GREEN -> YELLOW): two distinct heights.
    const quality = chart.querySelectorAll('path')[0]!.getAttribute('d')!;
    expect(new Set([...quality.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => m[1])).size).toBe(2);
  });
});
