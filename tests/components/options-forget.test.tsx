// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { t } from '@/lib/i18n';
import { parseRequest } from '@/lib/messages/protocol';
import { clearDatabase } from '@/lib/storage/db';
import { pinsItem, settingsItem, tokenItem, tokenStatusItem } from '@/lib/storage/items';
import {
  lisbonShops,
  fail,
  healthyPhone,
  mockBackground,
  numberState,
  renderWithClient,
  seed,
  TOKEN,
  validToken,
  WABA,
  HEALTHY,
  isolateEachTest,
  optionsPageRequests,
  requests,
  openOptionsPage,
} from './support';

isolateEachTest();

async function seedAll() {
  await seed({
    token: validToken(),
    accounts: lisbonShops(HEALTHY),
    numbers: [numberState(WABA, healthyPhone(HEALTHY))],
  });
  await tokenItem.setValue(TOKEN);
  await pinsItem.setValue({ [HEALTHY]: { pin: '246810', source: 'generated', at: Date.now() } });
  await settingsItem.setValue({ ...(await settingsItem.getValue()), intervalMinutes: 30 });
}

const tokenRegion = async () => within(await screen.findByRole('region', { name: 'Graph API token' }));
const forgetRegion = async () => within(await screen.findByRole('region', { name: 'Forget all data' }));

const openRemoveToken = async () => {
  await userEvent.click((await tokenRegion()).getByRole('button', { name: 'Remove token' }));
  return screen.findByRole('dialog', { name: 'Remove the access token?' });
};
const openForgetAll = async () => {
  await userEvent.click((await forgetRegion()).getByRole('button', { name: 'Forget all data…' }));
  return screen.findByRole('dialog', { name: 'Forget all data?' });
};

describe('options: Remove token asks first', () => {
  it('says what is removed and what is kept; Cancel (or Escape) keeps everything', async () => {
    const spy = await openOptionsPage({ removeToken: () => ({ ok: true }) }, seedAll);
    const opener = (await tokenRegion()).getByRole('button', { name: 'Remove token' });
    await userEvent.click(opener);

    const dialog = await screen.findByRole('dialog', { name: 'Remove the access token?' });
    expect(dialog).toHaveAccessibleDescription(
      /Removed: the access token\..*Kept: PINs, numbers, accounts, registration history and settings\./,
    );
    // Cancel has the focus: Enter right away destroys nothing. The page behind is inert.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(screen.getByRole('main', { hidden: true }).closest('[inert]')).not.toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();

    await userEvent.click(opener);
    await screen.findByRole('dialog', { name: 'Remove the access token?' });
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    expect(optionsPageRequests(spy)).toEqual([]);
    expect(await tokenItem.getValue()).toBe(TOKEN);
  });

  it('confirming sends removeToken', async () => {
    const spy = await openOptionsPage({ removeToken: () => ({ ok: true }) }, seedAll);
    const dialog = await openRemoveToken();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Yes, remove the token' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(optionsPageRequests(spy)).toEqual([{ type: 'removeToken' }]);
    expect(await screen.findByText(/Token removed/)).toBeInTheDocument();
  });
});

