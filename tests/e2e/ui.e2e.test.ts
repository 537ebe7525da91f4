import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { applyRead } from '../../lib/engine/number-update';
import { BUSINESS_NOT_VERIFIED, startGraphSimulator, type GraphSimulator } from '../support/simulator';
import { readStoredInPage } from './support/stored';
import { artifactPath, launchExtensionBrowser } from './support/browser';
import { registerRequests, extensionEnvironment } from './support/environment';
import { IDS } from './support/default-scenario';
import { seriousViolations } from './support/axe';

// Phone ids of the default scenario (tests/support/simulator/scenarios/default.json).
const STUCK_PIN = '106540352242904'; // stuck, PIN-protected
const PIN = '246810';
const BANNED = '106540352242905';
const HEALTHY = '106540352242901';
const NUMBERS = 10;

const registerCalls = (sim: GraphSimulator, id: string) => registerRequests(sim, id).length;

describe('popup and options page in real Chromium (ui)', () => {
  const { sim, browser } = extensionEnvironment({
    start: () => startGraphSimulator({ scenario: 'default' }),
    launch: launchExtensionBrowser,
  });
  let options: Page;
  let popup: Page;

  const numberEl = (id: string) => popup.locator(`[data-phone-number-id="${id}"]`);

  it('options: a pasted token is checked, saved, and the accounts with their numbers appear', async () => {
    options = await browser.openExtensionPage('options.html');
    await options.setViewportSize({ width: 1000, height: 900 });
    const field = options.getByLabel('Access token', { exact: true });
    await field.fill(`"${sim.tokens.valid}"`);
    await options.getByRole('button', { name: 'Save token' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('quotes');
    expect(sim.requests).toHaveLength(0); // refused before any call

    await field.fill(sim.tokens.valid);
    await options.getByRole('button', { name: 'Save token' }).click();
    await expect.poll(() => options.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('Token saved.');
    const token = options.getByRole('region', { name: 'Graph API token' });
    await expect.poll(() => token.textContent()).toContain('System user');
    expect(await token.textContent()).toContain('Never');
    expect(await token.getByRole('button', { name: 'Remove token' }).isVisible()).toBe(true);

    const accounts = options.getByRole('region', { name: 'WhatsApp Business Accounts' });
    await expect.poll(() => accounts.textContent(), { timeout: 20_000 }).toContain('Acme Bakery - Sales');
    await expect.poll(() => accounts.textContent(), { timeout: 20_000 }).toContain('+55 11 95555-0003');
    expect(await accounts.textContent()).toContain('Northwind Clinics');
    expect(await options.getByRole('checkbox', { name: 'Automatic registration retry' }).isChecked()).toBe(true);
  });

  it('popup: one element per number, grouped by WABA, worst first, with the engine vocabulary', async () => {
    popup = await browser.openExtensionPage('popup.html');
    await popup.setViewportSize({ width: 420, height: 640 });
    await expect.poll(() => popup.locator('[data-phone-number-id]').count(), { timeout: 20_000 }).toBe(NUMBERS);
    const healths = await popup.locator('[data-phone-number-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-health')));
    expect(healths.every((h) => ['healthy', 'attention', 'stuck', 'blocked', 'unknown'].includes(h ?? ''))).toBe(true);
    expect(await numberEl(BANNED).getAttribute('data-health')).toBe('blocked');
    expect(await numberEl(HEALTHY).getAttribute('data-health')).toBe('healthy');
    expect(await numberEl(STUCK_PIN).getAttribute('data-health')).toBe('stuck');
    // The row is compact; the full card (every attribute, humanised) is in Details.
    await numberEl(HEALTHY).getByRole('button', { name: 'Details' }).click();
    await expect.poll(() => popup.getByRole('dialog').textContent()).toContain('2K customers / 24 h');
    await popup.keyboard.press('Escape');
    await expect.poll(() => popup.getByRole('dialog').count()).toBe(0);
    // Worst first inside each WABA: the banned number leads its group.
    expect(await popup.getByRole('heading', { level: 3 }).count()).toBe(3); // the WABAs, under their portfolios (h2)
    // Portfolio -> WABA -> number: the portfolio carries its id and the health of its worst number.
    expect(await popup.locator(`[data-business-id="${IDS.business}"]`).getAttribute('data-health')).toBe('blocked');
    expect(await popup.locator(`[data-waba-id="${IDS.wabaSales}"]`).getAttribute('data-health')).toBeTruthy();
    expect(await numberEl(STUCK_PIN).getByRole('button', { name: 'Complete registration' }).isVisible()).toBe(true);
    expect(await numberEl(HEALTHY).getByRole('button', { name: 'Complete registration' }).count()).toBe(0);
    // No raw enum keys on screen (the scenario has SOME_NEW_STATUS and UNTIERED).
    expect(await popup.locator('main').textContent()).not.toMatch(/SOME_NEW_STATUS|UNTIERED|TIER_\d/);
  });

  it('Check now runs an immediate sweep and reports it', async () => {
    const before = sim.requests.length;
    await popup.getByRole('button', { name: 'Check now' }).click();
    await expect
      .poll(() => popup.getByRole('status').first().textContent(), { timeout: 20_000 })
      .toMatch(/Checked \d+ numbers just now\.|A check is already running\./);
    expect(sim.requests.length).toBeGreaterThan(before);
  });

  it("Complete registration through the PIN dialog: Meta's error for a wrong PIN, then success", async () => {
    const el = numberEl(STUCK_PIN);
    await el.getByRole('button', { name: 'Complete registration' }).click();
    const dialog = popup.getByRole('dialog');
    const pin = dialog.getByRole('textbox', { name: 'Two-step verification PIN' });
    await expect.poll(() => pin.evaluate((e) => e === document.activeElement)).toBe(true);

    await pin.fill('12345');
    await dialog.getByRole('button', { name: 'Register' }).click();
    expect(await dialog.getByRole('alert').textContent()).toContain('exactly 6 digits');
    expect(registerCalls(sim, STUCK_PIN)).toBe(0);
    await popup.screenshot({ path: artifactPath('ui-popup-pin-dialog-light.png'), fullPage: true });

    await pin.fill('111111');
    await dialog.getByRole('button', { name: 'Register' }).click();
    const alert = el.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain('133005');
    expect(await alert.textContent()).toContain('What to do next');
    expect(await dialog.count()).toBe(0);
    expect(registerCalls(sim, STUCK_PIN)).toBe(1);

    // The stored PIN was wrong: the button asks again instead of reusing it.
    await el.getByRole('button', { name: 'Complete registration' }).click();
    await popup.getByRole('dialog').getByRole('textbox', { name: 'Two-step verification PIN' }).fill(PIN);
    await popup.getByRole('dialog').getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => el.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Registration completed');
    expect(registerCalls(sim, STUCK_PIN)).toBe(2);
    const last = sim.requests.filter((r) => r.path.endsWith(`/${STUCK_PIN}/register`)).at(-1)!;
    expect(JSON.stringify(last)).toContain(PIN);
  });

  it('axe-core finds no serious or critical violation on popup (list and dialog) and options, light and dark', async () => {
    // The screens above the number too: a portfolio, a WABA and the app with problems, a WABA without webhooks.
    sim.setBusinessHealth(IDS.business, BUSINESS_NOT_VERIFIED);
    sim.setWabaHealth(IDS.wabaSales, { can_send_message: 'LIMITED', additional_info: ['The account is under review.'] });
    sim.setAppHealth({ can_send_message: 'LIMITED', additional_info: ['The app is limited while it is reviewed.'] });
    sim.setSubscribedApps(IDS.wabaSupport, []);
    await popup.getByRole('button', { name: 'Check now' }).click();
    await popup.locator('[data-entity-type="APP"]').waitFor({ timeout: 15_000 });
    await popup.locator(`[data-business-id="${IDS.business}"] [data-entity-type="BUSINESS"]`).waitFor();
    await options.locator('[data-waba-id][data-webhooks="none"]').waitFor({ timeout: 15_000 });
    expect(await seriousViolations(popup)).toEqual([]);
    await numberEl(STUCK_PIN).getByRole('button', { name: 'Details' }).click();
    await popup
      .getByRole('dialog')
      .getByRole('img', { name: /Quality and health over the last 30 days/ })
      .waitFor();
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.screenshot({ path: artifactPath('ui-popup-details-light.png'), fullPage: true });
    await popup.keyboard.press('Escape');
    expect(await popup.getByRole('dialog').count()).toBe(0);
    expect(await seriousViolations(options)).toEqual([]);

    const darkPopup = await browser.openExtensionPage('popup.html', { colorScheme: 'dark' });
    await darkPopup.setViewportSize({ width: 420, height: 640 });
    await expect.poll(() => darkPopup.locator('[data-phone-number-id]').count(), { timeout: 10_000 }).toBe(NUMBERS);
    expect(await seriousViolations(darkPopup)).toEqual([]);
    const darkOptions = await browser.openExtensionPage('options.html', { colorScheme: 'dark' });
    await darkOptions.getByRole('region', { name: 'WhatsApp Business Accounts' }).waitFor();
    expect(await seriousViolations(darkOptions)).toEqual([]);
    await darkPopup.close();
    await darkOptions.close();
  });

  it('writes screenshots of popup and options, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const p = await browser.openExtensionPage('popup.html', { colorScheme: scheme });
      await p.setViewportSize({ width: 400, height: 600 });
      await expect.poll(() => p.locator('[data-phone-number-id]').count(), { timeout: 10_000 }).toBe(NUMBERS);
      await p.screenshot({ path: artifactPath(`ui-popup-${scheme}.png`), fullPage: true });
      const o = await browser.openExtensionPage('options.html', { colorScheme: scheme });
      await o.setViewportSize({ width: 1000, height: 900 });
      await o.getByRole('region', { name: 'WhatsApp Business Accounts' }).waitFor();
      await o.screenshot({ path: artifactPath(`ui-options-${scheme}.png`), fullPage: true });
      await p.close();
      await o.close();
    }
    for (const name of ['ui-popup-light.png', 'ui-popup-dark.png', 'ui-options-light.png', 'ui-options-dark.png']) {
      expect(fs.statSync(artifactPath(name)).size).toBeGreaterThan(10_000);
    }
  });
});

