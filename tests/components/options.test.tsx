// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '@/components/options/OptionsApp';
import { pinsItem, registrationsItem, settingsItem, tokenItem, tokenStatusItem } from '@/lib/storage/items';
import { defaultSettings } from '@/lib/storage/schemas';
import {
  accountsWith,
  fail,
  healthyPhone,
  numberState,
  renderWithClient,
  seed,
  stuckPhone,
  TOKEN,
  validToken,
  WABA,
  STUCK,
  HEALTHY,
  isolateEachTest,
  optionsPageRequests,
  lisbonShops,
  openOptionsPage,
} from './support';

const GENERATED_PIN = '604118';
const USER_PIN = '246810';

isolateEachTest();

async function seedAll() {
  await seed({
    token: validToken({ missingScopes: ['business_management'], scopes: ['whatsapp_business_management', 'whatsapp_business_messaging'] }),
    accounts: lisbonShops(STUCK, HEALTHY),
    numbers: [numberState(WABA, healthyPhone(HEALTHY)), numberState(WABA, stuckPhone(STUCK))],
  });
  await tokenItem.setValue(TOKEN);
  await pinsItem.setValue({
    [HEALTHY]: { pin: USER_PIN, source: 'user', at: Date.now() },
    [STUCK]: { pin: GENERATED_PIN, source: 'generated', at: Date.now() },
  });
}

const tokenField = () => screen.getByLabelText('Access token');