describe('options: Forget all data asks first', () => {
  it('says that everything goes; Cancel keeps everything', async () => {
    const spy = await openOptionsPage({ forgetAll: () => ({ ok: true }) }, seedAll);
    const dialog = await openForgetAll();
    expect(dialog).toHaveAccessibleDescription(/the access token, PINs, numbers, accounts, registration history and settings/);
    expect(dialog).toHaveTextContent('write them down first');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(optionsPageRequests(spy)).toEqual([]);
    expect(await tokenItem.getValue()).toBe(TOKEN);
    expect(Object.keys(await pinsItem.getValue())).toEqual([HEALTHY]);
  });

  it('confirming sends forgetAll, and the page shows the fresh onboarding state', async () => {
    const spy = await openOptionsPage(
      {
        // As the background does: everything goes (see tests/background/forget-all.test.ts).
        forgetAll: async () => {
          await clearDatabase();
          await fakeBrowser.storage.local.clear();
          await tokenStatusItem.setValue({ state: 'none', scopes: [], missingScopes: [], generation: 2 });
          return { ok: true };
        },
      },
      seedAll,
    );
    expect(await screen.findByRole('listitem', { name: 'Lisbon shops' })).toBeInTheDocument();
    const dialog = await openForgetAll();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Forget everything' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(optionsPageRequests(spy)).toEqual([{ type: 'forgetAll' }]);
    expect(await screen.findByText('All data was removed. Paste a token to start again.')).toBeInTheDocument();
    const token = await tokenRegion();
    await waitFor(() => expect(token.queryByRole('button', { name: 'Remove token' })).not.toBeInTheDocument());
    expect(token.getByText('No token stored.')).toBeInTheDocument();
    expect(token.getByLabelText('Access token')).toHaveValue('');
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Lisbon shops' })).not.toBeInTheDocument());
    expect(screen.getByRole('combobox', { name: 'Check interval' })).toHaveValue('15');
  });

  it('a failure is shown in the dialog, which stays open', async () => {
    await openOptionsPage({ forgetAll: () => Promise.reject(fail({ problem: 'errUnexpected', kind: 'internal' })) }, seedAll);
    const dialog = await openForgetAll();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Forget everything' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(`Not everything was removed: ${t('errUnexpected')}`);
  });
});

describe('options: a failed storage migration', () => {
  it('shows a banner with the error and retries through a message', async () => {
    await seedAll();
    let failing = true;
    const spy = mockBackground({
      getMigrationStatus: () => ({ state: 'failed', attempt: 1, at: Date.now(), error: 'QUOTA_BYTES quota exceeded' }),
      retryMigration: () => {
        failing = !failing;
        return failing
          ? { state: 'failed', attempt: 2, at: Date.now(), error: 'still full' }
          : { state: 'done', attempt: 2, at: Date.now(), from: 1, to: 2 };
      },
    });
    failing = false; // the first retry fails, the second works
    renderWithClient(<OptionsApp />);
    const banner = await screen.findByRole('region', { name: /Stored data could not be updated to this version/ });
    expect(banner).toHaveTextContent('Error: QUOTA_BYTES quota exceeded');
    expect(banner).not.toHaveTextContent('Meta');

    await userEvent.click(within(banner).getByRole('button', { name: 'Try again' }));
    expect(await within(banner).findByRole('status')).toHaveTextContent('It did not work this time either.');
    expect(banner).toHaveTextContent('Error: still full');

    await userEvent.click(within(banner).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: /Stored data could not be updated/ })).not.toBeInTheDocument());
    expect(screen.getByText('Stored data is up to date again.')).toBeInTheDocument();
    expect(requests(spy).filter((r) => r.type === 'retryMigration')).toHaveLength(2);
  });

  it('shows nothing when the migration went fine, or when the background does not answer', async () => {
    await openOptionsPage({ getMigrationStatus: () => ({ state: 'done', attempt: 1, at: Date.now(), from: 2, to: 2 }) }, seedAll);
    await screen.findByRole('region', { name: 'Graph API token' });
    expect(screen.queryByRole('region', { name: /Stored data could not be updated/ })).not.toBeInTheDocument();
    cleanup();
    await openOptionsPage({});
    await screen.findByRole('region', { name: 'Graph API token' });
    expect(screen.queryByRole('region', { name: /Stored data could not be updated/ })).not.toBeInTheDocument();
  });
});

describe('options: the background refuses a Graph version the client would refuse', () => {
  it("shows the background's refusal", async () => {
    await seedAll();
    // What the background answers for a version its Graph client would refuse (lib/messages/protocol.ts).
    const refusal = parseRequest({ type: 'updateSettings', patch: { graphVersion: 'v23.0' } });
    expect(refusal.ok).toBe(false);
    await openOptionsPage({ updateSettings: () => Promise.reject(fail(!refusal.ok ? refusal.error : {})) });
    const field = await screen.findByRole('textbox', { name: 'Graph API version' });
    await userEvent.clear(field);
    await userEvent.type(field, 'v26.0');
    await userEvent.click(screen.getByRole('button', { name: 'Save version' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The setting was not saved: A Graph API version looks like v25.0 and is v24.0 or later.',
    );
  });
});