describe('popup with 1,000 stored numbers in real Chromium', () => {
  const { browser } = extensionEnvironment({
    start: () => startGraphSimulator({ scenario: 'default' }),
    launch: launchExtensionBrowser,
  });

  it('paints 1,000 stored numbers virtualised, worst first, and the filter finds any number', async () => {
    // Stored state as the engine writes it (no token: the engine stays idle and cannot overwrite it).
    const now = Date.now();
    const numbers: Record<string, unknown> = {};
    const wabas: Record<string, unknown> = {};
    for (let w = 0; w < 20; w++) {
      const wabaId = `21000000000000${String(w).padStart(2, '0')}`;
      const phoneIds: string[] = [];
      for (let i = 0; i < 50; i++) {
        const id = `11000000000${String(w * 50 + i).padStart(5, '0')}`;
        phoneIds.push(id);
        const stuck = i % 10 === 0;
        const snapshot = {
          id,
          display_phone_number: `+1 555-${String(w).padStart(3, '0')}-${String(i).padStart(4, '0')}`,
          verified_name: `Globex ${w}-${i}`,
          status: stuck ? 'PENDING' : 'CONNECTED',
          quality_rating: i % 7 === 0 ? 'YELLOW' : 'GREEN',
          platform_type: stuck ? 'NOT_APPLICABLE' : 'CLOUD_API',
          throughput: { level: stuck ? 'NOT_APPLICABLE' : 'STANDARD' },
          whatsapp_business_manager_messaging_limit: 'TIER_10K',
          name_status: 'APPROVED',
        };
        numbers[id] = applyRead(undefined, snapshot, {
          wabaId,
          now: now - 60_000,
          settings: { notify: { stuck: true, blocked: true, registered: true, token: true } },
        }).next;
      }
      wabas[wabaId] = { id: wabaId, name: `Globex Fleet ${w}`, sources: ['owned'], phoneIds };
    }
    const seedPage = await browser.openExtensionPage('options.html');
    // Stored as a v2 store (whole items in storage.local), then migrated by the background to v3 (IndexedDB).
    await seedPage.evaluate((data) => chrome.storage.local.set(data), {
      schemaVersion: 2,
      tokenStatus: { state: 'valid', type: 'SYSTEM_USER', expiresAt: null, scopes: [], missingScopes: [], generation: 1 },
      accounts: { wabas, discoveredAt: now, discoveryErrors: [] },
      numbers,
    });
    expect(await seedPage.evaluate(() => chrome.runtime.sendMessage({ type: 'retryMigration' }))).toMatchObject({ ok: true });
    expect(Object.keys((await seedPage.evaluate(readStoredInPage, 'numbers')) as object)).toHaveLength(Object.keys(numbers).length);
    await seedPage.close();

    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.locator('[data-phone-number-id]').first().waitFor();
    // Speed is measured by `npm run bench` (bench/RESULTS.md), not asserted here; this checks the list is
    // virtualised (few rows in the DOM) and worst first.
    expect(await popup.locator('[data-phone-number-id]').count()).toBeLessThan(40);
    expect(await popup.locator('[data-phone-number-id]').first().getAttribute('data-health')).toBe('stuck');
    // At a glance: the first screen (400 x 600) shows at least 8 whole numbers, each with its button inside.
    await popup.screenshot({ path: artifactPath('ui-popup-first-screen.png') });
    const visible = await popup.locator('[data-phone-number-id]').evaluateAll(
      (els) =>
        els.filter((e) => {
          const r = e.getBoundingClientRect();
          const list = e.closest('[data-virtualised]')?.getBoundingClientRect();
          return r.top >= Math.max(0, list?.top ?? 0) && r.bottom <= Math.min(window.innerHeight, list?.bottom ?? Infinity);
        }).length,
    );
    expect(visible).toBeGreaterThanOrEqual(8);
    const firstStuck = popup.locator('[data-phone-number-id][data-health="stuck"]').first();
    expect(await firstStuck.getByRole('button', { name: 'Complete registration' }).count()).toBe(1);
    expect(await popup.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(600);

    await popup.getByRole('searchbox', { name: 'Filter numbers' }).fill('555-019-0049');
    await expect.poll(() => popup.locator('[data-phone-number-id]').count()).toBe(1);
    expect(await popup.locator('[data-phone-number-id="1100000000000999"]').getAttribute('data-health')).toBe('attention');
    await popup.getByRole('searchbox', { name: 'Filter numbers' }).fill('');
    await popup.screenshot({ path: artifactPath('ui-popup-1000-light.png') });
    expect(await seriousViolations(popup)).toEqual([]);
  });
});
