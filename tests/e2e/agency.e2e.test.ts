import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startGraphSimulator } from '../support/simulator';
import { AGENCY } from '../support/simulator/agency';
import { loadScenarioFile } from '../support/simulator/scenario';
import { artifactPath, launchExtensionBrowser } from './support/browser';
import { driveExtension } from './support/extension';
import { registerRequests, extensionEnvironment } from './support/environment';

/**
 * Support staff at a solution partner: one system-user token sees 2,000 WABAs (1,980 of them client
 * WABAs of 400 businesses) with 10,000 numbers. Everything runs in the real extension: discovery, the
 * first sweep, the badge, the popup's filter, a registration and the export.
 */
describe('10,000 numbers in 2,000 WABAs (e2e, agency scenario)', () => {
  const { sim, browser, ext } = extensionEnvironment({
    start: () => startGraphSimulator({ scenario: 'agency' }),
    launch: launchExtensionBrowser,
    drive: driveExtension,
    timeout: 60_000,
  });
  const phones = loadScenarioFile('agency').phones;
  // Samples of what the popup must find, spread over the scenario (not only its first WABAs).
  const pick = (label: string, nth: number) => phones.filter((p) => p.behaviour?.label === label)[nth]!;
  const samples = [
    { phone: pick('stuck_no_pin', 200), health: 'stuck' },
    { phone: pick('banned', 100), health: 'blocked' },
    { phone: pick('healthy', 7000), health: 'healthy' },
    { phone: pick('stuck_review', 3), health: 'stuck' },
  ];

  it('token -> discovery -> first sweep complete; the toolbar badge counts every stuck and blocked number', async () => {
    // Registrations are asked for by hand in this test (automatic retry would pick its own numbers).
    expect(await ext.send({ type: 'updateSettings', patch: { autoRetry: false } })).toMatchObject({ ok: true });
    await ext.page
      .locator('input')
      .and(ext.page.getByLabel('Access token', { exact: true }))
      .fill(sim.tokens.valid);
    await ext.page.getByRole('button', { name: 'Save token' }).click();
    const swept = async () => {
      const engine = await ext.storage<{ sweep?: { lastFinishedAt?: number; running?: unknown } }>('engine');
      return Boolean(engine?.sweep?.lastFinishedAt && !engine.sweep.running);
    };
    await expect.poll(swept, { timeout: 120_000, interval: 500 }).toBe(true);
    const numbers = await ext.storage<Record<string, { health: string }>>('numbers');
    expect(Object.keys(numbers)).toHaveLength(AGENCY.numbers);
    const count = (h: string) => Object.values(numbers).filter((n) => n.health === h).length;
    expect(count('stuck')).toBe(AGENCY.stuck);
    expect(count('blocked')).toBe(AGENCY.blocked);
    expect(Object.keys(await ext.storage<{ wabas: object }>('accounts').then((a) => a.wabas))).toHaveLength(AGENCY.wabas);
    await expect.poll(() => ext.badgeText()).toBe(AGENCY.badgeText);
  }, 150_000);

  it('the popup paints the worst numbers first and its filter finds sampled numbers with the right health', async () => {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const rows = popup.locator('[data-phone-number-id]');
    await rows.first().waitFor();
    expect(await rows.first().getAttribute('data-health')).toBe('blocked');
    expect(await rows.count()).toBeLessThan(60); // virtualised: a screenful in the DOM, not 10,000
    await expect.poll(() => popup.getByText(new RegExp(`${AGENCY.stuck} stuck`)).count()).toBe(1);
    await popup.screenshot({ path: artifactPath('agency-popup.png') });

    const filter = popup.getByRole('searchbox', { name: 'Filter numbers' });
    for (const { phone, health } of samples) {
      await filter.fill(phone.display_phone_number);
      const row = popup.locator(`[data-phone-number-id="${phone.id}"]`);
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
      expect(await row.getAttribute('data-health')).toBe(health);
    }
    await popup.close();
  }, 60_000);

  it('a registration of one of them succeeds, asked for in the popup', async () => {
    const { phone } = samples[0]!;
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('searchbox', { name: 'Filter numbers' }).fill(phone.display_phone_number);
    const row = popup.locator(`[data-phone-number-id="${phone.id}"]`);
    await row.getByRole('button', { name: 'Complete registration' }).click();
    const registered = async () => {
      const regs = await ext.storage<Record<string, { attempts: Array<{ outcome: string }> }>>('registrations');
      return regs?.[phone.id]?.attempts.map((a) => a.outcome);
    };
    await expect.poll(registered, { timeout: 20_000 }).toEqual(['success']);
    expect(registerRequests(sim, phone.id)).toHaveLength(1);
    await popup.screenshot({ path: artifactPath('agency-popup-registered.png') });
    await popup.close();
  }, 60_000);

  it('the JSON export carries all 10,000 numbers', async () => {
    const options = await browser.openExtensionPage('options.html');
    const [download] = await Promise.all([
      options.waitForEvent('download', { timeout: 60_000 }),
      options.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    const report = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { numbers: Array<{ phone_number_id: string }> };
    expect(report.numbers).toHaveLength(AGENCY.numbers);
    expect(new Set(report.numbers.map((n) => n.phone_number_id)).size).toBe(AGENCY.numbers);
    await options.close();
  }, 90_000);
});
