import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applyRead } from '@/lib/engine/number-update';
import type { PhoneNumber } from '@/lib/graph/schemas';
import type { AnyRequest, ErrorInfo } from '@/lib/messages/protocol';
import { InfoError } from '@/lib/info-error';
import { accountsItem, numbersItem, registrationsItem, tokenStatusItem } from '@/lib/storage/items';
import { defaultSettings, type Accounts, type NumberState, type TokenStatus } from '@/lib/storage/schemas';
import { createQueryClient } from '@/lib/query-client';
import { OptionsApp } from '@/components/options/OptionsApp';

export const TOKEN = 'EAAGtestTokenAbcdefghijklmnopqrstuvwxyz0123456789';
export const MIN = 60_000;

/** The WABA and numbers the pages' tests show. */
export const WABA = '102290129340398';
export const STUCK = '106540352242922';
export const HEALTHY = '106540352240001';

/** Registers an empty fake browser before each test and the unmounting of what it rendered after it. */
export function isolateEachTest() {
  beforeEach(() => fakeBrowser.reset());
  afterEach(cleanup);
}

export function renderWithClient(ui: ReactElement) {
  return render(<QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>);
}

// ---------------------------------------------------------------- phone snapshots (as Meta sends them)

export { healthyPhone, stuckPhone } from '../support/phones';

/** A stored number state, classified by the real engine code. */
export function numberState(wabaId: string, phone: PhoneNumber, opts: { readAgoMs?: number; stale?: boolean } = {}): NumberState {
  const now = Date.now() - (opts.readAgoMs ?? 3 * MIN + 5_000);
  const next = applyRead(undefined, phone as PhoneNumber & { id: string }, { wabaId, now, settings: defaultSettings() }).next;
  return { ...next, stale: opts.stale ?? false };
}

export const validToken = (extra: Partial<TokenStatus> = {}): TokenStatus => ({
  state: 'valid',
  type: 'SYSTEM_USER',
  application: 'Test app',
  expiresAt: null,
  scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'],
  missingScopes: [],
  checkedAt: Date.now() - 10 * MIN,
  generation: 1,
  ...extra,
});

/** Accounts of one WABA, "Lisbon shops" of the business Sol Lda, with these numbers. */
export const lisbonShops = (...phoneIds: string[]): Accounts =>
  accountsWith({ id: WABA, name: 'Lisbon shops', businessName: 'Sol Lda', businessId: '506914307656634', phoneIds });

export function accountsWith(
  ...wabas: Array<{ id: string; name?: string; businessName?: string; businessId?: string; phoneIds: string[] }>
): Accounts {
  return {
    wabas: Object.fromEntries(wabas.map((w) => [w.id, { sources: ['token'], ...w }])),
    discoveredAt: Date.now() - 20 * MIN,
    discoveryErrors: [],
  };
}

/** Seeds storage as the background would have written it. */
export async function seed(opts: { token?: TokenStatus; accounts?: Accounts; numbers?: NumberState[] }) {
  if (opts.token) await tokenStatusItem.setValue(opts.token);
  if (opts.accounts) await accountsItem.setValue(opts.accounts);
  if (opts.numbers) await numbersItem.setValue(Object.fromEntries(opts.numbers.map((n) => [n.id, n])));
  await registrationsItem.setValue({});
}

// ---------------------------------------------------------------- the background, as seen by a page

type Handler = (request: AnyRequest) => unknown | Promise<unknown>;

/**
 * Answers runtime messages like the background's router: `{ ok: true, data }`, or `{ ok: false, error }`
 * when the handler throws an ErrorInfo-carrying object. Returns the spy (its calls are the requests).
 */
export function mockBackground(handlers: Partial<Record<AnyRequest['type'], Handler>>) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (request: AnyRequest) => {
    const handler = handlers[request.type];
    if (!handler) return { ok: false, error: { metaMessage: `unexpected ${request.type}` } };
    try {
      return { ok: true, data: await handler(request) };
    } catch (e) {
      return { ok: false, error: (e as { info?: ErrorInfo }).info ?? { metaMessage: String(e) } };
    }
  }) as never);
}

/** What sendRequest throws when the background answers `{ ok: false, error: info }`. */
export const fail = (info: ErrorInfo) => new InfoError(info);

/** Requests sent to the background, in order. */
export const requests = (spy: ReturnType<typeof mockBackground>) => spy.mock.calls.map((c) => c[0] as unknown as AnyRequest);

/** The requests an options-page test is about: on load the page also asks the background how the storage migration went. */
export const optionsPageRequests = (spy: ReturnType<typeof mockBackground>) => requests(spy).filter((r) => r.type !== 'getMigrationStatus');

export function mockOpenOptions() {
  return vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined as never);
}

/**
 * The options page, rendered after `before` (seeding storage) over a background that answers with
 * `handlers`; returns the background's spy.
 */
export async function openOptionsPage(handlers: Parameters<typeof mockBackground>[0], before?: () => Promise<void>) {
  await before?.();
  const spy = mockBackground(handlers);
  renderWithClient(<OptionsApp />);
  return spy;
}