describe('options: token', () => {
  it.each([
    ['EAAG with spaces inside it that is long enough to pass', 'spaces or line breaks'],
    [`"${TOKEN}"`, 'quotes'],
    ['EAAGshort', 'far too short'],
    ['   ', 'Paste an access token first'],
  ])('refuses %j before any call', async (input, message) => {
    const spy = await openOptionsPage({ saveToken: () => ({ ok: true }) });
    await screen.findByRole('heading', { name: 'Graph API token' });
    fireEvent.change(tokenField(), { target: { value: input } });
    await userEvent.click(screen.getByRole('button', { name: 'Save token' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(tokenField()).toHaveAttribute('aria-invalid', 'true');
    expect(optionsPageRequests(spy)).toEqual([]);
  });

  it('saves a well-formed token (trimmed) through the background, then clears the field', async () => {
    const spy = await openOptionsPage({ saveToken: () => ({ ok: true }) });
    await screen.findByRole('heading', { name: 'Graph API token' });
    expect(tokenField()).toHaveAttribute('type', 'password');
    fireEvent.change(tokenField(), { target: { value: `  ${TOKEN}\n` } });
    await userEvent.click(screen.getByRole('button', { name: 'Save token' }));
    await waitFor(() => expect(screen.getAllByRole('status')[0]).toHaveTextContent('Token saved.'));
    expect(optionsPageRequests(spy)).toEqual([{ type: 'saveToken', token: TOKEN }]);
    expect(tokenField()).toHaveValue('');
  });

  it("shows Meta's refusal with its code and what to do next", async () => {
    await openOptionsPage({
      saveToken: () =>
        Promise.reject(
          fail({
            metaMessage: 'Error validating access token: Session has expired (Meta error 190/463)',
            code: 190,
            subcode: 463,
            kind: 'auth',
            nextStep: 'auth',
          }),
        ),
    });
    await screen.findByRole('heading', { name: 'Graph API token' });
    fireEvent.change(tokenField(), { target: { value: TOKEN } });
    await userEvent.click(screen.getByRole('button', { name: 'Save token' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The token was not saved: Error validating access token: Session has expired (Meta error 190/463)');
    expect(alert).toHaveTextContent('What to do next: Meta no longer accepts this access token.');
    expect(tokenField()).toHaveValue(TOKEN);
  });

  it('after saving: type, expiry, scopes, missing scopes with what each blocks, and Remove token', async () => {
    const spy = await openOptionsPage({ removeToken: () => ({ ok: true }) }, seedAll);
    const section = within(await screen.findByRole('region', { name: 'Graph API token' }));
    expect(section.getByText('System user')).toBeInTheDocument();
    expect(section.getByText('Never')).toBeInTheDocument();
    expect(section.getByText('whatsapp_business_messaging')).toBeInTheDocument();
    expect(section.getByRole('heading', { name: /Missing permissions/ }).parentElement).toHaveTextContent(
      'business_management (recommended): Blocks finding WhatsApp accounts through your business portfolios',
    );
    // The token itself is never shown back.
    expect(document.body.textContent).not.toContain(TOKEN);
    await userEvent.click(section.getByRole('button', { name: 'Remove token' }));
    // Asked first (see 'options: confirmations' for the dialog itself).
    await userEvent.click(
      within(await screen.findByRole('dialog', { name: 'Remove the access token?' })).getByRole('button', {
        name: 'Yes, remove the token',
      }),
    );
    expect(optionsPageRequests(spy)).toEqual([{ type: 'removeToken' }]);
    expect(await screen.findByText(/Token removed/)).toBeInTheDocument();
  });

  it('shows an expiry date and an invalid token with its error', async () => {
    await seedAll();
    await tokenStatusItem.setValue(
      validToken({
        state: 'invalid',
        expiresAt: Date.now() + 3 * 86_400_000,
        error: { kind: 'auth', message: 'Session has expired', code: 190 },
      }),
    );
    renderWithClient(<OptionsApp />);
    const section = await screen.findByRole('region', { name: 'Graph API token' });
    expect(section).toHaveTextContent('Not valid');
    expect(section).toHaveTextContent(/\(in 3 d\)/);
    expect(section).toHaveTextContent('Session has expired (Meta error 190)');
  });
});

describe('options: accounts', () => {
  it('lists discovered WABAs with their business and numbers', async () => {
    await seedAll();
    renderWithClient(<OptionsApp />);
    const region = await screen.findByRole('region', { name: 'WhatsApp Business Accounts' });
    // Business portfolio -> WABA: the portfolio is the WABA's group.
    const portfolio = within(region).getByRole('listitem', { name: /^Sol Lda/ });
    const waba = within(portfolio).getByRole('listitem', { name: 'Lisbon shops' });
    expect(waba).toHaveTextContent(WABA);
    expect(waba).toHaveTextContent("Found via: the token's permissions");
    expect(within(waba).getByText('+1 555-010-2922')).toBeInTheDocument();
    expect(within(waba).getByText('+1 555-010-0001')).toBeInTheDocument();
    expect(within(waba).getByText('Stuck')).toBeInTheDocument();
  });

  it('adds a manual account: digits only, checked before any call', async () => {
    const spy = await openOptionsPage({ addWaba: () => ({ ok: true }) }, seedAll);
    const field = await screen.findByRole('textbox', { name: 'WhatsApp Business Account ID' });
    await userEvent.type(field, '12-34');
    await userEvent.click(screen.getByRole('button', { name: 'Add account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('digits only');
    expect(optionsPageRequests(spy)).toEqual([]);

    await userEvent.clear(field);
    await userEvent.type(field, ' 987654321012345 ');
    await userEvent.click(screen.getByRole('button', { name: 'Add account' }));
    await screen.findByText(/Account added/);
    expect(optionsPageRequests(spy)).toEqual([{ type: 'addWaba', wabaId: '987654321012345' }]);
  });

  it("an id Meta rejects shows Meta's error", async () => {
    await openOptionsPage(
      {
        addWaba: () =>
          Promise.reject(
            fail({
              metaMessage: "Unsupported get request. Object with ID '987' does not exist (Meta error 100/33)",
              code: 100,
              subcode: 33,
              kind: 'user_action',
              nextStep: 'checkDetails',
            }),
          ),
      },
      seedAll,
    );
    await userEvent.type(await screen.findByRole('textbox', { name: 'WhatsApp Business Account ID' }), '987');
    await userEvent.click(screen.getByRole('button', { name: 'Add account' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Object with ID '987' does not exist (Meta error 100/33)");
    expect(alert).toHaveTextContent('What to do next: Check the details in WhatsApp Manager, fix what Meta reports, then retry.');
  });
});

describe('options: settings', () => {
  it('automatic retry is on by default; every change is sent to the background as a patch', async () => {
    const spy = await openOptionsPage(
      {
        updateSettings: async (r) => {
          if (r.type === 'updateSettings')
            await settingsItem.update((s) => ({ ...s, ...r.patch, notify: { ...s.notify, ...r.patch.notify } }));
          return { ok: true };
        },
      },
      seedAll,
    );
    const retry = await screen.findByRole('checkbox', { name: 'Automatic registration retry' });
    expect(retry).toBeChecked();
    await userEvent.click(retry);
    await waitFor(() => expect(retry).not.toBeChecked());
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Check interval' }), 'Every 30 minutes');
    await userEvent.click(screen.getByRole('checkbox', { name: 'A registration completes' }));
    await waitFor(() => expect(optionsPageRequests(spy)).toHaveLength(3));
    expect(optionsPageRequests(spy)).toEqual([
      { type: 'updateSettings', patch: { autoRetry: false } },
      { type: 'updateSettings', patch: { intervalMinutes: 30 } },
      { type: 'updateSettings', patch: { notify: { registered: false } } },
    ]);
    expect(await settingsItem.getValue()).toMatchObject({
      autoRetry: false,
      intervalMinutes: 30,
      notify: { registered: false, stuck: true },
    });
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'A registration completes' })).not.toBeChecked());
  });

  it("Graph API version (advanced) is checked before sending, with the Graph client's rule", async () => {
    const spy = await openOptionsPage({ updateSettings: () => ({ ok: true }) }, seedAll);
    const field = await screen.findByRole('textbox', { name: 'Graph API version' });
    expect(field).toHaveValue(defaultSettings().graphVersion);
    await userEvent.clear(field);
    await userEvent.type(field, '23');
    await userEvent.click(screen.getByRole('button', { name: 'Save version' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A Graph API version looks like v25.0 and is v24.0 or later.');
    // Well-formed, but older than the client accepts: refused too.
    await userEvent.clear(field);
    await userEvent.type(field, 'v23.0');
    await userEvent.click(screen.getByRole('button', { name: 'Save version' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('v24.0 or later');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(optionsPageRequests(spy)).toEqual([]);
    await userEvent.clear(field);
    await userEvent.type(field, 'v24.0');
    await userEvent.click(screen.getByRole('button', { name: 'Save version' }));
    await waitFor(() => expect(optionsPageRequests(spy)).toEqual([{ type: 'updateSettings', patch: { graphVersion: 'v24.0' } }]));
  });
});

describe('options: PINs', () => {
  it('masks PINs, reveals on demand, and tells to keep generated ones', async () => {
    await seedAll();
    renderWithClient(<OptionsApp />);
    const region = await screen.findByRole('region', { name: 'PINs (two-step verification)' });
    expect(region).not.toHaveTextContent(GENERATED_PIN);
    expect(region).not.toHaveTextContent(USER_PIN);
    const generatedRow = region.querySelector<HTMLElement>(`[data-pin-phone-number-id="${STUCK}"]`)!;
    expect(generatedRow).toHaveTextContent(/generated this PIN .* Keep it somewhere safe/);
    // Generated PINs come first.
    expect(region.querySelector('[data-pin-phone-number-id]')).toBe(generatedRow);
    const show = within(generatedRow).getByRole('button', { name: 'Show PIN of +1 555-010-2922' });
    await userEvent.click(show);
    expect(generatedRow).toHaveTextContent(GENERATED_PIN);
    expect(region).not.toHaveTextContent(USER_PIN);
    await userEvent.click(within(generatedRow).getByRole('button', { name: 'Hide PIN of +1 555-010-2922' }));
    expect(generatedRow).not.toHaveTextContent(GENERATED_PIN);
  });

  it('sets a PIN: exactly 6 digits, sent to the background', async () => {
    const spy = await openOptionsPage({ setPin: () => ({ ok: true }) }, seedAll);
    const field = await screen.findByLabelText('New PIN for +1 555-010-0001');
    expect(field).toHaveAttribute('type', 'password');
    await userEvent.type(field, '12345');
    await userEvent.click(screen.getByRole('button', { name: 'Save PIN for +1 555-010-0001' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('exactly 6 digits');
    expect(optionsPageRequests(spy)).toEqual([]);
    await userEvent.type(field, '6');
    await userEvent.click(screen.getByRole('button', { name: 'Save PIN for +1 555-010-0001' }));
    await screen.findByText('PIN saved.');
    expect(optionsPageRequests(spy)).toEqual([{ type: 'setPin', phoneId: HEALTHY, pin: '123456' }]);
  });
});

describe('options: export', () => {
  it('downloads CSV and JSON health reports without the token or PINs', async () => {
    await seedAll();
    await registrationsItem.setValue({
      [STUCK]: {
        attempts: [{ at: Date.now(), mode: 'auto', outcome: 'error', code: 133005, message: 'PIN mismatch' }],
        transientFailures: 0,
      },
    });
    const save = vi.fn();
    renderWithClient(<OptionsApp saveFile={save} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    await userEvent.click(screen.getByRole('button', { name: 'Download JSON' }));
    expect(save).toHaveBeenCalledTimes(2);
    const [[csvName, csv, csvType], [jsonName, json, jsonType]] = save.mock.calls as unknown as [
      [string, string, string],
      [string, string, string],
    ];
    expect(csvName).toMatch(/^waba-health-report-.*\.csv$/);
    expect(csvType).toMatch(/^text\/csv/);
    expect(jsonName).toMatch(/\.json$/);
    expect(jsonType).toBe('application/json');
    expect(csv.split('\r\n')[1]).toContain(STUCK);
    expect(JSON.parse(json).numbers.map((n: { phone_number_id: string }) => n.phone_number_id)).toEqual([STUCK, HEALTHY]);
    for (const text of [csv, json]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(GENERATED_PIN);
      expect(text).not.toContain(USER_PIN);
    }
  });

  it('the default saver goes through an object URL (no extra permission)', async () => {
    await seedAll();
    const create = vi.fn(() => 'blob:report');
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderWithClient(<OptionsApp />);
    await userEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    expect(create).toHaveBeenCalledOnce();
    const blob = (create.mock.calls[0] as unknown as [Blob])[0];
    expect(await blob.text()).toContain(STUCK);
    expect(click).toHaveBeenCalledOnce();
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toMatch(/\.csv$/);
  });
});

describe('options: first paint', () => {
  it('renders from storage with no request, and follows storage live', async () => {
    const spy = await openOptionsPage({}, seedAll);
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    await screen.findByRole('region', { name: 'WhatsApp Business Accounts' });
    await act(async () => {
      await tokenStatusItem.setValue({ state: 'none', scopes: [], missingScopes: [], generation: 2 });
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove token' })).not.toBeInTheDocument());
    expect(optionsPageRequests(spy)).toEqual([]);
  });
});

describe('options: accounts at scale', () => {
  it('2,000 accounts: 50 rendered at a time, a filter finds any by name, id or business, and "Show more" pages on', async () => {
    const wabas = Array.from({ length: 2000 }, (_, i) => ({
      id: String(300000000000000 + i),
      name: `Client ${String(i).padStart(4, '0')}`,
      businessName: `Owner ${i % 400}`,
      businessId: String(900000000000000 + (i % 400)),
      phoneIds: [] as string[],
    }));
    await seed({ token: validToken(), accounts: accountsWith(...wabas), numbers: [] });
    renderWithClient(<OptionsApp />);
    const section = await screen.findByRole('region', { name: /Accounts|WhatsApp Business Accounts/i });
    const items = () => within(section).queryAllByRole('heading', { level: 4, name: /^Client / });
    await waitFor(() => expect(items()).toHaveLength(50));
    expect(within(section).getByText('Showing 50 of 2000 accounts.')).toBeInTheDocument();
    await userEvent.click(within(section).getByRole('button', { name: 'Show 50 more accounts' }));
    await waitFor(() => expect(items()).toHaveLength(100));

    const filter = within(section).getByRole('searchbox', { name: 'Filter accounts (name, id or business)' });
    fireEvent.change(filter, { target: { value: 'Client 1999' } });
    await waitFor(() => expect(items().map((h) => h.textContent)).toEqual(['Client 1999']));
    fireEvent.change(filter, { target: { value: 'owner 7' } }); // business names Owner 7, 70-79: more than a page
    await waitFor(() => expect(items().length).toBe(50));
    fireEvent.change(filter, { target: { value: String(300000000000000 + 1234) } });
    await waitFor(() => expect(items().map((h) => h.textContent)).toEqual(['Client 1234']));
  });
});

describe('options: progress', () => {
  it('shows discovery progress (portfolios read of total), then sweep progress (accounts read of total)', async () => {
    const { engineItem } = await import('@/lib/storage/items');
    await seed({ token: validToken(), accounts: accountsWith({ id: WABA, name: 'Lisbon shops', phoneIds: [] }), numbers: [] });
    await engineItem.setValue({ sweep: {}, discovery: { done: 12, total: 400, until: Date.now() + 60_000 } });
    renderWithClient(<OptionsApp />);
    expect(await screen.findByText('Finding accounts: 12 of 400 business portfolios read')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Discovery progress' })).toHaveAttribute('value', '12');
    await act(async () => {
      await engineItem.setValue({
        sweep: { running: { id: 'l', startedAt: Date.now(), until: Date.now() + 60_000 }, progress: { done: 250, total: 2000 } },
      });
    });
    expect(await screen.findByText('Checking: 250 of 2000 accounts')).toBeInTheDocument();
  });
});

describe('options: accounts by business portfolio', () => {
  it('groups WABAs under their portfolio, worst first, with webhooks, problems and the shared limit', async () => {
    const CALM = '102290129340111';
    const OTHER = '102290129340999';
    const accounts = accountsWith(
      // By name "Aaa calm" would come first; its portfolio has nothing wrong, so it comes last.
      { id: CALM, name: 'Aaa calm', businessId: '700000000000001', businessName: 'Calm Co', phoneIds: [HEALTHY] },
      { id: WABA, name: 'Lisbon shops', businessId: '700000000000002', businessName: 'Sol Lda', phoneIds: [STUCK] },
      { id: OTHER, name: 'Porto shops', businessId: '700000000000002', businessName: 'Sol Lda', phoneIds: [] },
    );
    accounts.wabas[CALM]!.webhooks = { state: 'ok', apps: [{ id: '1400000000000001', name: 'Acme Inbox' }], at: Date.now() };
    accounts.wabas[WABA]!.webhooks = { state: 'none', apps: [], at: Date.now() };
    accounts.wabas[OTHER]!.webhooks = { state: 'unknown', apps: [], at: Date.now() };
    accounts.wabas[OTHER]!.entities = [
      {
        type: 'BUSINESS',
        id: '700000000000002',
        canSend: 'LIMITED',
        errors: [{ code: 141010, description: 'The business has not been verified.' }],
        info: [],
      },
      { type: 'WABA', id: OTHER, canSend: 'BLOCKED', errors: [{ code: 141014, description: 'Account disabled.' }], info: [] },
      { type: 'APP', id: '871203945566102', canSend: 'LIMITED', errors: [], info: ['The app is under review.'] },
    ];
    await seed({
      token: validToken(),
      accounts,
      numbers: [
        numberState(CALM, healthyPhone(HEALTHY, { whatsapp_business_manager_messaging_limit: 'TIER_10K' })),
        numberState(WABA, stuckPhone(STUCK)),
      ],
    });
    renderWithClient(<OptionsApp />);
    const region = await screen.findByRole('region', { name: 'WhatsApp Business Accounts' });
    await waitFor(() => expect(region.querySelectorAll('[data-business-id]')).toHaveLength(2));
    const portfolios = [...region.querySelectorAll<HTMLElement>('[data-business-id]')];
    expect(portfolios.map((p) => [p.dataset.businessId, p.dataset.health])).toEqual([
      ['700000000000002', 'blocked'],
      ['700000000000001', 'healthy'],
    ]);
    // Worst WABA first inside the portfolio: Porto (blocked by Meta) before Lisbon (stuck).
    const wabas = [...portfolios[0]!.querySelectorAll<HTMLElement>('[data-waba-id]')];
    expect(wabas.map((w) => [w.dataset.wabaId, w.dataset.health, w.dataset.webhooks])).toEqual([
      [OTHER, 'blocked', 'unknown'],
      [WABA, 'stuck', 'none'],
    ]);
    expect(within(portfolios[0]!).getByRole('heading', { level: 3 })).toHaveTextContent('Sol Lda');
    expect(portfolios[0]!.querySelector('[data-entity-type="BUSINESS"]')).toHaveTextContent('(141010) The business has not been verified.');
    expect(wabas[0]!.querySelector('[data-entity-type="WABA"]')).toHaveTextContent('Sending blocked: (141014) Account disabled.');
    expect(wabas[1]).toHaveTextContent("Webhooks: No app receives this account's messages");
    expect(portfolios[1]).toHaveTextContent('Messaging limit: 10K customers / 24 h, shared by all its numbers');
    expect(portfolios[1]!.querySelector('[data-waba-id]')).toHaveTextContent('Webhooks: Acme Inbox');
    // The app's problem once, above the portfolios.
    expect(within(region).getByRole('region', { name: 'The app 871203945566102' })).toHaveTextContent(
      'Sending limited: The app is under review.',
    );
  });
});
