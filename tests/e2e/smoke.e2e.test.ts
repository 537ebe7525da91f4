import { describe, expect, it } from 'vitest';
import { startGraphSimulator } from '../support/simulator';
import { artifactPath, launchExtensionBrowser } from './support/browser';
import { readStoredInPage } from './support/stored';
import { extensionEnvironment } from './support/environment';

describe('production build in headless Chromium (smoke)', () => {
  const { sim, browser } = extensionEnvironment({
    start: () => startGraphSimulator({ scenario: 'default' }),
    launch: launchExtensionBrowser,
  });

  it('starts the service worker with exactly the promised permissions', async () => {
    const sw = await browser.serviceWorker();
    const manifest = await sw.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    // What the build needs (wxt.config.ts): Tailwind 4's colours need Chrome 111.
    expect(manifest.minimum_chrome_version).toBe('111');
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'notifications', 'storage', 'unlimitedStorage']);
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual(['https://business.facebook.com/*', 'https://graph.facebook.com/*']);
  });

  it('renders the popup onboarding when no token is stored', async () => {
    const page = await browser.openExtensionPage('popup.html');
    await expect.poll(() => page.getByRole('heading', { name: 'Connect your WhatsApp Business account' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Open settings' }).isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('smoke-popup.png') });
    await page.close();
  });

  it('renders the options page, refuses a malformed token and stores a good one in the extension’s own IndexedDB only', async () => {
    const page = await browser.openExtensionPage('options.html');
    const field = page.locator('input').and(page.getByLabel('Access token', { exact: true }));
    await field.fill('EAAG with spaces inside it that is long enough to pass');
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('spaces');

    await field.fill(sim.tokens.valid);
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Token saved.');

    const sw = await browser.serviceWorker();
    const stored = await sw.evaluate(async () => ({
      local: await chrome.storage.local.get(null),
      sync: await chrome.storage.sync.get(null),
    }));
    // In the extension's IndexedDB (its own origin), not in storage.local nor storage.sync.
    expect(await sw.evaluate(readStoredInPage, 'graphToken')).toBe(sim.tokens.valid);
    expect(JSON.stringify(stored.local)).not.toContain(sim.tokens.valid);
    expect(JSON.stringify(stored.sync)).not.toContain(sim.tokens.valid);
    await page.close();
  });

  it('runs the content script on a simulated WhatsApp Manager page and reaches the background', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto('https://business.facebook.com/wa/manage/phone-numbers/?waba_id=1&business_id=2');
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).host).toBe('business.facebook.com');
    const host = page.locator('waba-health-root');
    await expect.poll(() => host.getAttribute('data-state')).toBe('connected');
    await page.close();
  });
});
