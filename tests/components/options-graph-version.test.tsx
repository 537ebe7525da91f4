// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { settingsItem } from '@/lib/storage/items';
import { defaultSettings } from '@/lib/storage/schemas';
import { isolateEachTest, openOptionsPage, optionsPageRequests, seed, validToken } from './support';

isolateEachTest();

const DAY = 24 * 60 * 60 * 1000;
/** v24.0 stops on 18 Feb 2028 (Meta's versions changelog, lib/graph/versions.ts). */
const V24_EXPIRES = Date.parse('2028-02-18T00:00:00Z');

/** The options page at `now` (only Date is faked: the page's clock), with `version` saved. */
async function openAt(now: number, version: string, locale = 'en-GB') {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue(locale);
  return openOptionsPage(
    {
      // The background's answer: the patch is stored, the page follows storage.
      updateSettings: async (r) => {
        if (r.type === 'updateSettings')
          await settingsItem.update((s) => ({ ...s, ...r.patch, notify: { ...s.notify, ...r.patch.notify } }));
        return { ok: true };
      },
    },
    async () => {
      await seed({ token: validToken() });
      await settingsItem.setValue({ ...defaultSettings(), graphVersion: version });
    },
  );
}

afterEach(() => vi.useRealTimers());
beforeEach(() => vi.restoreAllMocks());

const advanced = async () => (await screen.findByRole('textbox', { name: 'Graph API version' })).closest('details')!;
const useNewest = () => screen.queryByRole('button', { name: 'Use v26.0' });

describe('options: Graph API version radar', () => {
  it('current: says until when the saved version is supported, with no warning and no offer', async () => {
    await openAt(Date.parse('2026-11-30T12:00:00Z'), 'v24.0');
    expect(within(await advanced()).getByText('v24.0 is supported until 18 Feb 2028.')).toBeInTheDocument();
    expect(screen.queryByText(/Meta stops supporting|no longer supports/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(useNewest()).not.toBeInTheDocument();
  });

  it('current one day before the warning (91 days left); dates in the page language', async () => {
    await openAt(V24_EXPIRES - 91 * DAY, 'v24.0', 'pt-BR');
    const date = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'medium', timeZone: 'UTC' }).format(V24_EXPIRES);
    expect(date).toContain('2028');
    expect(within(await advanced()).getByText(`v24.0 is supported until ${date}.`)).toBeInTheDocument();
    expect(useNewest()).not.toBeInTheDocument();
  });

  it('expiring (90 days left): a status that says when, and "Use v26.0" saves the newest through the background', async () => {
    const spy = await openAt(V24_EXPIRES - 90 * DAY, 'v24.0');
    const warning = await screen.findByText('Meta stops supporting Graph API v24.0 on 18 Feb 2028. Switch before then.');
    expect(warning.closest('[role="status"]')).not.toBeNull();
    await userEvent.click(useNewest()!);
    await waitFor(() => expect(optionsPageRequests(spy)).toEqual([{ type: 'updateSettings', patch: { graphVersion: 'v26.0' } }]));
    expect((await settingsItem.getValue()).graphVersion).toBe('v26.0');
    // The page follows the saved version: no warning, and v26.0 has no announced end.
    expect(await screen.findByText('v26.0 is supported; Meta has not announced until when.')).toBeInTheDocument();
    expect(screen.queryByText(/Meta stops supporting/)).not.toBeInTheDocument();
    expect(useNewest()).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Graph API version' })).toHaveValue('v26.0');
  });

  it('expired: an alert, the date it ended, and the offer of the newest version', async () => {
    const spy = await openAt(V24_EXPIRES + DAY, 'v24.0');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Meta no longer supports Graph API v24.0: checks and registrations may fail. Switch now.');
    expect(within(await advanced()).getByText('v24.0 was supported until 18 Feb 2028.')).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Use v26.0' }));
    await waitFor(() => expect(optionsPageRequests(spy)).toEqual([{ type: 'updateSettings', patch: { graphVersion: 'v26.0' } }]));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('a version newer than the table: no warning, its end date unknown', async () => {
    await openAt(Date.parse('2026-11-30T12:00:00Z'), 'v27.0');
    expect(
      within(await advanced()).getByText('v27.0 is not among the versions this extension knows, so its end date is unknown.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(useNewest()).not.toBeInTheDocument();
  });
});
