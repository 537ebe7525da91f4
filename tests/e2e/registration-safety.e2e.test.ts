import { beforeEach, describe, expect, it } from 'vitest';
import { ACME_BUSINESS, IDS, SALES_WABA } from './support/default-scenario';
import { artifactPath, launchExtensionBrowser } from './support/browser';
import { driveExtension } from './support/extension';
import { connectToken, registerRequests, steadyEnvironmentPerTest } from './support/environment';

/** Issue 9 in the real build: the one action Meta counts and cannot undo goes out once, with a PIN we keep. */
describe('registration safety (e2e)', () => {
  const { sim, browser, ext } = steadyEnvironmentPerTest(launchExtensionBrowser, driveExtension);

  beforeEach(async () => {
    await connectToken(ext, sim, { autoRetry: false });
  });

  it('popup, WhatsApp Manager page and "Check now" at once on a PIN-less stuck number: one register call, and the options page shows the PIN Meta received', async () => {
    const id = IDS.stuckNoPin;
    expect((await ext.send({ type: 'updateSettings', patch: { autoRetry: true } })).ok).toBe(true);
    const popup = await browser.openExtensionPage('popup.html');
    const popupButton = popup.locator(`[data-phone-number-id="${id}"]`).getByRole('button', { name: 'Complete registration' });
    await popupButton.waitFor();
    const page = await browser.context.newPage();
    await page.goto(`https://business.facebook.com/wa/manage/phone-numbers/?waba_id=${SALES_WABA}&business_id=${ACME_BUSINESS}`);
    const pageButton = page
      .locator(`waba-health-badge[data-phone-number-id="${id}"]`)
      .getByRole('button', { name: 'Complete registration' });
    await pageButton.waitFor();
    const checkNow = popup.getByRole('button', { name: 'Check now' });

    // Every Graph answer takes a while, so the three triggers overlap for real.
    sim.setLatency(400);
    await Promise.all([popupButton.click(), pageButton.click(), checkNow.click()]);
    await expect.poll(() => registerRequests(sim, id).length, { timeout: 15_000 }).toBe(1);
    sim.setLatency(0);
    // Whatever was still running settles without a second call.
    await expect
      .poll(async () => (await ext.storage<Record<string, { inFlight?: unknown }>>('registrations'))?.[id]?.inFlight, { timeout: 10_000 })
      .toBeUndefined();
    await ext.checkNow();
    expect(registerRequests(sim, id)).toHaveLength(1);

    const sentPin =
      new URLSearchParams(registerRequests(sim, id)[0]!.body).get('pin') ?? JSON.parse(registerRequests(sim, id)[0]!.body).pin;
    expect(sentPin).toMatch(/^\d{6}$/);
    const options = await browser.openExtensionPage('options.html');
    const row = options.locator(`[data-pin-phone-number-id="${id}"]`);
    await row.getByRole('button', { name: /^Show PIN/ }).click();
    await expect.poll(() => row.locator('.font-mono').first().textContent()).toBe(sentPin);
    await options.screenshot({ path: artifactPath('registration-safety-pin.png'), fullPage: true });
  });

  it('a number deleted from its WABA is marked removed, leaves the badge count, and is never registered again', async () => {
    const id = IDS.stuckPin; // stuck, PIN set at Meta and unknown to us: counted in the badge
    // The badge is set when the first sweep ends (numbers are stored batch by batch before that).
    await expect.poll(async () => Number((await ext.badgeText()) || 0), { timeout: 15_000 }).toBeGreaterThan(0);
    const before = Number(await ext.badgeText());
    sim.deletePhone(id);
    await ext.checkNow();
    await expect.poll(async () => Number((await ext.badgeText()) || 0)).toBe(before - 1);
    const numbers = await ext.storage<Record<string, { removedAt?: number; decision: string }>>('numbers');
    expect(numbers[id]?.removedAt).toEqual(expect.any(Number));
    expect(numbers[id]?.decision).toBe('none');

    const reply = await ext.send<{ status: string; reason?: string }>({ type: 'completeRegistration', phoneId: id, pin: '246810' });
    expect(reply.data).toMatchObject({ status: 'refused', reason: 'removed' });
    expect((await ext.send({ type: 'updateSettings', patch: { autoRetry: true } })).ok).toBe(true);
    await ext.checkNow();
    expect(registerRequests(sim, id)).toHaveLength(0);

    const popup = await browser.openExtensionPage('popup.html');
    const card = popup.locator(`[data-phone-number-id="${id}"]`);
    await expect.poll(() => card.getAttribute('data-removed')).toBe('true');
    expect(await card.getByRole('button', { name: 'Complete registration' }).count()).toBe(0);
    await card.getByRole('button', { name: /^Dismiss / }).click();
    await expect.poll(() => card.count()).toBe(0);
  });
});
