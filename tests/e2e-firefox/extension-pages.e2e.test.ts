import { describe, expect, it } from 'vitest';
import { IDS, STUCK_PIN_VALUE } from '../e2e/support/default-scenario';
import {
  artifactPath,
  bodyFields,
  byLabel,
  byText,
  clickText,
  driveExtension,
  type FirefoxExtension,
  launchFirefoxExtension,
} from './support/firefox';
import { registerRequests, steadyEnvironmentPerTest } from '../e2e/support/environment';

const { healthy: HEALTHY, stuckNoPin: STUCK_NO_PIN, stuckPin: STUCK_PIN, banned: BANNED } = IDS;
const ALL_NUMBERS = 10;

// Each test gets its own simulator and its own Firefox (a fresh profile): no test depends on another.
describe('Firefox build in real Firefox ESR: options, popup, background', () => {
  const { sim, browser: firefox, ext } = steadyEnvironmentPerTest(launchFirefoxExtension, driveExtension);

  const registerCalls = (id: string) => registerRequests(sim, id);
  const numbers = () => ext.storage<Record<string, { health: string; removedAt?: number }> | undefined>('numbers');
  /** The popup's rows: phone-number id -> data-health. */
  const rows = (popup: Awaited<ReturnType<FirefoxExtension['openExtensionPage']>>) =>
    popup.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-phone-number-id]')].map((e) => [
          e.getAttribute('data-phone-number-id'),
          e.getAttribute('data-health'),
        ]),
      ),
    );

  /** Token saved through the background (the options UI itself is test 1), numbers discovered and read. */
  async function connect() {
    expect((await ext.send({ type: 'saveToken', token: sim.tokens.valid })).ok).toBe(true);
    await expect.poll(async () => Object.keys((await numbers()) ?? {}).length, { timeout: 20_000 }).toBe(ALL_NUMBERS);
  }

  /** Waits until the start-up sweep alarm has fired and no sweep or discovery runs, so the next sweep is ours. */
  async function settle() {
    await expect
      .poll(
        async () => {
          const alarm = await ext.sweepAlarm();
          const engine = await ext.storage<{ sweep?: { running?: { until: number } }; discovery?: { until: number } }>('engine');
          const running = (engine?.sweep?.running?.until ?? 0) > alarm.now || (engine?.discovery?.until ?? 0) > alarm.now;
          return alarm.scheduledTime !== undefined && alarm.scheduledTime - alarm.now > 60_000 && !running;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
  }

  it('is the MV2 build with a background page and exactly the promised permissions', async () => {
    const manifest = await ext.manifest();
    expect(manifest.manifest_version).toBe(2);
    expect(manifest.backgroundUrl).toMatch(/^moz-extension:\/\/[^/]+\/_generated_background_page\.html$/);
    expect([...(manifest.permissions as string[])].sort()).toEqual([
      'alarms',
      'https://business.facebook.com/*',
      'https://graph.facebook.com/*',
      'notifications',
      'storage',
      'unlimitedStorage',
    ]);
  });

  it('1. options page: typing a token and pressing "Save token" stores it; the popup lists every number with its health', async () => {
    const options = ext.page;
    // The page renders once its first reads are in (the first open also creates the extension's database).
    await expect.poll(async () => (await byLabel(options, 'Access token')) !== null, { timeout: 10_000 }).toBe(true);
    const field = await byLabel(options, 'Access token');
    await options.bringToFront();
    await field!.type(sim.tokens.valid);
    await clickText(options, 'button', 'Save token');
    await expect
      .poll(() => options.evaluate(() => [...document.querySelectorAll('[role="status"]')].map((e) => e.textContent).join(' | ')), {
        timeout: 20_000,
      })
      .toContain('Token saved.');
    expect(await ext.storage('graphToken')).toBe(sim.tokens.valid);
    // The token went to Meta's host (the simulator) in a header, never in a URL.
    expect(sim.requests.length).toBeGreaterThan(0);
    expect(sim.requests.every((r) => r.host === 'graph.facebook.com' && r.auth === 'bearer' && !r.url.includes(sim.tokens.valid))).toBe(
      true,
    );

    const popup = await firefox.openExtensionPage('popup.html');
    await expect.poll(async () => Object.keys(await rows(popup)).length, { timeout: 20_000 }).toBe(ALL_NUMBERS);
    await expect.poll(async () => (await rows(popup))[BANNED], { timeout: 10_000 }).toBe('blocked');
    const health = await rows(popup);
    expect(health[HEALTHY]).toBe('healthy');
    expect(health[STUCK_PIN]).toBe('stuck');
    await popup.screenshot({ path: artifactPath('firefox-popup.png') });
  });

  it('2. popup: "Check now" runs a sweep against Graph and says so', async () => {
    await connect();
    await settle();
    const popup = await firefox.openExtensionPage('popup.html');
    await expect.poll(async () => Object.keys(await rows(popup)).length, { timeout: 20_000 }).toBe(ALL_NUMBERS);

    sim.clearLog();
    await clickText(popup, 'button', 'Check now');
    await expect.poll(() => sim.requests.filter((r) => r.host === 'graph.facebook.com').length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => popup.evaluate(() => [...document.querySelectorAll('[role="status"]')].map((e) => e.textContent).join(' | ')), {
        timeout: 15_000,
      })
      .toContain(`Checked ${ALL_NUMBERS} numbers just now.`);
    const engine = await ext.storage<{ sweep: { lastStartedAt?: number; lastCalls?: number } }>('engine');
    expect(engine.sweep.lastCalls).toBeGreaterThan(0);
  });

  it('3. popup: "Complete registration" asks for the PIN and sends exactly one register call with it', async () => {
    await connect();
    // Automatic retry found no PIN for this number: nothing was sent for it.
    await expect
      .poll(async () => (await ext.storage<Record<string, { skipped?: string }>>('registrations'))?.[STUCK_PIN]?.skipped, {
        timeout: 15_000,
      })
      .toBe('pin_needed');
    expect(registerCalls(STUCK_PIN)).toHaveLength(0);

    const popup = await firefox.openExtensionPage('popup.html');
    const row = `[data-phone-number-id="${STUCK_PIN}"]`;
    await popup.waitForSelector(row, { timeout: 20_000 });
    await expect
      .poll(() => byText(popup, 'button', 'Complete registration', { within: row }).then(Boolean), { timeout: 10_000 })
      .toBe(true);
    await clickText(popup, 'button', 'Complete registration', { within: row });

    const dialog = await popup.waitForSelector('[role="dialog"]', { timeout: 10_000 });
    const pinField = await dialog!.waitForSelector('input[inputmode="numeric"]');
    await pinField!.type(STUCK_PIN_VALUE);
    await clickText(popup, 'button', 'Register', { within: '[role="dialog"]' });

    await expect.poll(() => registerCalls(STUCK_PIN).length, { timeout: 15_000 }).toBe(1);
    // The dialog closes on Meta's answer; nothing else is sent for this number afterwards.
    await popup.waitForFunction(() => !document.querySelector('[role="dialog"]'), { timeout: 15_000, polling: 100 });
    const [call] = registerCalls(STUCK_PIN);
    expect(call?.status).toBe(200);
    expect(bodyFields(call!.body)).toMatchObject({ messaging_product: 'whatsapp', pin: STUCK_PIN_VALUE });
    expect((await ext.storage<Record<string, { pin: string }>>('pins'))[STUCK_PIN]?.pin).toBe(STUCK_PIN_VALUE);
    expect(registerCalls(STUCK_PIN)).toHaveLength(1);
  });

  it('4. background: notifications are raised and the toolbar badge counts stuck + blocked numbers', async () => {
    await connect();
    // The stuck number without a PIN is registered automatically; its notification says so.
    await expect
      .poll(async () => Object.keys(await ext.notifications()).filter((n) => n.startsWith(`waba-health:registered:${STUCK_NO_PIN}:`)), {
        timeout: 20_000,
      })
      .toHaveLength(1);
    const notifications = await ext.notifications();
    expect(Object.keys(notifications)).toContain(`waba-health:state:blocked:${BANNED}`);
    expect(Object.keys(notifications)).toContain(`waba-health:state:stuck:${STUCK_PIN}`);
    expect(notifications[`waba-health:state:blocked:${BANNED}`]?.title).toBeTruthy();

    const alarming = async () =>
      Object.values((await numbers()) ?? {}).filter((n) => n.removedAt === undefined && (n.health === 'stuck' || n.health === 'blocked'))
        .length;
    await settle();
    // Meta provisions the registered number; after the next sweep the badge counts only what stays alarming.
    sim.advanceTime(2_000);
    expect((await ext.send<{ status: string }>({ type: 'checkNow' })).data?.status).toBe('done');
    await expect.poll(async () => (await numbers())?.[STUCK_NO_PIN]?.health, { timeout: 10_000 }).toBe('healthy');
    const before = await alarming();
    expect(before).toBeGreaterThanOrEqual(2); // the PIN-protected stuck number, the banned one, ...
    await expect.poll(() => ext.badgeText(), { timeout: 10_000 }).toBe(String(before));

    // A healthy number falls back to Pending between two sweeps: one more on the badge, one notification.
    expect(Object.keys(await ext.notifications()).filter((n) => n.endsWith(`:${HEALTHY}`))).toEqual([]);
    sim.setPhoneField(HEALTHY, 'platform_type', 'NOT_APPLICABLE');
    sim.setPhoneField(HEALTHY, 'status', 'PENDING');
    expect((await ext.send<{ status: string }>({ type: 'checkNow' })).data?.status).toBe('done');
    await expect.poll(async () => (await numbers())?.[HEALTHY]?.health, { timeout: 10_000 }).toBe('stuck');
    await expect.poll(() => ext.badgeText(), { timeout: 10_000 }).toBe(String(before + 1));
    await expect
      .poll(async () => Object.keys(await ext.notifications()).filter((n) => n.endsWith(`:${HEALTHY}`)), { timeout: 10_000 })
      .toEqual([`waba-health:state:stuck:${HEALTHY}`]);
  });
});
