// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp } from '@/components/popup/PopupApp';
import { accountsItem, numbersItem, registrationsItem, tokenStatusItem } from '@/lib/storage/items';
import type { Accounts, NumberState } from '@/lib/storage/schemas';
import { accountsWith, healthyPhone, numberState, renderWithClient, stuckPhone, validToken } from './support';

const WABAS = 10;
const PER_WABA = 100;
let numbers: Record<string, NumberState>;
let accounts: Accounts;

const idOf = (w: number, i: number) => `3${String(w).padStart(2, '0')}${String(i).padStart(7, '0')}`;

beforeAll(() => {
  // 1,000 numbers: per WABA 2 blocked, 8 stuck, 20 needing attention, 70 healthy.
  const list: NumberState[] = [];
  const wabas = [];
  for (let w = 0; w < WABAS; w++) {
    const wabaId = `90000000000${w}`;
    const ids: string[] = [];
    for (let i = 0; i < PER_WABA; i++) {
      const id = idOf(w, i);
      ids.push(id);
      const phone =
        i < 2
          ? healthyPhone(id, { status: 'BANNED' })
          : i < 10
            ? stuckPhone(id)
            : i < 30
              ? healthyPhone(id, { quality_rating: 'YELLOW' })
              : healthyPhone(id);
      list.push(numberState(wabaId, phone));
    }
    wabas.push({ id: wabaId, name: `Account ${w}`, phoneIds: ids });
  }
  numbers = Object.fromEntries(list.map((n) => [n.id, n]));
  accounts = accountsWith(...wabas);
});

beforeEach(async () => {
  fakeBrowser.reset();
  await tokenStatusItem.setValue(validToken());
  await accountsItem.setValue(accounts);
  await numbersItem.setValue(numbers);
  await registrationsItem.setValue({});
});
afterEach(cleanup);

const cards = () => [...document.querySelectorAll<HTMLElement>('[data-phone-number-id]')];

describe('popup with 1,000 numbers', () => {
  it('renders only what is visible, worst first, with healthy numbers collapsed and a filter box', async () => {
    renderWithClient(<PopupApp />);
    await waitFor(() => expect(cards().length).toBeGreaterThan(0));

    expect(screen.getByText(/1000 numbers tracked/)).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Filter numbers' })).toBeInTheDocument();
    // Virtualised: a handful of elements, not 1,000 (nor the 300 unhealthy ones).
    expect(cards().length).toBeLessThan(30);
    expect(cards()[0]).toHaveAttribute('data-health', 'blocked');
    expect(cards().some((c) => c.dataset.health === 'healthy')).toBe(false);
    // The first toggle sits after a WABA's 30 unhealthy numbers, so it is not rendered yet: none so far.
    expect(screen.queryByRole('button', { name: /Show 70 healthy numbers/ })).not.toBeInTheDocument();
  });

  it('scrolling renders the rows further down and drops the ones above', async () => {
    renderWithClient(<PopupApp />);
    await waitFor(() => expect(cards().length).toBeGreaterThan(0));
    const first = cards()[0]!.dataset.phoneNumberId;
    const list = document.querySelector<HTMLElement>('[data-virtualised="true"]')!;
    expect(list).not.toBeNull();
    list.scrollTop = 8_000;
    fireEvent.scroll(list);
    await waitFor(() => expect(cards()[0]!.dataset.phoneNumberId).not.toBe(first));
    expect(cards().length).toBeLessThan(30);
    expect(document.querySelector(`[data-phone-number-id="${first}"]`)).toBeNull();
  });

  it('a healthy WABA group expands on demand', async () => {
    renderWithClient(<PopupApp />);
    await waitFor(() => expect(cards().length).toBeGreaterThan(0));
    const list = document.querySelector<HTMLElement>('[data-virtualised="true"]')!;
    // Row 31 of the first group is its toggle: 1 header + 30 unhealthy numbers of 58 px estimated height.
    list.scrollTop = 31 * 58 - 100;
    fireEvent.scroll(list);
    const toggle = await screen.findByRole('button', { name: 'Show 70 healthy numbers' }, { timeout: 2000 });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    await waitFor(() => expect(cards().some((c) => c.dataset.health === 'healthy')).toBe(true));
    expect(screen.getAllByRole('button', { name: 'Hide 70 healthy numbers' })[0]).toHaveAttribute('aria-expanded', 'true');
  });

  it('the filter finds a healthy number by its digits', async () => {
    renderWithClient(<PopupApp />);
    const box = await screen.findByRole('searchbox', { name: 'Filter numbers' });
    const target = idOf(7, 55); // healthy, collapsed
    const display = numbers[target]!.snapshot!.display_phone_number as string;
    act(() => {
      fireEvent.change(box, { target: { value: display.replace(/\D/g, '').slice(-7) } });
    });
    await waitFor(() => expect(cards().map((c) => c.dataset.phoneNumberId)).toContain(target));
    const el = cards().find((c) => c.dataset.phoneNumberId === target)!;
    expect(el).toHaveAttribute('data-health', 'healthy');
    expect(within(el).getByRole('heading', { name: display })).toBeInTheDocument();
    expect(screen.getByText(/matching numbers/)).toBeInTheDocument();
  });
});
