import type { Page } from 'puppeteer-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ACME_BUSINESS, IDS, SALES_WABA } from '../e2e/support/default-scenario';
import { artifactPath, bodyFields, clickText, driveExtension, launchFirefoxExtension } from './support/firefox';
import { connectToken, registerRequests, steadyEnvironmentPerTest } from '../e2e/support/environment';

const { healthy: HEALTHY, stuckNoPin: STUCK_NO_PIN, stuckReview: NAME_REVIEW, stuckPin: STUCK_PIN } = IDS;
const SALES_NUMBERS = [HEALTHY, STUCK_NO_PIN, NAME_REVIEW, STUCK_PIN].sort();
const MANAGER_URL = `https://business.facebook.com/wa/manage/phone-numbers/?waba_id=${SALES_WABA}&business_id=${ACME_BUSINESS}`;

describe('content script on WhatsApp Manager in real Firefox ESR', () => {
  const { sim, browser: firefox, ext } = steadyEnvironmentPerTest(launchFirefoxExtension, driveExtension);

  const registerCalls = (id: string) => registerRequests(sim, id);
  const badges = (page: Page) =>
    page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('waba-health-badge[data-phone-number-id][data-health]')].map((e) => [
          e.getAttribute('data-phone-number-id'),
          e.getAttribute('data-health'),
        ]),
      ),
    );

  beforeEach(async () => {
    // No automatic registration: the stuck number waits for the person on WhatsApp Manager.
    await connectToken(ext, sim, { autoRetry: false });
  });

  it('every route: dormant on Business Suite home, badges after in-app navigation into WhatsApp Manager (pushState), asleep again on the way out', async () => {
    const page = await firefox.openPage(`https://business.facebook.com/latest/home?layout=suite&business_id=${ACME_BUSINESS}`);
    const count = (selector: string) => page.evaluate((s) => document.querySelectorAll(s).length, selector);
    await page.evaluate(() => Object.defineProperty(window, '__samePage', { value: true }));
    // Dormant: give it time to do anything it would do (WXT watches the URL every second without the Navigation API).
    await new Promise((r) => setTimeout(r, 1500));
    expect(await count('waba-health-root')).toBe(0);
    expect(await count('waba-health-badge')).toBe(0);

    await page.click('a[data-route="wam"]');
    await expect.poll(async () => Object.keys(await badges(page)).sort(), { timeout: 15_000 }).toEqual(SALES_NUMBERS);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

    await page.click('a[data-route="home"]');
    await expect.poll(() => count('waba-health-badge'), { timeout: 10_000 }).toBe(0);
    expect(await count('waba-health-root')).toBe(0);
    // Asleep: a tracked number appearing outside WhatsApp Manager is not badged (no observer, no scan).
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = '+1 555-010-0001';
      document.body.append(p);
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await count('waba-health-badge')).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  });

  it('what a content script can reach holds neither the token nor a PIN (Firefox has no storage access levels)', async () => {
    const PIN = '864209';
    expect((await ext.send({ type: 'setPin', phoneId: STUCK_PIN, pin: PIN })).ok).toBe(true);
    // Positive control: both are stored, in the extension origin's IndexedDB.
    expect(await ext.storage('graphToken')).toBe(sim.tokens.valid);
    expect(((await ext.storage('pins')) as Record<string, { pin: string }>)[STUCK_PIN]?.pin).toBe(PIN);
    // storage.local and storage.session, which Firefox lets content scripts read: neither.
    const areas = await ext.page.evaluate(async () => {
      const b = (globalThis as unknown as { browser: typeof chrome }).browser;
      return JSON.stringify([await b.storage.local.get(null), await b.storage.session.get(null).catch(() => ({}))]);
    });
    expect(areas).not.toContain(sim.tokens.valid);
    expect(areas).not.toContain(PIN);
    // The page's origin (where a content script's IndexedDB lives) has no database of ours.
    const page = await firefox.openPage(MANAGER_URL);
    await expect.poll(async () => Object.keys(await badges(page)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const pageDbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(pageDbs).not.toContain('waba-health');
    // And nothing the content script put into the page carries them.
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).not.toContain(sim.tokens.valid);
    expect(html).not.toContain(PIN);
  });

  it('5a. shows a badge with the stored health next to every number of the WABA, and none on decoys', async () => {
    const page = await firefox.openPage(MANAGER_URL);
    expect(new URL(page.url()).host).toBe('business.facebook.com');
    await expect.poll(async () => Object.keys(await badges(page)).sort(), { timeout: 15_000 }).toEqual(SALES_NUMBERS);
    const stored = await ext.storage<Record<string, { health: string }>>('numbers');
    await expect
      .poll(() => badges(page), { timeout: 10_000 })
      .toEqual(Object.fromEntries(SALES_NUMBERS.map((id) => [id, stored[id]?.health])));
    expect((await badges(page))[STUCK_NO_PIN]).toBe('stuck');
    expect((await badges(page))[HEALTHY]).toBe('healthy');
    await page.screenshot({ path: artifactPath('firefox-whatsapp-manager.png') });
  });

  it('5b. "Complete registration" in the badge registers a PIN-less stuck number without asking for a PIN', async () => {
    const page = await firefox.openPage(MANAGER_URL);
    const host = `waba-health-badge[data-phone-number-id="${STUCK_NO_PIN}"]`;
    await expect.poll(async () => (await badges(page))[STUCK_NO_PIN], { timeout: 15_000 }).toBe('stuck');
    await expect
      .poll(() => page.evaluate((h) => !!document.querySelector(h)?.shadowRoot?.querySelector('button.act:not([disabled])'), host), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(registerCalls(STUCK_NO_PIN)).toHaveLength(0);

    await clickText(page, 'button', 'Complete registration', { shadowHost: host });
    await expect.poll(() => registerCalls(STUCK_NO_PIN).length, { timeout: 15_000 }).toBe(1);
    // No PIN frame: the background chose the PIN (a number without two-step verification gets a new one).
    expect(await page.evaluate((h) => document.querySelector(h)?.shadowRoot?.querySelector('iframe') ?? null, host)).toBeNull();
    const [call] = registerCalls(STUCK_NO_PIN);
    const pin = bodyFields(call!.body).pin;
    expect(pin).toMatch(/^\d{6}$/);
    await expect
      .poll(async () => (await ext.storage<Record<string, { pin: string; source: string }>>('pins'))[STUCK_NO_PIN], { timeout: 10_000 })
      .toMatchObject({ pin, source: 'generated' });

    sim.advanceTime(2_000); // Meta provisions the number
    expect((await ext.send<{ status: string }>({ type: 'checkNow' })).data?.status).toBe('done');
    expect((await ext.storage<Record<string, { health: string }>>('numbers'))[STUCK_NO_PIN]?.health).toBe('healthy');
    // Firefox does not let content scripts read storage.session: the page keeps a port to the background
    // (data-live="port"), which says "changed" after each publication; the badge follows without a reload,
    // without the tab being hidden and shown again, and well before the 30 s polling fallback would.
    expect(await page.evaluate(() => document.querySelector('waba-health-root')?.getAttribute('data-live'))).toBe('port');
    await expect.poll(async () => (await badges(page))[STUCK_NO_PIN], { timeout: 10_000 }).toBe('healthy');
    expect(registerCalls(STUCK_NO_PIN)).toHaveLength(1);
  });
});
